//! Use cases: one handler for every platform, written against a neutral context.

mod admin;
mod core;
mod digest;
mod digest_view;
pub(crate) mod format;
mod home;
mod presence;
pub(crate) mod prompt_views;
mod prompts;
mod requests;
mod views;

pub use core::{Bot, Form, Incoming, Outcome, Reply};
pub use digest::DIGEST_PERIOD;
pub use presence::{LAST_PLATFORM, PAUSES, TZ_CACHE};
pub use prompts::AnswerForm;
pub use views::sentence;
