//! A planning round as stored: sections with inputs from both teams, objections and how they
//! were settled, forecast lines with each team's blind figure, the changes that make versions,
//! and the leads' sign-offs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::amount::{Amount, gap_percent};
use super::name::PlanName;
use crate::domain::people::{PersonName, Team};
use crate::domain::values::Text;

/// A planning round. Its version is the number of changes to what leads sign (a section's
/// agreed text, a line, an agreed figure): version `n` is the plan after its first `n`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub name: PlanName,
    pub opened_by: PersonName,
    pub opened_at: DateTime<Utc>,
    pub due: NaiveDate,
    pub sections: Vec<String>,
    /// A line whose two figures differ by more than this (in percent) needs an agreed figure.
    pub gap_percent: u32,
    /// Everyone in both teams when the round opened: who "x of y gave input" counts.
    pub people: Vec<Member>,
    pub inputs: Vec<PlanInput>,
    pub objections: Vec<Objection>,
    pub lines: Vec<Line>,
    pub changes: Vec<Change>,
    pub signoffs: Vec<Signoff>,
    pub agreed: Option<Agreement>,
    /// Who had the one reminder to give input.
    #[serde(default)]
    pub reminded: Vec<PersonName>,
    /// The reminders to leads after the due date, each on its own local day.
    #[serde(default)]
    pub leads_reminded: Vec<LeadReminder>,
    /// Grows by one with every saved change; detects concurrent changes.
    pub revision: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub person: PersonName,
    pub team: Team,
}

/// An input to a section, attributed and timestamped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanInput {
    /// The section's number, from 1.
    pub section: usize,
    pub by: PersonName,
    pub team: Team,
    pub text: Text,
    pub at: DateTime<Utc>,
}

/// An objection to a section, numbered from 1 within the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Objection {
    pub number: usize,
    pub section: usize,
    pub by: PersonName,
    pub team: Team,
    pub reason: Text,
    pub at: DateTime<Utc>,
    pub resolved: Option<Resolution>,
}

/// How a lead settled an objection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    pub by: PersonName,
    pub how: Text,
    pub at: DateTime<Utc>,
}

/// A forecast line, numbered from 1, with at most one figure per team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub number: usize,
    pub label: Text,
    pub figures: Vec<Figure>,
    pub actual: Option<Actual>,
}

/// A team's figure for a line; blind until the other team's is in too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub team: Team,
    pub value: Amount,
    pub why: Option<Text>,
    pub by: PersonName,
    pub at: DateTime<Utc>,
}

/// What happened, recorded after the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actual {
    pub value: Amount,
    pub by: PersonName,
    pub at: DateTime<Utc>,
}

/// One change to what leads sign; it makes version `version`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub version: u32,
    pub by: PersonName,
    pub at: DateTime<Utc>,
    pub what: ChangeKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// A section's agreed text (`plan draft`).
    Draft { section: usize, text: Text },
    /// A forecast line added (`plan line`).
    Line { line: usize, label: Text },
    /// A line's agreed figure (`plan agree`).
    Agreed {
        line: usize,
        value: Amount,
        reason: Text,
    },
}

/// A lead's signature on one version; a later change voids it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signoff {
    pub team: Team,
    pub by: PersonName,
    pub version: u32,
    pub at: DateTime<Utc>,
    pub voided_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub version: u32,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadReminder {
    pub person: PersonName,
    /// The lead's own date.
    pub day: NaiveDate,
}

/// A line's agreed figure, and where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum AgreedFigure<'a> {
    /// Set by a lead with a reason.
    Set {
        value: Amount,
        reason: &'a Text,
        by: &'a PersonName,
    },
    /// Both figures within the gap threshold: halfway between them.
    Within(Amount),
}

impl AgreedFigure<'_> {
    pub fn value(&self) -> Amount {
        match self {
            AgreedFigure::Set { value, .. } | AgreedFigure::Within(value) => *value,
        }
    }
}

impl Plan {
    pub fn version(&self) -> u32 {
        self.changes.len() as u32
    }

    pub fn is_agreed(&self) -> bool {
        self.agreed.is_some()
    }

    pub fn section_name(&self, number: usize) -> &str {
        number
            .checked_sub(1)
            .and_then(|i| self.sections.get(i))
            .map_or("", String::as_str)
    }

    /// A section's agreed text as it stands: its newest draft.
    pub fn draft(&self, section: usize) -> Option<&Change> {
        self.changes
            .iter()
            .rev()
            .find(|c| matches!(&c.what, ChangeKind::Draft { section: s, .. } if *s == section))
    }

    pub fn inputs_to(&self, section: usize) -> impl Iterator<Item = &PlanInput> {
        self.inputs.iter().filter(move |i| i.section == section)
    }

    pub fn open_objections(&self) -> impl Iterator<Item = &Objection> {
        self.objections.iter().filter(|o| o.resolved.is_none())
    }

    pub fn line(&self, number: usize) -> Option<&Line> {
        number.checked_sub(1).and_then(|i| self.lines.get(i))
    }

    /// Sign-offs not voided by a later change.
    pub fn standing_signoffs(&self) -> impl Iterator<Item = &Signoff> {
        self.signoffs.iter().filter(|s| s.voided_at.is_none())
    }

    pub fn signoff_of(&self, team: Team) -> Option<&Signoff> {
        self.standing_signoffs().find(|s| s.team == team)
    }

    /// A line's agreed figure: one a lead set, else halfway when both figures are within the
    /// gap threshold; `None` while it still needs one.
    pub fn agreed_figure(&self, line: &Line) -> Option<AgreedFigure<'_>> {
        let set = self.changes.iter().rev().find_map(|c| match &c.what {
            ChangeKind::Agreed {
                line: l,
                value,
                reason,
            } if *l == line.number => Some(AgreedFigure::Set {
                value: *value,
                reason,
                by: &c.by,
            }),
            _ => None,
        });
        if set.is_some() {
            return set;
        }
        let (sales, marketing) = line.revealed()?;
        let gap = gap_percent(sales.value, marketing.value);
        (gap <= f64::from(self.gap_percent))
            .then(|| AgreedFigure::Within(Amount::midpoint(sales.value, marketing.value)))
    }

    /// The people in `team` who gave input, by name.
    pub fn gave_input_in(&self, team: Team) -> Vec<&PersonName> {
        let mut gave: Vec<&PersonName> = self
            .inputs
            .iter()
            .filter(|i| i.team == team)
            .map(|i| &i.by)
            .collect();
        gave.sort();
        gave.dedup();
        gave
    }

    /// Who in `team` gave input, of how many the round counts.
    pub fn contributors(&self, team: Team) -> (usize, usize) {
        let gave = self.gave_input_in(team);
        let counted = self.people.iter().filter(|m| m.team == team).count();
        let extra = gave
            .iter()
            .filter(|p| !self.people.iter().any(|m| &m.person == **p))
            .count();
        (gave.len(), counted + extra)
    }

    /// What stands between the plan and sign-off, in words; empty when it may be signed.
    pub fn blockers(&self) -> Vec<String> {
        let mut blockers = Vec::new();
        let open: Vec<String> = self
            .open_objections()
            .map(|o| o.number.to_string())
            .collect();
        if !open.is_empty() {
            let s = if open.len() == 1 { "" } else { "s" };
            blockers.push(format!("objection{s} {} still open", open.join(", ")));
        }
        let bare: Vec<String> = (1..=self.sections.len())
            .filter(|n| self.draft(*n).is_none())
            .map(|n| format!("{n} ({})", self.section_name(n)))
            .collect();
        if !bare.is_empty() {
            let s = if bare.len() == 1 { "" } else { "s" };
            blockers.push(format!(
                "section{s} {} without agreed text (`plan draft`)",
                bare.join(", ")
            ));
        }
        for line in &self.lines {
            if self.agreed_figure(line).is_some() {
                continue;
            }
            let why = match line.gap() {
                None => "waits for both teams' figures".to_string(),
                Some(gap) => format!(
                    "has a gap of {gap:.0}% (over {}%) and needs an agreed figure (`plan agree`)",
                    self.gap_percent
                ),
            };
            blockers.push(format!("line {} {why}", line.number));
        }
        blockers
    }

    pub fn gave_input(&self, person: &PersonName) -> bool {
        self.inputs.iter().any(|i| &i.by == person)
    }
}

impl Line {
    pub fn figure_of(&self, team: Team) -> Option<&Figure> {
        self.figures.iter().find(|f| f.team == team)
    }

    /// Both teams' figures (Sales, Marketing), once both are in; until then neither is shown
    /// to the other team.
    pub fn revealed(&self) -> Option<(&Figure, &Figure)> {
        Some((
            self.figure_of(Team::Sales)?,
            self.figure_of(Team::Marketing)?,
        ))
    }

    /// The gap between the two figures, once both are in.
    pub fn gap(&self) -> Option<f64> {
        self.revealed().map(|(s, m)| gap_percent(s.value, m.value))
    }
}
