//! Tandem: one shared, timestamped loop between a company's Sales and Marketing teams.

pub mod command;
pub mod domain;
pub mod message;
pub mod store;
pub mod config;
pub mod clock;
pub mod bot;
pub mod outbox;
pub mod platform;
pub mod export;
pub mod app;
pub mod http;
pub mod run;
