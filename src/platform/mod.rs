//! Chat platforms: each turns its own traffic into `Incoming` and renders `Message`s. `seam`
//! says what a platform provides and how `App` wires it; the rest here is what they share.

pub mod cards;
pub mod commands;
pub mod console;
pub mod deliveries;
mod in_flight;
mod platforms;
pub mod seam;
pub mod slack;
pub mod teams;

pub use deliveries::{Deliveries, Ran};
pub use in_flight::{InFlight, Working};
pub use platforms::Platforms;
pub use seam::{Adapter, Configured, Delivery, Kind, ListError, Listing, Platform, Wiring};
