//! What leads can see of the bot's own health, and a backup on demand.

use crate::command::CommandName;
use crate::domain::Person;
use crate::domain::text::clip;
use crate::message::{Destination, Message};

use super::core::Bot;
use super::format;
use super::reply::Reply;

const SHOWN: usize = 20;
/// How much of a message and of its error a line quotes: twenty lines stay one message on
/// every platform.
const SUMMARY_CHARS: usize = 120;
const ERROR_CHARS: usize = 300;

impl Bot {
    /// `admin sync [--confirm]`: hands a directory sync to the syncer (leads only); the lead
    /// gets a DM with what it changed.
    pub(super) fn admin_sync(&self, person: &Person, confirm: bool) -> Reply {
        let command = CommandName::Admin;
        if !person.is_lead() {
            return Reply::refused(command, "Only leads can sync the directory.");
        }
        if self.settings.directory.is_none() {
            return Reply::refused(
                command,
                "There is no [directory] in the config: the teams are its [[people]] blocks.",
            );
        }
        if !self.roster().attached() {
            return Reply::refused(
                command,
                "The directory is synced by `tandem serve`, which reaches Slack and Teams; \
                 nothing here can.",
            );
        }
        self.roster().ask(crate::bot::SyncAsk {
            by: person.name.clone(),
            confirm,
        });
        let how = if confirm {
            " and applying it even if it is held"
        } else {
            ""
        };
        Reply::done(
            command,
            Message::text(format!(
                "Syncing the directory now{how}; I'll DM you what changed."
            )),
        )
    }

    /// `admin backup`: a backup of the whole store now, into the backup directory (leads only).
    pub(super) fn admin_backup(&self, person: &Person) -> Reply {
        let command = CommandName::Admin;
        if !person.is_lead() {
            return Reply::refused(command, "Only leads can make a backup.");
        }
        let dir = self.settings.backup_dir();
        let keep = self.settings.backup.keep;
        match self.store.backup_into(&dir, self.clock.now(), keep) {
            Ok((file, summary)) => Reply::done(
                command,
                Message::text(format!(
                    "Backed up: {} records to {} ({:.1} MB). The newest {keep} backups are kept in {}.",
                    summary.records,
                    file.display(),
                    summary.bytes as f64 / 1_048_576.0,
                    dir.display()
                )),
            ),
            Err(error) => {
                tracing::error!(%error, "a backup failed");
                Reply {
                    message: Message::text(format!(
                        "The backup failed ({error}); the record itself is unchanged."
                    )),
                    outcome: super::Outcome::Failed,
                    command: Some(command),
                    form: None,
                }
            }
        }
    }

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
                let error = entry.last_error.as_deref().unwrap_or("no error recorded");
                format!(
                    "{to} · \"{}\" · queued {} · {} tries · {}",
                    clip(&entry.outgoing.message.summary(), SUMMARY_CHARS),
                    format::when(entry.queued_at, zone),
                    entry.attempts,
                    clip(error, ERROR_CHARS),
                )
            })
            .collect();
        Reply::done(
            command,
            Message::with_header(heading).paragraph(lines.join("\n")),
        )
    }
}
