//! One integration-test binary (ripgrep style): modules per area, all
//! against the real shipped knowledge base, a real tantivy index in a temp
//! folder and the real CLI binary.

mod common;

mod cli;
mod index;
mod queries_never_fail;
mod search_table;
mod validator;
