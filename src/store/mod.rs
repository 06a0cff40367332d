//! Persistence behind a small trait of domain methods: sled for real, memory for tests. Every
//! write returns a `Ticket` that says when it is on disk (see `ticket`).

mod contract;
mod error;
pub mod faults;
mod kept;
mod memory;
mod queue;
mod records;
mod sled;
mod ticket;

pub use self::sled::backup;
#[cfg(feature = "fuzzing")]
pub use self::sled::fuzz;
pub use self::sled::schema::{CURRENT as SCHEMA_VERSION, MIGRATIONS, Migration};
pub use self::sled::{BackupSummary, DEFAULT_MIN_FREE, SledDb, SledStore, StoreOptions};
pub use contract::{BuildAction, BuildRequest, BuildShared, BuildVisit, Durable, Store};
pub use error::StoreError;
#[cfg(any(test, feature = "faults"))]
pub use faults::{Faults, Point};
pub use kept::Kept;
pub use memory::MemoryStore;
pub use records::{
    AnswerWrite, Attempt, Delivery, DeliveryState, JobMark, LaunchWrite, OutboxEntry, PairChange,
    PairingWrite, PlanWrite, ReminderKind, ReminderMark, RequestPage, RequestQuery, ScheduleWrite,
    StandingChange,
};
pub use ticket::Ticket;
