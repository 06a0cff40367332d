//! Rows for the people in a period's records, not only today's teams: a marketer who has left
//! (a former member) or moved to Sales since keeps the visits they made, in `visit list` and
//! on the scorecard, under their old team.

use crate::domain::visit::Month;
use crate::domain::{Directory, Person, Team, Visit};

use super::core::Bot;

impl Bot {
    /// The marketers `visit list team|all` shows rows for in `month` (else the month it is
    /// for `person`): today's Marketing, then everyone else a visit that month names as its
    /// marketer. When the visits cannot be read, today's Marketing only (the list reads them
    /// again, and says what went wrong).
    pub(super) fn marketers_in<'d>(
        &self,
        directory: &'d Directory,
        month: Option<Month>,
        person: &Person,
    ) -> Vec<&'d Person> {
        let month = month.unwrap_or_else(|| Month::of(self.today(person)));
        let today = directory.members_of(Team::Marketing).collect();
        match self.store.visits_dated(month.start(), month.end()) {
            Ok(visits) => with_past_marketers(directory, today, &visits, &[month]),
            Err(error) => {
                tracing::warn!(%error, "could not read the month's visits for its marketers");
                today
            }
        }
    }
}

/// `today` (today's marketers), then, by name, each person a visit dated in one of `months`
/// names as its marketer who is not among them: a former member, or someone in Sales now.
pub(super) fn with_past_marketers<'d>(
    directory: &'d Directory,
    mut today: Vec<&'d Person>,
    visits: &[Visit],
    months: &[Month],
) -> Vec<&'d Person> {
    let mut past: Vec<&'d Person> = Vec::new();
    for visit in visits
        .iter()
        .filter(|v| months.iter().any(|m| m.contains(v.date)))
    {
        let named = |p: &&Person| p.name == visit.marketer;
        if today.iter().any(named) || past.iter().any(named) {
            continue;
        }
        if let Some(person) = directory.anyone(visit.marketer.as_str()) {
            past.push(person);
        }
    }
    past.sort_by(|a, b| a.name.cmp(&b.name));
    today.extend(past);
    today
}
