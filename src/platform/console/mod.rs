//! The local shell: the whole bot with no chat platform. A person types `/tandem …` lines as a
//! configured person; what the bot posts elsewhere is printed, labelled by destination. It goes
//! through the same seam as the chat platforms: its printer is an `Adapter` behind `Platforms`.

mod adapter;
mod shell;

pub use adapter::ConsoleAdapter;
pub use shell::{Flow, Shell};
