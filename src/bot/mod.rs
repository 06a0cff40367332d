//! Use cases: one handler for every platform, written against a neutral context.

mod admin;
mod core;
mod format;
mod home;
mod requests;
mod views;

pub use core::{Bot, Form, Incoming, Outcome, Reply};
pub use views::sentence;
