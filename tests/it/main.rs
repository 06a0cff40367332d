//! Integration tests: one binary, named as sentences.

mod bot;
mod cli;
mod crash;
mod digest;
mod durability;
mod faults;
mod helpers;
mod lifecycle;
mod looping;
mod pairing;
mod prompts;
mod reminders;
mod schedule;
mod shell;
mod slack;
mod store;
mod store_pairing;
mod store_schedule;
mod teams;
