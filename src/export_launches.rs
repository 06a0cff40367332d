//! Launches out (`tandem export --launches`): each launch with its linked requests and its
//! review. A round still open shows only how many answered; answers and results leave Tandem
//! only once it closed (and, for an anonymous round, without names, and not at all when too
//! few answered).

use std::io::{self, Write};

use serde::Serialize;

use crate::domain::facts::Facts;
use crate::domain::review_result::{Agreement, Side};
use crate::domain::{Launch, RequestId, Review, ReviewAnswer, Team};
use crate::export::Format;

/// A launch as exported.
#[derive(Serialize)]
struct LaunchOut<'a> {
    name: &'a str,
    title: Option<&'a str>,
    on: chrono::NaiveDate,
    markets: Vec<&'a str>,
    added_by: &'a str,
    added_at: chrono::DateTime<chrono::Utc>,
    linked_requests: Vec<String>,
    review: Option<ReviewOut<'a>>,
}

#[derive(Serialize)]
struct ReviewOut<'a> {
    state: &'static str,
    opened_by: Option<&'a str>,
    opened_at: chrono::DateTime<chrono::Utc>,
    closes_on: chrono::NaiveDate,
    closed_at: Option<chrono::DateTime<chrono::Utc>>,
    closed_by: Option<&'a str>,
    questions: &'a [String],
    causes: &'a [String],
    anonymous: bool,
    answered: Counts,
    /// Why the answers are not exported although the round closed.
    withheld: Option<String>,
    answers: Vec<AnswerOut<'a>>,
    result: Option<ResultOut<'a>>,
}

#[derive(Serialize)]
struct Counts {
    sales: Count,
    marketing: Count,
}

#[derive(Serialize)]
struct Count {
    answered: usize,
    asked: usize,
}

#[derive(Serialize)]
struct Named {
    cause: String,
    count: usize,
}

fn named(causes: Vec<(String, usize)>) -> Vec<Named> {
    causes
        .into_iter()
        .map(|(cause, count)| Named { cause, count })
        .collect()
}

#[derive(Serialize)]
struct AnswerOut<'a> {
    team: Team,
    person: Option<&'a str>,
    answers: Vec<Option<&'a str>>,
    cause: Option<&'a str>,
    score: Option<u8>,
}

#[derive(Serialize)]
struct ResultOut<'a> {
    causes_sales: Vec<Named>,
    causes_marketing: Vec<Named>,
    causes_both: Vec<String>,
    mean_score_sales: Option<f64>,
    mean_score_marketing: Option<f64>,
    facts: &'a Facts,
}

/// Writes `launches` (each with the IDs of its linked requests) as JSON or CSV.
pub fn write(
    launches: &[(Launch, Vec<RequestId>)],
    format: Format,
    out: &mut impl Write,
) -> io::Result<()> {
    let rows: Vec<LaunchOut<'_>> = launches.iter().map(|(l, ids)| launch(l, ids)).collect();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        }
        Format::Csv => write_csv(&rows, out),
    }
}

fn launch<'a>(l: &'a Launch, ids: &[RequestId]) -> LaunchOut<'a> {
    LaunchOut {
        name: l.name.as_str(),
        title: l.title.as_ref().map(|t| t.as_str()),
        on: l.on,
        markets: l.markets.iter().map(|m| m.as_str()).collect(),
        added_by: l.added_by.as_str(),
        added_at: l.added_at,
        linked_requests: ids.iter().map(ToString::to_string).collect(),
        review: l.review.as_ref().map(review),
    }
}

fn review(r: &Review) -> ReviewOut<'_> {
    let closed = r.closed.as_ref();
    let withheld = closed.and_then(|_| r.withheld());
    let shown = closed.is_some() && withheld.is_none();
    let mut answers: Vec<AnswerOut<'_>> = if shown {
        r.answers.iter().map(|a| answer(r, a)).collect()
    } else {
        Vec::new()
    };
    if r.anonymous {
        // The order answers came in could tell who gave them.
        answers.sort_by(|a, b| (a.team as u8, &a.answers).cmp(&(b.team as u8, &b.answers)));
    }
    let result = closed.filter(|_| shown).map(|c| {
        let (sales, marketing) = (Side::of(r, Team::Sales), Side::of(r, Team::Marketing));
        ResultOut {
            causes_both: Agreement::of(&sales, &marketing).both,
            mean_score_sales: sales.score.map(|s| s.0),
            mean_score_marketing: marketing.score.map(|s| s.0),
            causes_sales: named(sales.causes),
            causes_marketing: named(marketing.causes),
            facts: &c.facts,
        }
    });
    let counts = |team| {
        let (answered, asked) = r.counts(team);
        Count { answered, asked }
    };
    ReviewOut {
        state: if closed.is_some() { "closed" } else { "open" },
        opened_by: r.opened_by.as_ref().map(|p| p.as_str()),
        opened_at: r.opened_at,
        closes_on: r.closes_on,
        closed_at: closed.map(|c| c.at),
        closed_by: closed.and_then(|c| c.by.as_ref()).map(|p| p.as_str()),
        questions: &r.questions,
        causes: &r.causes,
        anonymous: r.anonymous,
        answered: Counts {
            sales: counts(Team::Sales),
            marketing: counts(Team::Marketing),
        },
        withheld,
        answers,
        result,
    }
}

fn answer<'a>(r: &Review, a: &'a ReviewAnswer) -> AnswerOut<'a> {
    AnswerOut {
        team: a.team,
        person: (!r.anonymous).then_some(a.person.as_str()),
        answers: a
            .answers
            .iter()
            .map(|t| t.as_ref().map(|t| t.as_str()))
            .collect(),
        cause: a.cause.as_deref(),
        score: a.score.map(|s| s.get()),
    }
}

const CSV_HEADER: [&str; 10] = [
    "launch",
    "launch_date",
    "markets",
    "review_closed_at",
    "team",
    "person",
    "cause",
    "score",
    "answers",
    "linked_requests",
];

/// One row per answer of each closed round that may be shown.
fn write_csv(rows: &[LaunchOut<'_>], out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", CSV_HEADER.join(","))?;
    for row in rows {
        let Some(review) = &row.review else { continue };
        for a in &review.answers {
            let answers: Vec<String> = a
                .answers
                .iter()
                .enumerate()
                .filter_map(|(i, t)| t.map(|t| format!("{}. {t}", i + 1)))
                .collect();
            let cells = [
                row.name.to_string(),
                row.on.to_string(),
                row.markets.join("; "),
                review.closed_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                a.team.label().to_string(),
                a.person.unwrap_or_default().to_string(),
                a.cause.unwrap_or_default().to_string(),
                a.score.map(|s| s.to_string()).unwrap_or_default(),
                answers.join(" | "),
                row.linked_requests.join(" "),
            ];
            let cells: Vec<String> = cells.iter().map(|c| crate::export::csv_cell(c)).collect();
            writeln!(out, "{}", cells.join(","))?;
        }
    }
    Ok(())
}
