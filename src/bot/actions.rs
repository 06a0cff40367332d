//! You said → we did: `action add`, `done`, `drop`, `rate`, `list` and `show ACT-n`, and the
//! actions that close by themselves when the request they answer is delivered.

use chrono::NaiveDate;

use super::action_sources::Spot;
use super::action_views as views;
use super::core::Bot;
use super::reply::Reply;
use crate::command::{ActionCommand, ActionScope, CommandName};
use crate::domain::{
    ActionId, ActionItem, ActionState, Closing, Person, PersonName, Said, Source, Text,
    action::check_due,
};
use crate::message::{Destination, Message, Op, Outgoing};
use crate::store::StoreError;

/// How often saving is retried when the same action changed at the same moment.
const MAX_ATTEMPTS: usize = 5;
/// `action list` shows this many at most.
const LIST_LIMIT: usize = 25;

const COMMAND: CommandName = CommandName::Action;

/// People's zones, read before a store write whose builder must not read the store.
type Zones = Vec<(PersonName, chrono_tz::Tz)>;

impl Bot {
    pub(super) fn action(&self, person: &Person, command: ActionCommand) -> Reply {
        match command {
            ActionCommand::Add {
                source,
                what,
                owner,
                due,
            } => self.action_add(person, source, what, owner.as_deref(), due),
            ActionCommand::Done { id, what } => self.action_close(person, id, Closing::Done(what)),
            ActionCommand::Drop { id, reason } => {
                self.action_close(person, id, Closing::Dropped(reason))
            }
            ActionCommand::Rate { id, helped } => self.action_rate(person, id, helped),
            ActionCommand::List(scope) => self.action_list(person, scope),
            ActionCommand::Show(id) => match self.store.action(id) {
                Ok(Some(item)) => Reply::done(COMMAND, views::detail(&item, self.zone(person))),
                Ok(None) => Reply::refused(COMMAND, missing(id)),
                Err(error) => Reply::failed(COMMAND, &error),
            },
        }
    }

    fn action_add(
        &self,
        person: &Person,
        source: Source,
        what: Text,
        owner: Option<&str>,
        due: Option<NaiveDate>,
    ) -> Reply {
        if let Err(reply) = self.may_act_on(person, &source) {
            return reply;
        }
        let (said, spots) = match self.words_of(&source) {
            Ok(found) => found,
            Err(reply) => return reply,
        };
        let directory = self.directory();
        let owner = match owner {
            None => person,
            Some(mention) => match directory.resolve_mention(mention) {
                Some(owner) => owner,
                None => {
                    return Reply::refused(
                        COMMAND,
                        format!(
                            "I don't know who \"{mention}\" is: an owner is someone in Sales or Marketing."
                        ),
                    );
                }
            },
        };
        if let Err(error) = check_due(due, self.today(person)) {
            return Reply::refused(COMMAND, error.to_string());
        }
        let now = self.clock.now();
        // The store holds its lock while `build` runs: read the zones before.
        let mut names: Vec<PersonName> = said.iter().map(|s| s.by.clone()).collect();
        names.push(owner.name.clone());
        let zones = self.zones_of(&names);
        let build = |id: ActionId| {
            let item = ActionItem {
                id,
                source: source.clone(),
                said: said.clone(),
                what: what.clone(),
                added_by: person.name.clone(),
                team: owner.team,
                owner: owner.name.clone(),
                due,
                added_at: now,
                state: ActionState::Open,
                ratings: Vec::new(),
                reminded_on: None,
                version: 0,
            };
            let outgoing = self.added_messages(&item, &spots, &zones);
            (item, outgoing)
        };
        match self.store.add_action(&build) {
            Ok((item, _)) => {
                let told = told(&item, &self.added_messages(&item, &spots, &zones));
                Reply::done(
                    COMMAND,
                    Message::text(format!(
                        "Added {} on {}: {} Owner {}{}.{}",
                        item.id,
                        item.source,
                        views::quote(item.what.as_str()),
                        item.owner,
                        item.due
                            .map_or(String::new(), |d| format!(", due {}", d.format("%-d %b"))),
                        told
                    )),
                )
            }
            Err(error) => Reply::failed(COMMAND, &error),
        }
    }

    /// The authors' DMs, the owner's (when someone else made them owner), and the line where
    /// the words were shared.
    fn added_messages(&self, item: &ActionItem, spots: &[Spot], zones: &Zones) -> Vec<Outgoing> {
        let zone = |name: &PersonName| {
            zones
                .iter()
                .find(|(n, _)| n == name)
                .map_or(self.settings.timezone, |(_, z)| *z)
        };
        let mut outgoing = Vec::new();
        for author in item.authors() {
            if author == item.added_by {
                continue;
            }
            let said: Vec<&Said> = item.said.iter().filter(|s| s.by == author).collect();
            let zone = zone(&author);
            outgoing.push(dm(author, views::added_dm(item, &said, zone)));
        }
        if item.owner != item.added_by {
            let zone = zone(&item.owner);
            outgoing.push(dm(item.owner.clone(), views::owner_dm(item, zone)));
        }
        outgoing.extend(self.spot_lines(item, spots));
        outgoing
    }

    /// Each author (but whoever closed it) hears both halves; the line goes where the words
    /// were shared.
    pub(super) fn closed_messages(&self, item: &ActionItem) -> Vec<Outgoing> {
        let closer = match &item.state {
            ActionState::Done { by, .. } | ActionState::Dropped { by, .. } => Some(by),
            ActionState::Open => None,
        };
        let mut outgoing = Vec::new();
        for author in item.authors() {
            if Some(&author) == closer {
                continue;
            }
            let said: Vec<&Said> = item.said.iter().filter(|s| s.by == author).collect();
            let zone = self.zone_named(&author);
            outgoing.push(dm(author, views::closed_dm(item, &said, zone)));
        }
        let spots = match self.words_of(&item.source) {
            Ok((_, spots)) => spots,
            Err(_) => Vec::new(),
        };
        outgoing.extend(self.spot_lines(item, &spots));
        outgoing
    }

    fn action_close(&self, person: &Person, id: ActionId, closing: Closing) -> Reply {
        for _ in 0..MAX_ATTEMPTS {
            let mut item = match self.load(id) {
                Ok(item) => item,
                Err(reply) => return reply,
            };
            let expected = item.version;
            let now = self.clock.now();
            if let Err(error) = item.close(person, closing.clone(), now) {
                return Reply::refused(COMMAND, error.to_string());
            }
            let outgoing = self.closed_messages(&item);
            match self.store.update_action(&item, expected, &outgoing, now) {
                Ok(_) => {
                    let how = match closing {
                        Closing::Done(_) => "done",
                        Closing::Dropped(_) => "dropped",
                    };
                    return Reply::done(
                        COMMAND,
                        Message::text(format!("{id} is {how}.{}", told(&item, &outgoing))),
                    );
                }
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(COMMAND, &error),
            }
        }
        Reply::failed(COMMAND, &StoreError::Conflict)
    }

    fn action_rate(&self, person: &Person, id: ActionId, helped: bool) -> Reply {
        for _ in 0..MAX_ATTEMPTS {
            let mut item = match self.load(id) {
                Ok(item) => item,
                Err(reply) => return reply,
            };
            let expected = item.version;
            let now = self.clock.now();
            if let Err(error) = item.rate(&person.name, helped, now) {
                return Reply::refused(COMMAND, error.to_string());
            }
            let verdict = if helped {
                "addressed what they said 👍"
            } else {
                "did not address what they said 👎"
            };
            // In an anonymous review the rater is one of its speakers: the owner reads who
            // as the quote does.
            let rater = item
                .said
                .iter()
                .find(|s| s.by == person.name)
                .map_or(person.name.to_string(), |s| capitalized(&s.speaker()));
            let note = dm(
                item.owner.clone(),
                Message::text(format!("{rater} says {id} {verdict}.")),
            );
            let outgoing: Vec<Outgoing> = (item.owner != person.name)
                .then_some(note)
                .into_iter()
                .collect();
            match self.store.update_action(&item, expected, &outgoing, now) {
                Ok(_) => {
                    return Reply::done(
                        COMMAND,
                        Message::text(format!(
                            "Thanks: noted that {id} {}.",
                            if helped {
                                "addressed it"
                            } else {
                                "did not address it"
                            }
                        )),
                    );
                }
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(COMMAND, &error),
            }
        }
        Reply::failed(COMMAND, &StoreError::Conflict)
    }

    fn action_list(&self, person: &Person, scope: ActionScope) -> Reply {
        let found = match scope {
            ActionScope::Open => self.store.open_actions(),
            ActionScope::Mine | ActionScope::All => self.store.all_actions(),
        };
        let mut items = match found {
            Ok(items) => items,
            Err(error) => return Reply::failed(COMMAND, &error),
        };
        let heading = match scope {
            ActionScope::Open => "Open actions",
            ActionScope::Mine => "Your actions, and actions on what you said",
            ActionScope::All => "All actions",
        };
        if scope == ActionScope::Mine {
            items.retain(|a| a.owner == person.name || a.said.iter().any(|s| s.by == person.name));
        }
        if scope != ActionScope::Open {
            items.reverse();
        }
        if items.is_empty() {
            return Reply::done(COMMAND, Message::text(format!("{heading}: none.")));
        }
        let today = self.today(person);
        let zone = self.zone(person);
        let mut lines: Vec<String> = items
            .iter()
            .take(LIST_LIMIT)
            .map(|a| views::row(a, today, zone))
            .collect();
        if items.len() > LIST_LIMIT {
            lines.push(format!("… and {} more.", items.len() - LIST_LIMIT));
        }
        Reply::done(
            COMMAND,
            Message::with_header(format!("{heading} ({})", items.len()))
                .paragraph(lines.join("\n")),
        )
    }

    fn load(&self, id: ActionId) -> Result<ActionItem, Reply> {
        match self.store.action(id) {
            Ok(Some(item)) => Ok(item),
            Ok(None) => Err(Reply::refused(COMMAND, missing(id))),
            Err(error) => Err(Reply::failed(COMMAND, &error)),
        }
    }

    fn zones_of(&self, names: &[PersonName]) -> Zones {
        names
            .iter()
            .map(|name| (name.clone(), self.zone_named(name)))
            .collect()
    }

    pub(super) fn zone_named(&self, name: &PersonName) -> chrono_tz::Tz {
        self.directory()
            .by_name(name.as_str())
            .map_or(self.settings.timezone, |p| self.zone(p))
    }
}

fn dm(to: PersonName, message: Message) -> Outgoing {
    Outgoing {
        to: Destination::Person(to),
        op: Op::Post,
        message,
    }
}

/// ` Asha told by DM.`, or nothing. Speakers of an anonymous review are counted, not named
/// (the owner is still named, as the owner).
fn told(item: &ActionItem, outgoing: &[Outgoing]) -> String {
    let unnamed = |name: &PersonName| item.said.iter().any(|s| s.unnamed && s.by == *name);
    let mut names: Vec<String> = Vec::new();
    let mut hidden: Vec<&PersonName> = Vec::new();
    for o in outgoing {
        let Destination::Person(name) = &o.to else {
            continue;
        };
        if unnamed(name) {
            if !hidden.contains(&name) {
                hidden.push(name);
            }
            if *name != item.owner {
                continue;
            }
        }
        if !names.contains(&name.to_string()) {
            names.push(name.to_string());
        }
    }
    let people = match hidden.len() {
        0 => String::new(),
        1 => "the one person whose answers it quotes".to_string(),
        n => format!("the {n} people whose answers it quotes"),
    };
    match (names.is_empty(), people.is_empty()) {
        (true, true) => String::new(),
        (false, true) => format!(" {} told by DM.", names.join(" and ")),
        (true, false) => format!(" {} told by DM.", capitalized(&people)),
        (false, false) => format!(" {} told by DM, and {people}.", names.join(" and ")),
    }
}

/// `someone in Sales` → `Someone in Sales`.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn missing(id: ActionId) -> String {
    format!("There's no {id}. `action list all` shows every action.")
}
