//! Microsoft Teams through the Bot Framework: the JWT check on `POST /api/messages`, the
//! connector client, and Adaptive Card rendering. Nothing outside this folder knows Activities.

mod activity;
mod adapter;
mod address;
mod auth;
mod budget;
mod card;
mod columns;
mod connector;
mod form;
#[cfg(feature = "fuzzing")]
pub mod fuzz;
mod inbound;
mod invoke;
mod keys;
mod members;
mod mention;
mod refs;
mod review_form;
mod settings;
mod setup;
mod token;
mod visit_form;

pub use adapter::TeamsAdapter;
pub use auth::AuthError;
pub use card::{adaptive_card, message_activity};
pub use form::answer_form_activity;
pub use settings::TeamsSettings;
pub use setup::{KIND, Teams};

use address::PLATFORM;
