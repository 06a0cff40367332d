//! The sled store: one tree per record kind, indexes written together with their record, and
//! every change made all or nothing through one door (`writer`), with a ticket that the
//! flusher (`durable`) covers once it is on disk.

mod actions;
mod asks;
pub mod backup;
mod deliveries;
mod durable;
#[cfg(feature = "fuzzing")]
pub mod fuzz;
mod journal;
mod keys;
mod launches;
mod open;
mod outbox;
mod pairing;
mod plans;
mod requests;
mod schedule;
pub mod schema;
mod space;
mod store;
mod store_impl;
mod trees;
mod visits;
mod writer;

pub use backup::BackupSummary;
pub use open::StoreOptions;
pub use space::DEFAULT_MIN_FREE;

use store::STRIPES;
pub use store::{SledDb, SledStore};

#[cfg(test)]
mod tests;
