//! What leads can see of the bot's own health.

use crate::command::CommandName;
use crate::domain::Person;
use crate::message::{Destination, Message};

use super::core::Bot;
use super::format;
use super::reply::Reply;

const SHOWN: usize = 20;

impl Bot {
    /// `admin outbox`: messages that could not be delivered, with their error (leads only).
    pub(super) fn admin_outbox(&self, person: &Person) -> Reply {
        let command = CommandName::Admin;
        if !person.is_lead() {
            return Reply::refused(command, "Only leads can look at the outbox.");
        }
        let (parked, waiting) = match (self.store.outbox_parked(), self.store.outbox_depth()) {
            (Ok(parked), Ok(waiting)) => (parked, waiting),
            (Err(error), _) | (_, Err(error)) => return Reply::failed(command, &error),
        };
        let zone = self.zone(person);
        let heading = format!("Outbox: {waiting} waiting, {} given up on", parked.len());
        if parked.is_empty() {
            return Reply::done(
                command,
                Message::text(format!("{heading}. Nothing has failed for good.")),
            );
        }
        let lines: Vec<String> = parked
            .iter()
            .rev()
            .take(SHOWN)
            .map(|entry| {
                let to = match &entry.outgoing.to {
                    Destination::Channel(name) => format!("#{name}"),
                    Destination::Person(name) => format!("DM to {name}"),
                    Destination::Conversation { platform, .. } => {
                        format!("an answer in {platform}")
                    }
                    Destination::Group(names) => {
                        let names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
                        format!("group DM to {}", names.join(", "))
                    }
                };
                format!(
                    "{to} · \"{}\" · queued {} · {} tries · {}",
                    entry.outgoing.message.summary(),
                    format::when(entry.queued_at, zone),
                    entry.attempts,
                    entry.last_error.as_deref().unwrap_or("no error recorded"),
                )
            })
            .collect();
        Reply::done(
            command,
            Message::with_header(heading).paragraph(lines.join("\n")),
        )
    }
}
