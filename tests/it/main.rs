//! Integration tests: one binary, named as sentences.

mod bot;
mod cli;
mod crash;
mod helpers;
mod lifecycle;
mod shell;
mod slack;
mod store;
mod teams;
