//! Tandem: one shared, timestamped loop between a company's Sales and Marketing teams.

pub mod app;
pub mod bot;
pub mod clock;
pub mod command;
pub mod config;
pub mod domain;
pub mod export;
pub mod export_actions;
pub mod export_launches;
pub mod export_plans;
pub mod export_visits;
pub mod http;
pub mod message;
pub mod metrics;
pub mod outbox;
pub mod platform;
pub mod report;
pub mod run;
pub mod schedule;
pub mod store;
pub mod sync;
pub mod tls;
