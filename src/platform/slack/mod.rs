//! Slack: slash commands, buttons, modals, App Home and DMs over HTTP or Socket Mode, and the
//! outgoing side (cards posted, updated in place, threaded). Only this module knows Slack.

mod adapter;
mod answers;
mod api;
mod columns;
mod commands;
mod events;
mod forms;
#[cfg(feature = "fuzzing")]
pub mod fuzz;
mod http;
mod interactions;
mod limits;
mod members;
mod mrkdwn;
mod render;
mod review_form;
mod settings;
mod setup;
mod signature;
mod socket;
mod views;
mod visit_form;

pub use adapter::SlackAdapter;
/// How messages and forms look in Slack, for checks of what Tandem sends.
pub use render::content as message_content;
pub use settings::{DEFAULT_SLACK_API_URL, SlackSettings};
pub use setup::{KIND, Slack};
pub use signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};
pub use views::{answer_modal, home as home_view, reason_modal, request_modal};

use setup::NAME;
