//! What follows from elsewhere: an action on a request closes when the request is delivered
//! (and the hourly sweep closes any a crash left open), and the digest's "You said → we did".

use chrono::NaiveDate;

use super::action_views as views;
use super::core::Bot;
use crate::domain::{ActionItem, Change, Closing, PersonName, Source, Status, Text};
use crate::message::Message;
use crate::store::StoreError;

/// Done actions the digest quotes at most.
const DIGEST_DONE: usize = 5;
/// The digest's share of answers acted on looks back this far.
const ACTED_ON_OVER: chrono::Duration = chrono::Duration::days(30);

impl Bot {
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
