//! Actions out (`tandem export --actions`): each action with its source, the words it came
//! from, what was promised and how it ended. A speaker in an anonymous review stays unnamed.

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::{ActionItem, ActionState, Said, Team};
use crate::export::{Format, csv_cell};

#[derive(Serialize)]
struct ActionOut<'a> {
    id: String,
    source: String,
    state: &'static str,
    what: &'a str,
    team: Team,
    owner: &'a str,
    added_by: &'a str,
    added_at: DateTime<Utc>,
    due: Option<NaiveDate>,
    closed_by: Option<&'a str>,
    closed_at: Option<DateTime<Utc>>,
    /// What was done, or why not.
    outcome: Option<&'a str>,
    said: Vec<SaidOut<'a>>,
    addressed_it: usize,
    did_not: usize,
}

#[derive(Serialize)]
struct SaidOut<'a> {
    by: String,
    team: Team,
    at: DateTime<Utc>,
    place: &'a str,
    words: &'a str,
}

const CSV_HEADER: [&str; 15] = [
    "id",
    "source",
    "state",
    "what",
    "team",
    "owner",
    "added_by",
    "added_at",
    "due",
    "closed_by",
    "closed_at",
    "outcome",
    "said",
    "addressed_it",
    "did_not",
];

pub fn write(actions: &[ActionItem], format: Format, out: &mut impl Write) -> io::Result<()> {
    let rows: Vec<ActionOut<'_>> = actions.iter().map(row).collect();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        }
        Format::Csv => {
            writeln!(out, "{}", CSV_HEADER.join(","))?;
            for row in &rows {
                let said: Vec<String> = row
                    .said
                    .iter()
                    .map(|s| format!("{} ({}, {}): {}", s.by, s.at.to_rfc3339(), s.place, s.words))
                    .collect();
                let cells = [
                    row.id.clone(),
                    row.source.clone(),
                    row.state.to_string(),
                    row.what.to_string(),
                    row.team.label().to_string(),
                    row.owner.to_string(),
                    row.added_by.to_string(),
                    row.added_at.to_rfc3339(),
                    row.due.map(|d| d.to_string()).unwrap_or_default(),
                    row.closed_by.unwrap_or_default().to_string(),
                    row.closed_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                    row.outcome.unwrap_or_default().to_string(),
                    said.join(" | "),
                    row.addressed_it.to_string(),
                    row.did_not.to_string(),
                ];
                let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                writeln!(out, "{}", cells.join(","))?;
            }
            Ok(())
        }
    }
}

fn row(a: &ActionItem) -> ActionOut<'_> {
    let (state, closed_by, closed_at, outcome) = match &a.state {
        ActionState::Open => ("open", None, None, None),
        ActionState::Done { by, at, what } => {
            ("done", Some(by.as_str()), Some(*at), Some(what.as_str()))
        }
        ActionState::Dropped { by, at, reason } => (
            "dropped",
            Some(by.as_str()),
            Some(*at),
            Some(reason.as_str()),
        ),
    };
    let helped = a.ratings.iter().filter(|r| r.helped).count();
    ActionOut {
        id: a.id.to_string(),
        source: a.source.to_string(),
        state,
        what: a.what.as_str(),
        team: a.team,
        owner: a.owner.as_str(),
        added_by: a.added_by.as_str(),
        added_at: a.added_at,
        due: a.due,
        closed_by,
        closed_at,
        outcome,
        said: a.said.iter().map(said).collect(),
        addressed_it: helped,
        did_not: a.ratings.len() - helped,
    }
}

fn said(s: &Said) -> SaidOut<'_> {
    SaidOut {
        by: s.speaker(),
        team: s.team,
        at: s.at,
        place: &s.place,
        words: &s.words,
    }
}
