//! History out, for people who want a spreadsheet: JSON, or CSV with one row per request.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::bot::sentence;
use crate::domain::{Change, Request};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

pub fn write(requests: &[Request], format: Format, out: &mut impl Write) -> io::Result<()> {
    match format {
        Format::Json => write_json(requests, out),
        Format::Csv => write_csv(requests, out),
    }
}

/// A JSON array of requests, each with its full history.
pub fn write_json(requests: &[Request], out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, requests)?;
    writeln!(out)
}

const CSV_HEADER: [&str; 16] = [
    "id",
    "kind",
    "title",
    "quantity",
    "market",
    "needed_by",
    "requester",
    "assignee",
    "status",
    "rating",
    "filed_at",
    "first_response_at",
    "delivered_at",
    "hours_to_acknowledge",
    "hours_to_deliver",
    "history",
];

/// One row per request; the history column lists every step with its time (UTC).
pub fn write_csv(requests: &[Request], out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", CSV_HEADER.join(","))?;
    for request in requests {
        let row: Vec<String> = csv_row(request).iter().map(|cell| csv_cell(cell)).collect();
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

fn csv_row(r: &Request) -> Vec<String> {
    let at = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    let first =
        |pick: fn(&Change) -> bool| r.history.iter().find(|e| pick(&e.change)).map(|e| e.at);
    let hours = |d: Option<chrono::Duration>| {
        d.map(|d| format!("{:.2}", d.num_seconds() as f64 / 3600.0))
            .unwrap_or_default()
    };
    let history: Vec<String> = r
        .history
        .iter()
        .map(|e| format!("{} {}", e.at.to_rfc3339(), sentence(e)))
        .collect();
    vec![
        r.id.to_string(),
        r.kind.to_string(),
        r.title.to_string(),
        r.quantity.map(|q| q.get().to_string()).unwrap_or_default(),
        r.market.as_ref().map(|m| m.to_string()).unwrap_or_default(),
        r.needed_by.map(|d| d.to_string()).unwrap_or_default(),
        r.requester.to_string(),
        r.assignee
            .as_ref()
            .map(|a| a.to_string())
            .unwrap_or_default(),
        r.status.label().to_string(),
        r.rating.map(|x| x.get().to_string()).unwrap_or_default(),
        r.filed_at().to_rfc3339(),
        at(first(Change::is_response)),
        at(first(|c| matches!(c, Change::Delivered { .. }))),
        hours(r.time_to_acknowledge()),
        hours(r.time_to_deliver()),
        history.join(" | "),
    ]
}

/// Quotes a cell when needed, and defuses text a spreadsheet would run as a formula.
pub(crate) fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("5\" display"), "\"5\"\" display\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("@SUM"), "'@SUM");
    }
}
