//! You said → we did: `action add`, `done`, `drop`, `rate`, `list` and `show ACT-n`, and the
//! actions that close by themselves when the request they answer is delivered.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::action_views as views;
use super::core::Bot;
use super::reply::Reply;
use crate::command::{ActionCommand, ActionScope, CommandName};
use crate::domain::{
    ActionId, ActionItem, ActionState, Change, Closing, Person, PersonName, Said, Source, Status,
    Team, Text, VisitStatus, action::check_due,
};
use crate::message::{CardKey, Destination, Message, Op, Outgoing};
use crate::store::StoreError;

/// How often saving is retried when the same action changed at the same moment.
const MAX_ATTEMPTS: usize = 5;
/// `action list` shows this many at most.
const LIST_LIMIT: usize = 25;

const COMMAND: CommandName = CommandName::Action;

/// People's zones, read before a store write whose builder must not read the store.
type Zones = Vec<(PersonName, chrono_tz::Tz)>;

/// Where the words were shared, so what came of them goes there too.
#[derive(Clone, Debug)]
enum Spot {
    /// In the thread of a card (a prompt round's, a request's).
    Thread(Destination, CardKey),
    /// As a message in a channel (a visit's learnings, a launch's review result).
    Channel(Destination),
}

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
        let (said, spots) = match self.words_of(&source) {
            Ok(found) => found,
            Err(reply) => return reply,
        };
        let owner = match owner {
            None => person,
            Some(mention) => match self.settings.directory.resolve_mention(mention) {
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
                let told = told(&self.added_messages(&item, &spots, &zones));
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

    /// The words `source` holds and where they were shared, or why it can't be acted on.
    fn words_of(&self, source: &Source) -> Result<(Vec<Said>, Vec<Spot>), Reply> {
        let failed = |error: StoreError| Reply::failed(COMMAND, &error);
        match source {
            Source::Answer(id) => {
                let Some(answer) = self.store.shared_answer(*id).map_err(failed)? else {
                    return Err(Reply::refused(
                        COMMAND,
                        format!(
                            "There's no {id}: shared answers carry their ANS number in the thread they were shared in."
                        ),
                    ));
                };
                let channel = Destination::Channel(answer.team.other().channel().into());
                let spot = Spot::Thread(channel, CardKey::round(&answer.round));
                Ok((vec![answer.said()], vec![spot]))
            }
            Source::Visit(id) => {
                let Some(visit) = self.store.visit(*id).map_err(failed)? else {
                    return Err(Reply::refused(COMMAND, format!("There's no {id}.")));
                };
                let (VisitStatus::Done, Some(learnings)) = (visit.status, &visit.learnings) else {
                    return Err(Reply::refused(
                        COMMAND,
                        format!(
                            "{id} has no learnings yet: act on a visit once its marketer has said what they learnt."
                        ),
                    ));
                };
                let said = Said {
                    by: visit.marketer.clone(),
                    team: Team::Marketing,
                    at: self.noon(visit.date),
                    place: format!("{id} · {}", visit.market),
                    words: learnings.to_string(),
                    unnamed: false,
                };
                let spot = Spot::Channel(Destination::Channel(Team::Sales.channel().into()));
                Ok((vec![said], vec![spot]))
            }
            Source::Request(id) => {
                let Some(request) = self.store.request(*id).map_err(failed)? else {
                    return Err(Reply::refused(COMMAND, format!("There's no {id}.")));
                };
                let said = Said {
                    by: request.requester.clone(),
                    team: Team::Sales,
                    at: request.history.first().map_or(self.clock.now(), |e| e.at),
                    place: id.to_string(),
                    words: request.title.to_string(),
                    unnamed: false,
                };
                let channel = Destination::Channel(Team::Marketing.channel().into());
                Ok((
                    vec![said],
                    vec![Spot::Thread(channel, CardKey::request(*id))],
                ))
            }
            Source::Launch(name) => self.review_words(name),
        }
    }

    /// The answers of a launch's closed review; refused while it is open (blind) or never held.
    fn review_words(
        &self,
        name: &crate::domain::LaunchName,
    ) -> Result<(Vec<Said>, Vec<Spot>), Reply> {
        let launch = match self.store.launch(name) {
            Ok(Some(launch)) => launch,
            Ok(None) => {
                return Err(Reply::refused(
                    COMMAND,
                    format!("There's no launch {name}. `launch list` shows them."),
                ));
            }
            Err(error) => return Err(Reply::failed(COMMAND, &error)),
        };
        let Some(review) = &launch.review else {
            return Err(Reply::refused(
                COMMAND,
                format!(
                    "{name} has had no review: its answers can be acted on once a review has closed."
                ),
            ));
        };
        let Some(closed) = &review.closed else {
            return Err(Reply::refused(
                COMMAND,
                format!(
                    "The review of {name} is still open, and blind until it closes: its answers can be acted on then."
                ),
            ));
        };
        let said: Vec<Said> = review
            .answers
            .iter()
            .filter_map(|answer| {
                let mut words: Vec<String> = review
                    .questions
                    .iter()
                    .zip(&answer.answers)
                    .filter_map(|(q, a)| a.as_ref().map(|a| format!("{q} — {a}")))
                    .collect();
                if let Some(cause) = &answer.cause {
                    words.push(format!("cause: {cause}"));
                }
                (!words.is_empty()).then(|| Said {
                    by: answer.person.clone(),
                    team: answer.team,
                    at: closed.at,
                    place: format!("{name} review"),
                    words: words.join("\n"),
                    unnamed: review.anonymous,
                })
            })
            .collect();
        if said.is_empty() {
            return Err(Reply::refused(
                COMMAND,
                format!("The review of {name} had no answers to act on."),
            ));
        }
        let spots = self
            .result_channels()
            .into_iter()
            .map(|c| Spot::Channel(Destination::Channel(c)))
            .collect();
        Ok((said, spots))
    }

    /// Noon of `day` in the company's zone: when a visit's words were "said".
    fn noon(&self, day: NaiveDate) -> DateTime<Utc> {
        let zone = self.settings.timezone;
        day.and_hms_opt(12, 0, 0)
            .and_then(|t| zone.from_local_datetime(&t).earliest())
            .map_or(self.clock.now(), |t| t.with_timezone(&Utc))
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

    fn spot_lines(&self, item: &ActionItem, spots: &[Spot]) -> Vec<Outgoing> {
        let line = views::thread_line(item, self.settings.timezone);
        spots
            .iter()
            .map(|spot| match spot {
                Spot::Thread(to, card) => Outgoing {
                    to: to.clone(),
                    op: Op::ReplyToCard(card.clone()),
                    message: line.clone(),
                },
                Spot::Channel(to) => Outgoing {
                    to: to.clone(),
                    op: Op::Post,
                    message: line.clone(),
                },
            })
            .collect()
    }

    /// Each author hears both halves; the line goes where the words were shared.
    pub(super) fn closed_messages(&self, item: &ActionItem) -> Vec<Outgoing> {
        let mut outgoing = Vec::new();
        for author in item.authors() {
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
                        Message::text(format!("{id} is {how}.{}", told(&outgoing))),
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
            let note = dm(
                item.owner.clone(),
                Message::text(format!("{} says {id} {verdict}.", person.name)),
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
        self.settings
            .directory
            .by_name(name.as_str())
            .map_or(self.settings.timezone, |p| self.zone(p))
    }

    /// Closes the open actions on a request that was just delivered, each with what was
    /// delivered, and tells their authors. Returns how many closed; a failure is logged (the
    /// hourly check closes what this missed).
    pub(super) fn close_actions_of_delivered(
        &self,
        request: &crate::domain::Request,
        by: &PersonName,
        note: Option<&str>,
    ) -> usize {
        let source = Source::Request(request.id);
        let open = match self.store.actions_on(&source) {
            Ok(items) => items.into_iter().filter(ActionItem::is_open),
            Err(error) => {
                tracing::warn!(%error, "could not read the actions on a delivered request");
                return 0;
            }
        };
        let mut closed = 0;
        for mut item in open {
            let expected = item.version;
            let what = format!(
                "delivered {}{}",
                request.id,
                note.map_or(String::new(), |n| format!(": {n}"))
            );
            let what = Text::parse_cut(&what, crate::domain::Input::ActionText);
            let now = self.clock.now();
            item.close_by(by.clone(), Closing::Done(what), now);
            let outgoing = self.closed_messages(&item);
            match self.store.update_action(&item, expected, &outgoing, now) {
                Ok(_) => closed += 1,
                Err(error) => {
                    tracing::warn!(%error, action = %item.id, "could not close an action")
                }
            }
        }
        closed
    }
}

impl Bot {
    /// Closes what `close_actions_of_delivered` missed (a crash between the delivery and the
    /// actions' write): open actions on a request that is delivered or confirmed. Run by the
    /// hourly sweep; returns how many closed.
    pub fn close_delivered_actions(&self) -> Result<usize, StoreError> {
        let mut closed = 0;
        let mut seen = Vec::new();
        for item in self.store.open_actions()? {
            let Source::Request(id) = item.source else {
                continue;
            };
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
            let Some(request) = self.store.request(id)? else {
                continue;
            };
            if !matches!(request.status, Status::Delivered | Status::Confirmed) {
                continue;
            }
            let delivery = request.history.iter().rev().find_map(|e| match &e.change {
                Change::Delivered { note } => Some((e.actor.clone(), note.clone())),
                _ => None,
            });
            let (by, note) = delivery.unwrap_or((request.requester.clone(), None));
            let note = note.as_ref().map(|n| n.as_str());
            closed += self.close_actions_of_delivered(&request, &by, note);
        }
        Ok(closed)
    }
}

fn dm(to: PersonName, message: Message) -> Outgoing {
    Outgoing {
        to: Destination::Person(to),
        op: Op::Post,
        message,
    }
}

/// ` Asha told by DM.`, or nothing.
fn told(outgoing: &[Outgoing]) -> String {
    let mut names: Vec<String> = Vec::new();
    for o in outgoing {
        if let Destination::Person(name) = &o.to
            && !names.contains(&name.to_string())
        {
            names.push(name.to_string());
        }
    }
    if names.is_empty() {
        String::new()
    } else {
        format!(" {} told by DM.", names.join(" and "))
    }
}

fn missing(id: ActionId) -> String {
    format!("There's no {id}. `action list all` shows every action.")
}

/// Done actions the digest quotes at most.
const DIGEST_DONE: usize = 5;
/// The digest's share of answers acted on looks back this far.
const ACTED_ON_OVER: chrono::Duration = chrono::Duration::days(30);

impl Bot {
    /// The digest with its "You said → we did" section: actions done in the period with both
    /// halves quoted, open actions by age, the share of answers of the last 30 days that got
    /// an action, and the period's "did this address it?" answers. Left out while there is
    /// nothing to say.
    pub(super) fn digest_actions(
        &self,
        message: Message,
        period: &crate::domain::Period,
    ) -> Result<Message, StoreError> {
        let zone = self.settings.timezone;
        let today = period.end.with_timezone(&zone).date_naive();
        let done = self
            .store
            .actions_closed_between(period.start, period.end)?;
        let open = self.store.open_actions()?;
        let answers = self
            .store
            .shared_answers_since(period.end - ACTED_ON_OVER)?;
        let mut acted = Vec::with_capacity(answers.len());
        for answer in &answers {
            acted.push(
                !self
                    .store
                    .actions_on(&Source::Answer(answer.id))?
                    .is_empty(),
            );
        }
        if done.is_empty() && open.is_empty() && answers.is_empty() {
            return Ok(message);
        }
        let recent = self
            .store
            .actions_closed_between(period.end - ACTED_ON_OVER, period.end)?;
        let aged: Vec<(NaiveDate, &ActionItem)> = open
            .iter()
            .map(|a| (a.added_at.with_timezone(&zone).date_naive(), a))
            .collect();
        let figures =
            crate::domain::ActionFigures::compute(&aged, today, &acted, &recent, period.start);
        Ok(message.paragraph(views::digest_section(&done, &figures, DIGEST_DONE, zone)))
    }
}
