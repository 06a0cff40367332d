//! Platform adapters: each turns its own traffic into `Incoming` and renders `Message`s.

pub mod console;
