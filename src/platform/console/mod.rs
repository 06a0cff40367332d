//! The local shell: the whole bot with no chat platform. A person types `/tandem …` lines as a
//! configured person; what the bot posts elsewhere is printed, labelled by destination. It goes
//! through the same seam as the chat platforms: started from a `Wiring` (`Configured`), its
//! printer is an `Adapter` behind `Platforms`, and its lines run through `Commands`.

mod adapter;
mod platform;
mod shell;

pub use adapter::ConsoleAdapter;
pub use platform::{NAME, Setup};
pub use shell::{Flow, Shell};
