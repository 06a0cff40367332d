//! History out, for people who want a spreadsheet: JSON, or CSV with one row per request.
//! Each record says which of the people it names have left (`former`), as `show` marks them.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::bot::sentence;
use crate::domain::{Change, Directory, PersonName, Request};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

pub fn write(
    requests: &[Request],
    directory: &Directory,
    format: Format,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(requests, directory, out),
        Format::Csv => write_csv(requests, directory, out),
    }
}

/// A request as exported: its fields, and which of its requester and assignee have left.
#[derive(Serialize)]
struct RequestOut<'a> {
    #[serde(flatten)]
    request: &'a Request,
    former: Vec<&'a str>,
}

/// A JSON array of requests, each with its full history and `former`.
pub fn write_json(
    requests: &[Request],
    directory: &Directory,
    out: &mut impl Write,
) -> io::Result<()> {
    let rows: Vec<RequestOut<'_>> = requests
        .iter()
        .map(|request| RequestOut {
            request,
            former: request_former(request, directory),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}

/// The names among `names` of people who have left, in order, each once.
pub(crate) fn former<'a>(
    names: impl IntoIterator<Item = &'a PersonName>,
    directory: &Directory,
) -> Vec<&'a str> {
    let mut former: Vec<&str> = Vec::new();
    for name in names {
        if directory.is_former(name.as_str()) && !former.contains(&name.as_str()) {
            former.push(name.as_str());
        }
    }
    former
}

fn request_former<'a>(r: &'a Request, directory: &Directory) -> Vec<&'a str> {
    former(std::iter::once(&r.requester).chain(&r.assignee), directory)
}

const CSV_HEADER: [&str; 17] = [
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
    "former",
];

/// One row per request; the history column lists every step with its time (UTC), the former
/// column who of its requester and assignee has left (`; ` between two).
pub fn write_csv(
    requests: &[Request],
    directory: &Directory,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "{}", CSV_HEADER.join(","))?;
    for request in requests {
        let mut row = csv_row(request);
        row.push(request_former(request, directory).join("; "));
        let row: Vec<String> = row.iter().map(|cell| csv_cell(cell)).collect();
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

    /// Asha filed it and is still in Sales; Ravi, its assignee, has left.
    fn assigned_to_a_leaver() -> (Request, Directory) {
        use crate::domain::{Kinds, NewRequest, Person, RequestId, Role, Team, Title};
        let new = NewRequest {
            kind: Kinds::default().parse("pos").expect("kind"),
            title: Title::parse("Talkers").expect("title"),
            quantity: None,
            market: None,
            needed_by: None,
        };
        let id = RequestId::new(1).expect("id");
        let mut request = Request::file(id, new, PersonName::new("Asha"), Utc::now());
        request.assignee = Some(PersonName::new("Ravi"));
        let person = |name: &str, team| Person {
            name: PersonName::new(name),
            team,
            role: Role::Member,
            timezone: None,
            accounts: Vec::new(),
        };
        let directory = Directory::new(vec![person("Asha", Team::Sales)])
            .expect("valid")
            .with_former(vec![person("Ravi", Team::Marketing)]);
        (request, directory)
    }

    #[test]
    fn each_request_names_who_of_its_people_has_left() {
        let (request, directory) = assigned_to_a_leaver();
        let mut json = Vec::new();
        write(
            std::slice::from_ref(&request),
            &directory,
            Format::Json,
            &mut json,
        )
        .expect("written");
        let json: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
        assert_eq!(json[0]["former"], serde_json::json!(["Ravi"]));
        assert_eq!(json[0]["assignee"], "Ravi", "the record itself unchanged");
        assert_eq!(json[0]["id"], 1);
        let mut csv = Vec::new();
        write(&[request], &directory, Format::Csv, &mut csv).expect("written");
        let csv = String::from_utf8(csv).expect("UTF-8");
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].ends_with(",history,former"), "{csv}");
        assert!(lines[1].ends_with(",Ravi"), "{csv}");
        let mut csv = Vec::new();
        let everyone = Directory::default();
        write(
            &[assigned_to_a_leaver().0],
            &everyone,
            Format::Csv,
            &mut csv,
        )
        .expect("written");
        let csv = String::from_utf8(csv).expect("UTF-8");
        assert!(
            csv.lines().nth(1).is_some_and(|l| l.ends_with(',')),
            "{csv}"
        );
    }
}
