//! Use cases: one handler for every platform, written against a neutral context.

pub(crate) mod action_views;
mod actions;
mod admin;
mod core;
mod digest;
mod digest_view;
pub(crate) mod format;
mod history;
mod home;
mod launch_views;
mod launches;
mod pairing;
mod pairing_record;
pub(crate) mod pairing_views;
mod presence;
pub(crate) mod prompt_views;
mod prompts;
mod reply;
mod requests;
mod review_replies;
pub(crate) mod review_rounds;
mod review_views;
mod reviews;
mod views;
pub(crate) mod visit_views;
mod visits;

pub use crate::message::AnswerForm;
pub use core::{Bot, Incoming};
pub use digest::DIGEST_PERIOD;
pub use pairing::ASK_AGAIN_AFTER_WORKING_DAYS;
pub use pairing_record::TREND_ROUNDS;
pub use presence::{LastPlatform, LearntZone, Pause};
pub use reply::{Form, Outcome, Reply, Unsettled};
pub use views::sentence;
