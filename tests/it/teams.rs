//! Microsoft Teams end to end: a fake Bot Framework on 127.0.0.1, Tandem on port 0.

mod actions;
pub mod activities;
mod answers;
pub mod app;
mod auth;
mod channels;
mod cross;
pub mod fake;
mod fuzz;
mod launches;
mod lifecycle;
mod manifest;
mod outbox;
mod pairing;
mod planning;
mod prompts;
mod refusals;
mod report;
mod visits;
