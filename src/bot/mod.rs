//! Use cases: one handler for every platform, written against a neutral context.

mod core;
mod format;
mod requests;
mod views;

pub use core::{Bot, Incoming, Outcome, Reply};
pub use views::sentence;
