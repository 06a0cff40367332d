//! Integration tests: one binary, named as sentences.

mod backup;
mod bot;
mod cli;
mod crash;
mod digest;
mod durability;
mod faults;
mod fuzz;
mod helpers;
mod launch_rules;
mod launch_shell;
mod launches;
mod lifecycle;
mod limits;
mod looping;
mod prompts;
mod reminders;
mod schedule;
mod shell;
mod slack;
mod store;
mod store_launches;
mod store_schedule;
mod store_visits;
mod teams;
mod visits;
