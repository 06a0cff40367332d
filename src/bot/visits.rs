//! Market visits: logging, planning, invitations, vouching, disputes and the monthly list.

use chrono::NaiveDate;

use crate::command::{CommandName, VisitCommand, VisitScope};
use crate::domain::visit::{self, DateRule, LOG_WITHIN_DAYS, Month, Tally, Word};
use crate::domain::{Person, PersonName, Team, Text, Visit, VisitId, VisitStatus};
use crate::message::{CardKey, Destination, Message, Op, Outgoing};
use crate::store::StoreError;

use super::core::Bot;
use super::reply::Reply;
use super::visit_views::{self as views, dm};

const C: CommandName = CommandName::Visit;
/// How often a step is retried when someone else changed the visit at the same moment.
const MAX_ATTEMPTS: usize = 5;

impl Bot {
    pub(super) fn visit(&self, person: &Person, command: VisitCommand) -> Reply {
        match command {
            VisitCommand::Log {
                market,
                on,
                with,
                kind,
                learnings,
            } => self.log_visit(person, market, on, with, kind, learnings),
            VisitCommand::LogForm => self.visit_log_form(person),
            VisitCommand::Complete { id, learnings } => self.complete_visit(person, id, learnings),
            VisitCommand::Plan { market, on, with } => self.plan_visit(person, market, on, with),
            VisitCommand::Invite {
                marketer,
                market,
                on,
                note,
            } => self.invite_visit(person, &marketer, market, on, note),
            VisitCommand::Accept(id) => self.accept_visit(person, id),
            VisitCommand::Decline { id, reason } => self.decline_visit(person, id, reason),
            VisitCommand::Vouch { id, note } => self.vouch_visit(person, id, note),
            VisitCommand::Dispute { id, reason } => self.dispute_visit(person, id, reason),
            VisitCommand::List { scope, month } => self.list_visits(person, scope, month),
        }
    }

    /// The Sales person `with:` names, if any; an error sentence when it names someone else.
    pub(super) fn companion(&self, with: Option<&str>) -> Result<Option<Person>, String> {
        let Some(with) = with else {
            return Ok(None);
        };
        match self.directory().resolve_mention(with) {
            Some(p) if p.team == Team::Sales => Ok(Some(p.clone())),
            Some(p) => Err(format!(
                "with: names the Sales person who was there; {} is in {}.",
                p.name,
                p.team.label()
            )),
            None => Err(format!(
                "with: names the Sales person who was there; there's nobody called \"{with}\"."
            )),
        }
    }

    fn new_visit(&self, marketer: &Person, market: Text, date: NaiveDate) -> Visit {
        let id = VisitId::new(1).unwrap_or_else(|| unreachable!());
        Visit::planned(id, marketer.name.clone(), market, date, self.clock.now())
    }

    fn word(&self, by: &Person, text: Option<Text>) -> Word {
        Word {
            by: by.name.clone(),
            at: self.clock.now(),
            text,
        }
    }

    fn log_visit(
        &self,
        person: &Person,
        market: Text,
        on: Option<NaiveDate>,
        with: Option<String>,
        kind: Option<String>,
        learnings: Text,
    ) -> Reply {
        let checked = match self.check_log(person, on, with.as_deref(), kind) {
            Ok(checked) => checked,
            Err(problem) => return Reply::refused(C, problem.typed()),
        };
        let mut draft = self.new_visit(person, market, checked.date);
        draft.companion = checked.companion;
        draft.kind = checked.kind;
        draft.status = VisitStatus::Done;
        draft.learnings = Some(learnings);
        let build = |id: VisitId| {
            let visit = Visit {
                id,
                ..draft.clone()
            };
            (visit.clone(), logged_messages(&visit))
        };
        match self.store.file_visit(&build) {
            Ok((visit, _)) => Reply::done(C, Message::text(logged_reply(&visit))),
            Err(error) => Reply::failed(C, &error),
        }
    }

    fn complete_visit(&self, person: &Person, id: VisitId, learnings: Text) -> Reply {
        let today = self.today(person);
        self.change_visit(id, |visit| {
            if visit.marketer != person.name {
                return Err(format!(
                    "{id} is {}'s visit; only they log it.",
                    visit.marketer
                ));
            }
            match visit.status {
                VisitStatus::Planned => {}
                VisitStatus::Done => return Err(format!("{id} is logged already.")),
                VisitStatus::Invited => {
                    return Err(format!("Accept {id} first: `visit accept {id}`."));
                }
                VisitStatus::Declined => return Err(format!("{id} was declined.")),
            }
            // The same age rule as a visit logged afresh: within a month of its date.
            match visit::check_logged(visit.date, today) {
                Ok(()) => {}
                Err(DateRule::Future { .. }) => {
                    return Err(format!("{id} is on {}; log it once it happened.", visit.date));
                }
                Err(_) => {
                    return Err(format!(
                        "{id} was on {}, more than {LOG_WITHIN_DAYS} days ago; log visits within a month.",
                        visit.date
                    ));
                }
            }
            visit.status = VisitStatus::Done;
            visit.learnings = Some(learnings.clone());
            Ok((logged_messages(visit), logged_reply(visit)))
        })
    }

    fn plan_visit(
        &self,
        person: &Person,
        market: Text,
        on: NaiveDate,
        with: Option<String>,
    ) -> Reply {
        if person.team != Team::Marketing {
            return Reply::refused(
                C,
                "Visits are planned by Marketing. To take a marketer along, use `visit invite @marketer market:NAME on:DATE`.",
            );
        }
        if let Err(rule) = visit::check_planned(on, self.today(person)) {
            return Reply::refused(C, format!("on:{rule}."));
        }
        let companion = match self.companion(with.as_deref()) {
            Ok(c) => c,
            Err(why) => return Reply::refused(C, why),
        };
        let mut draft = self.new_visit(person, market, on);
        draft.companion = companion.map(|c| c.name.clone());
        let build = |id: VisitId| {
            let visit = Visit {
                id,
                ..draft.clone()
            };
            let mut out = Vec::new();
            if let Some(with) = &visit.companion {
                out.push(dm(
                    with,
                    Message::text(format!(
                        "{} plans to visit {} with you on {} ({}).",
                        visit.marketer,
                        visit.market,
                        super::format::date(visit.date),
                        visit.id
                    )),
                ));
            }
            (visit, out)
        };
        match self.store.file_visit(&build) {
            Ok((visit, _)) => Reply::done(
                C,
                Message::text(format!(
                    "Planned {} · {} on {}. The working day after, I'll ask what you learnt.",
                    visit.id,
                    visit.headline(),
                    super::format::date(visit.date)
                )),
            ),
            Err(error) => Reply::failed(C, &error),
        }
    }

    fn invite_visit(
        &self,
        person: &Person,
        marketer: &str,
        market: Text,
        on: NaiveDate,
        note: Option<Text>,
    ) -> Reply {
        if person.team != Team::Sales {
            return Reply::refused(
                C,
                "Sales invites marketers along; Marketing plans its own with `visit plan`.",
            );
        }
        let directory = self.directory();
        let invitee = match directory.resolve_mention(marketer) {
            Some(p) if p.team == Team::Marketing => p,
            Some(p) => {
                return Reply::refused(
                    C,
                    format!("{} is not in Marketing; invite a marketer.", p.name),
                );
            }
            None => {
                return Reply::refused(
                    C,
                    format!(
                        "There's nobody called \"{marketer}\"; invite a marketer, like @Priya."
                    ),
                );
            }
        };
        if let Err(rule) = visit::check_planned(on, self.today(person)) {
            return Reply::refused(C, format!("on:{rule}."));
        }
        let mut draft = self.new_visit(invitee, market, on);
        draft.companion = Some(person.name.clone());
        draft.status = VisitStatus::Invited;
        draft.invited = Some(self.word(person, note));
        let build = |id: VisitId| {
            let visit = Visit {
                id,
                ..draft.clone()
            };
            let ask = dm(&visit.marketer, views::invitation(&visit, &person.name));
            (visit, vec![ask])
        };
        match self.store.file_visit(&build) {
            Ok((visit, _)) => Reply::done(
                C,
                Message::text(format!(
                    "Invited {} to {} on {} ({}). I'll tell you their answer.",
                    visit.marketer,
                    visit.market,
                    super::format::date(visit.date),
                    visit.id
                )),
            ),
            Err(error) => Reply::failed(C, &error),
        }
    }

    fn accept_visit(&self, person: &Person, id: VisitId) -> Reply {
        let today = self.today(person);
        self.change_visit(id, |visit| {
            invited_check(visit, person)?;
            if visit.date < today {
                return Err(format!(
                    "{id} was on {}; if you went, log it with `visit log market:\"{}\" on:{} with:@{} …`.",
                    visit.date,
                    visit.market,
                    visit.date,
                    visit.companion.clone().unwrap_or_else(|| PersonName::new("?"))
                ));
            }
            visit.status = VisitStatus::Planned;
            let out = companion_dm(
                visit,
                format!(
                    "{} accepted: {} on {} ({id}).",
                    visit.marketer,
                    visit.market,
                    super::format::date(visit.date)
                ),
            );
            let reply = format!(
                "You're going: {} on {} ({id}). The working day after, I'll ask what you learnt.",
                visit.headline(),
                super::format::date(visit.date)
            );
            Ok((out, reply))
        })
    }

    fn decline_visit(&self, person: &Person, id: VisitId, reason: Text) -> Reply {
        let word = self.word(person, Some(reason.clone()));
        self.change_visit(id, |visit| {
            invited_check(visit, person)?;
            visit.status = VisitStatus::Declined;
            visit.declined = Some(word.clone());
            let out = companion_dm(
                visit,
                format!(
                    "{} can't come to {} ({id}): {reason}",
                    visit.marketer, visit.market
                ),
            );
            Ok((
                out,
                format!("Declined {id}; I've told {}.", companion_name(visit)),
            ))
        })
    }

    fn vouch_visit(&self, person: &Person, id: VisitId, note: Option<Text>) -> Reply {
        let word = self.word(person, note);
        let leads: Vec<PersonName> = self.marketing_leads();
        self.change_visit(id, |visit| {
            let is_companion = visit.companion.as_ref() == Some(&person.name);
            let rules_as_lead = !is_companion
                && person.is_lead_of(Team::Marketing)
                && visit.in_dispute()
                && visit.marketer != person.name;
            if !is_companion && !rules_as_lead {
                return Err(match &visit.companion {
                    Some(with) => format!("Only {with}, who was named on {id}, can vouch for it."),
                    None => format!("{id} names no Sales companion, so nobody can vouch for it."),
                });
            }
            if visit.status != VisitStatus::Done {
                return Err(format!(
                    "{id} is {}; vouch once it happened and {} logged it.",
                    views::state(visit),
                    visit.marketer
                ));
            }
            if visit.vouched.is_some() {
                return Err(format!("{id} is vouched for already."));
            }
            let mut out = Vec::new();
            let reply;
            if rules_as_lead {
                visit.settled = Some(word.clone());
                let text = format!(
                    "{} ruled that {id} ({}) happened; it counts again.",
                    person.name,
                    visit.headline()
                );
                out.push(dm(&visit.marketer, Message::text(text.clone())));
                out.extend(companion_dm(visit, text));
                reply = format!(
                    "Settled {id}: it counts toward {}'s target.",
                    visit.marketer
                );
            } else {
                let was_disputed = visit.disputed.is_some();
                visit.vouched = Some(word.clone());
                let note = word
                    .text
                    .as_ref()
                    .map(|n| format!(" “{n}”"))
                    .unwrap_or_default();
                out.push(dm(
                    &visit.marketer,
                    Message::text(format!(
                        "{} vouched for {id} ({}).{note}",
                        person.name, visit.market
                    )),
                ));
                if was_disputed {
                    for lead in leads.iter().filter(|l| **l != visit.marketer) {
                        out.push(dm(
                            lead,
                            Message::text(format!(
                                "{} vouched for {id} after all; the dispute is settled.",
                                person.name
                            )),
                        ));
                    }
                }
                reply = format!(
                    "Vouched for {id}: {} shows \"vouched by {}\".",
                    visit.headline(),
                    person.name
                );
            }
            Ok((out, reply))
        })
    }

    fn dispute_visit(&self, person: &Person, id: VisitId, reason: Text) -> Reply {
        let word = self.word(person, Some(reason.clone()));
        let leads = self.marketing_leads();
        self.change_visit(id, |visit| {
            if visit.companion.as_ref() != Some(&person.name) {
                return Err(match &visit.companion {
                    Some(with) => format!("Only {with}, who was named on {id}, can dispute it."),
                    None => format!("{id} names no Sales companion, so nobody can dispute it."),
                });
            }
            if visit.status != VisitStatus::Done {
                return Err(format!("{id} is {}; there's nothing logged to dispute.", views::state(visit)));
            }
            if visit.vouched.is_some() {
                return Err(format!("You vouched for {id} already."));
            }
            if visit.disputed.is_some() {
                return Err(format!("{id} is disputed already."));
            }
            visit.disputed = Some(word.clone());
            let text = format!(
                "{} says {id} ({} on {}) didn't happen: {reason}\nIt doesn't count toward the target until it is settled: {} can vouch after all, or a Marketing lead can rule it happened with `visit vouch {id} <note…>`.",
                person.name,
                visit.headline(),
                visit.date,
                person.name
            );
            let mut out = vec![dm(&visit.marketer, Message::text(text.clone()))];
            for lead in leads.iter().filter(|l| **l != visit.marketer) {
                out.push(dm(lead, Message::text(text.clone())));
            }
            Ok((out, format!("Disputed {id}; {} and the Marketing lead are told. It doesn't count until settled.", visit.marketer)))
        })
    }

    fn marketing_leads(&self) -> Vec<PersonName> {
        self.directory()
            .leads(Team::Marketing)
            .map(|p| p.name.clone())
            .collect()
    }

    /// Loads a visit, lets `step` change it (or refuse with a sentence), and saves it with the
    /// messages `step` returns; retried when someone else changed it meanwhile.
    fn change_visit(
        &self,
        id: VisitId,
        step: impl Fn(&mut Visit) -> Result<(Vec<Outgoing>, String), String>,
    ) -> Reply {
        for _ in 0..MAX_ATTEMPTS {
            let stored = match self.store.visit(id) {
                Ok(Some(v)) => v,
                Ok(None) => return Reply::refused(C, format!("There's no {id}.")),
                Err(error) => return Reply::failed(C, &error),
            };
            let mut visit = stored.clone();
            let (out, reply) = match step(&mut visit) {
                Ok(done) => done,
                Err(why) => return Reply::refused(C, why),
            };
            visit.version = stored.version + 1;
            visit.updated_at = self.clock.now();
            match self.store.update_visit(&visit, stored.version, &out) {
                Ok(_) => return Reply::done(C, Message::text(reply)),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(C, &error),
            }
        }
        Reply::failed(C, &StoreError::Conflict)
    }

    fn list_visits(
        &self,
        person: &Person,
        scope: Option<VisitScope>,
        month: Option<Month>,
    ) -> Reply {
        let scope = scope.unwrap_or(if person.team == Team::Marketing {
            VisitScope::Mine
        } else {
            VisitScope::Team
        });
        let directory = self.directory();
        let marketers: Vec<&Person> = match scope {
            VisitScope::Mine if person.team == Team::Marketing => vec![person],
            VisitScope::Mine => Vec::new(),
            _ => self.marketers_in(&directory, month, person),
        };
        let my_month = month.unwrap_or_else(|| Month::of(self.today(person)));
        let months: Vec<Month> = marketers
            .iter()
            .map(|m| month.unwrap_or_else(|| Month::of(self.today(m))))
            .chain([my_month])
            .collect();
        let from = months.iter().min().map_or(my_month, |m| *m).start();
        let to = months.iter().max().map_or(my_month, |m| *m).end();
        let visits = match self.store.visits_dated(from, to) {
            Ok(v) => v,
            Err(error) => return Reply::failed(C, &error),
        };
        let mut lines = Vec::new();
        for (marketer, month) in marketers.iter().zip(&months) {
            let tally = Tally::of(&marketer.name, *month, &visits, self.today(marketer));
            let target = views::target_of(&self.settings.visits, marketer);
            lines.push(views::row_of(&directory, marketer, *month, &tally, target));
        }
        let shown: Vec<&Visit> = visits
            .iter()
            .filter(|v| match scope {
                VisitScope::Mine if person.team == Team::Marketing => {
                    v.marketer == person.name && my_month.contains(v.date)
                }
                VisitScope::Mine => {
                    v.companion.as_ref() == Some(&person.name) && my_month.contains(v.date)
                }
                VisitScope::Team => false,
                VisitScope::All => months.iter().any(|m| m.contains(v.date)),
            })
            .collect();
        if !shown.is_empty() {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.extend(shown.iter().map(|v| views::line(v)));
        }
        let heading = match scope {
            VisitScope::Mine if person.team == Team::Marketing => {
                format!("Your visits, {my_month}")
            }
            VisitScope::Mine => format!("Visits you hosted, {my_month}"),
            VisitScope::Team => "Visits against the monthly target".to_string(),
            VisitScope::All => "Every visit this month".to_string(),
        };
        if lines.is_empty() {
            return Reply::done(C, Message::text(format!("{heading}: none.")));
        }
        Reply::done(
            C,
            Message::with_header(heading)
                .paragraph(lines.join("\n"))
                .shown_whole_by(format!("visit list {}", scope_word(scope))),
        )
    }
}

fn scope_word(scope: VisitScope) -> &'static str {
    match scope {
        VisitScope::Mine => "mine",
        VisitScope::Team => "team",
        VisitScope::All => "all",
    }
}

fn invited_check(visit: &Visit, person: &Person) -> Result<(), String> {
    let id = visit.id;
    if visit.marketer != person.name {
        return Err(format!("{id} invites {}, not you.", visit.marketer));
    }
    if visit.status != VisitStatus::Invited {
        return Err(format!("{id} is {} already.", views::state(visit)));
    }
    Ok(())
}

fn companion_name(visit: &Visit) -> String {
    visit
        .companion
        .as_ref()
        .map_or("nobody".into(), |c| c.to_string())
}

fn companion_dm(visit: &Visit, text: String) -> Vec<Outgoing> {
    visit
        .companion
        .iter()
        .map(|with| dm(with, Message::text(text.clone())))
        .collect()
}

/// A logged visit: its card in the Sales channel, and the companion asked to vouch.
fn logged_messages(visit: &Visit) -> Vec<Outgoing> {
    let mut out = vec![Outgoing {
        to: Destination::Channel(Team::Sales.channel().into()),
        op: Op::PostCard(CardKey::visit(visit.id)),
        message: views::sales_card(visit),
    }];
    if let Some(with) = &visit.companion {
        out.push(dm(with, views::ask_to_vouch(visit)));
    }
    out
}

fn logged_reply(visit: &Visit) -> String {
    let vouch = match &visit.companion {
        Some(with) => format!(" {with} is asked to vouch for it."),
        None => String::new(),
    };
    format!(
        "Logged {} · {} on {}. Sales sees what you learnt in #{}.{vouch}",
        visit.id,
        visit.headline(),
        super::format::date(visit.date),
        Team::Sales.channel()
    )
}

/// The most visits of the week the digest lists; the rest are counted.
const DIGEST_VISITS: usize = 8;
/// A visit's learnings in the digest, at most.
const DIGEST_LEARNT_CHARS: usize = 200;

impl Bot {
    /// The digest's visits: this week's with their learnings, and each marketer's month to
    /// date against the target (in the company's zone).
    pub(super) fn digest_visits(
        &self,
        message: Message,
        end: chrono::DateTime<chrono::Utc>,
    ) -> Result<Message, StoreError> {
        let today = end.with_timezone(&self.settings.timezone).date_naive();
        let week_start = today - super::DIGEST_PERIOD;
        let month = Month::of(today);
        let from = week_start.min(month.start());
        let visits = self
            .store
            .visits_dated(from, today + chrono::Duration::days(1))?;
        let week: Vec<&Visit> = visits
            .iter()
            .filter(|v| v.date > week_start && v.counts())
            .collect();
        let mut lines: Vec<String> = week
            .iter()
            .take(DIGEST_VISITS)
            .map(|v| {
                let learnt = v.learnings.as_ref().map_or("", |l| l.as_str());
                format!(
                    "• {}: {}",
                    v.headline(),
                    crate::domain::text::clip(learnt, DIGEST_LEARNT_CHARS)
                )
            })
            .collect();
        if week.len() > DIGEST_VISITS {
            lines.push(format!(
                "… and {} more (`visit list all`).",
                week.len() - DIGEST_VISITS
            ));
        }
        if lines.is_empty() {
            lines.push("No market visits logged this week.".into());
        }
        let rows: Vec<String> = self
            .directory()
            .members_of(Team::Marketing)
            .filter(|m| self.settings.visits.has_target(m))
            .map(|m| {
                let tally = Tally::of(&m.name, month, &visits, today);
                views::row(&m.name, month, &tally, Some(self.settings.visits.per_month))
            })
            .collect();
        let mut message =
            message.paragraph(format!("*Market visits this week*\n{}", lines.join("\n")));
        if !rows.is_empty() {
            message = message.paragraph(format!("*Visits, month to date*\n{}", rows.join("\n")));
        }
        Ok(message)
    }
}
