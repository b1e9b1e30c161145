//! How long a desk waits for the store and how many connections it keeps:
//! shared by the connection setup (`db`) and the failure messages
//! (`fail`), which tell the agent how long was waited.

use std::time::Duration;

/// How long a write waits for another desk's transaction (SQLite's busy
/// timeout; on PostgreSQL the lock timeout) before it fails. Desk
/// transactions take milliseconds; five seconds covers a retention batch or
/// a seed batch running beside them.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections one desk keeps. Writes are short and a desk has one agent,
/// so a few cover a write, the lists' reads and the delivery worker at
/// once; twenty desks then hold at most 80 of a server's connections.
pub(crate) const MAX_CONNECTIONS: u32 = 4;
