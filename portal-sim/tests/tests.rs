//! portal-sim end to end: the real binary on 127.0.0.1:0, spoken to over
//! real HTTP. One test binary with modules (as in the root package).

mod api;
mod common;
mod contract;
mod faults;
mod persistence;
