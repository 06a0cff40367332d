//! Visits out (`tandem export --visits`): each visit with its marketer, market, date, companion,
//! kind, status and learnings, and every word on it (invited, declined, vouched, disputed,
//! settled: who, when, what they said), and which of its marketer and companion have left
//! (`former`).

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::visit::Word;
use crate::domain::{Directory, Visit, VisitStatus};
use crate::export::{Format, csv_cell, former};

#[derive(Serialize)]
struct VisitOut<'a> {
    id: String,
    marketer: &'a str,
    market: &'a str,
    date: NaiveDate,
    companion: Option<&'a str>,
    kind: Option<&'a str>,
    status: VisitStatus,
    /// Done and not under an unsettled dispute.
    counts: bool,
    learnings: Option<&'a str>,
    invited: Option<WordOut<'a>>,
    declined: Option<WordOut<'a>>,
    vouched: Option<WordOut<'a>>,
    disputed: Option<WordOut<'a>>,
    settled: Option<WordOut<'a>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    former: Vec<&'a str>,
}

#[derive(Serialize)]
struct WordOut<'a> {
    by: &'a str,
    at: DateTime<Utc>,
    text: Option<&'a str>,
}

/// The words' columns come in threes: `<word>_by`, `<word>_at`, `<word>_text`.
const WORDS: [&str; 5] = ["invited", "declined", "vouched", "disputed", "settled"];
const CSV_HEAD: [&str; 11] = [
    "id",
    "marketer",
    "market",
    "date",
    "companion",
    "kind",
    "status",
    "counts",
    "learnings",
    "created_at",
    "updated_at",
];

pub fn write(
    visits: &[Visit],
    directory: &Directory,
    format: Format,
    out: &mut impl Write,
) -> io::Result<()> {
    let rows: Vec<VisitOut<'_>> = visits.iter().map(|v| row(v, directory)).collect();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        }
        Format::Csv => {
            writeln!(out, "{}", csv_header().join(","))?;
            for row in &rows {
                let cells: Vec<String> = csv_row(row).iter().map(|c| csv_cell(c)).collect();
                writeln!(out, "{}", cells.join(","))?;
            }
            Ok(())
        }
    }
}

fn csv_header() -> Vec<String> {
    let mut header: Vec<String> = CSV_HEAD.iter().map(|h| h.to_string()).collect();
    for word in WORDS {
        for part in ["by", "at", "text"] {
            header.push(format!("{word}_{part}"));
        }
    }
    header.push("former".into());
    header
}

fn csv_row(row: &VisitOut<'_>) -> Vec<String> {
    let mut cells = vec![
        row.id.clone(),
        row.marketer.to_string(),
        row.market.to_string(),
        row.date.to_string(),
        row.companion.unwrap_or_default().to_string(),
        row.kind.unwrap_or_default().to_string(),
        status_label(row.status).to_string(),
        row.counts.to_string(),
        row.learnings.unwrap_or_default().to_string(),
        row.created_at.to_rfc3339(),
        row.updated_at.to_rfc3339(),
    ];
    let words = [
        &row.invited,
        &row.declined,
        &row.vouched,
        &row.disputed,
        &row.settled,
    ];
    for word in words {
        match word {
            Some(w) => cells.extend([
                w.by.to_string(),
                w.at.to_rfc3339(),
                w.text.unwrap_or_default().to_string(),
            ]),
            None => cells.extend([String::new(), String::new(), String::new()]),
        }
    }
    cells.push(row.former.join("; "));
    cells
}

fn status_label(status: VisitStatus) -> &'static str {
    match status {
        VisitStatus::Invited => "invited",
        VisitStatus::Declined => "declined",
        VisitStatus::Planned => "planned",
        VisitStatus::Done => "done",
    }
}

fn row<'a>(v: &'a Visit, directory: &Directory) -> VisitOut<'a> {
    VisitOut {
        id: v.id.to_string(),
        marketer: v.marketer.as_str(),
        market: v.market.as_str(),
        date: v.date,
        companion: v.companion.as_ref().map(|p| p.as_str()),
        kind: v.kind.as_deref(),
        status: v.status,
        counts: v.counts(),
        learnings: v.learnings.as_ref().map(|t| t.as_str()),
        invited: v.invited.as_ref().map(word),
        declined: v.declined.as_ref().map(word),
        vouched: v.vouched.as_ref().map(word),
        disputed: v.disputed.as_ref().map(word),
        settled: v.settled.as_ref().map(word),
        created_at: v.created_at,
        updated_at: v.updated_at,
        former: former(std::iter::once(&v.marketer).chain(&v.companion), directory),
    }
}

fn word(w: &Word) -> WordOut<'_> {
    WordOut {
        by: w.by.as_str(),
        at: w.at,
        text: w.text.as_ref().map(|t| t.as_str()),
    }
}
