//! The in-memory twin of the sled store, for tests and benchmarks of the layers above.

mod actions;
mod deliveries;
mod launches;
mod pairing;
mod plans;
mod schedule;
mod store;

use store::Inner;
pub use store::MemoryStore;
