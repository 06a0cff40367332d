//! Every message Tandem can produce, on every platform, within what the platform accepts: the
//! rules of Slack and Teams (which the fakes enforce too), and scenarios with the longest
//! inputs in every field that check every reply and every message sent.

mod actions;
pub mod check;
mod launches;
mod lists;
mod pairing;
mod plans;
mod prompts;
mod requests;
pub mod slack_rules;
pub mod teams_rules;
mod visits;
