//! Actions out (`tandem export --actions`): each action with its source, the words it came
//! from, what was promised and how it ended, and which of the people it names have left
//! (`former`). A speaker in an anonymous review stays unnamed, and is never named there either.

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::{ActionItem, ActionState, Directory, PersonName, Said, Team};
use crate::export::{Format, csv_cell, former};

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
    /// Who of the owner, whoever added or closed it and the named speakers has left.
    former: Vec<&'a str>,
}

#[derive(Serialize)]
struct SaidOut<'a> {
    by: String,
    team: Team,
    at: DateTime<Utc>,
    place: &'a str,
    words: &'a str,
}

const CSV_HEADER: [&str; 16] = [
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
    "former",
];

pub fn write(
    actions: &[ActionItem],
    directory: &Directory,
    format: Format,
    out: &mut impl Write,
) -> io::Result<()> {
    let rows: Vec<ActionOut<'_>> = actions.iter().map(|a| row(a, directory)).collect();
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
                    row.former.join("; "),
                ];
                let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                writeln!(out, "{}", cells.join(","))?;
            }
            Ok(())
        }
    }
}

fn row<'a>(a: &'a ActionItem, directory: &Directory) -> ActionOut<'a> {
    let (state, closer, closed_at, outcome): (_, Option<&PersonName>, _, _) = match &a.state {
        ActionState::Open => ("open", None, None, None),
        ActionState::Done { by, at, what } => ("done", Some(by), Some(*at), Some(what.as_str())),
        ActionState::Dropped { by, at, reason } => {
            ("dropped", Some(by), Some(*at), Some(reason.as_str()))
        }
    };
    let closed_by = closer.map(PersonName::as_str);
    let named = a.said.iter().filter(|s| !s.unnamed).map(|s| &s.by);
    let people = [&a.owner, &a.added_by]
        .into_iter()
        .chain(closer)
        .chain(named);
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
        former: former(people, directory),
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
