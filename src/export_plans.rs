//! Plans out (`tandem export --plans`): each plan with its inputs, objections, sign-offs and
//! every version (the change that made it). Blind means blind here too: a line's figures leave
//! Tandem only once both teams' are in; before that only whether each team has entered one.

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::Team;
use crate::domain::plan::{ChangeKind, Figure, Line, Objection, Plan, PlanInput, Signoff};
use crate::export::Format;

#[derive(Serialize)]
struct PlanOut<'a> {
    name: &'a str,
    state: &'static str,
    due: NaiveDate,
    opened_by: &'a str,
    opened_at: DateTime<Utc>,
    sections: &'a [String],
    gap_percent: u32,
    version: u32,
    agreed_version: Option<u32>,
    agreed_at: Option<DateTime<Utc>>,
    /// Who gave input, of how many, per team.
    buy_in: Vec<BuyIn>,
    inputs: Vec<InputOut<'a>>,
    objections: Vec<ObjectionOut<'a>>,
    lines: Vec<LineOut<'a>>,
    versions: Vec<VersionOut<'a>>,
    signoffs: Vec<SignoffOut<'a>>,
}

#[derive(Serialize)]
struct BuyIn {
    team: Team,
    gave_input: usize,
    of: usize,
}

#[derive(Serialize)]
struct InputOut<'a> {
    section: usize,
    by: &'a str,
    team: Team,
    text: &'a str,
    at: DateTime<Utc>,
}

#[derive(Serialize)]
struct ObjectionOut<'a> {
    number: usize,
    section: usize,
    by: &'a str,
    team: Team,
    reason: &'a str,
    at: DateTime<Utc>,
    resolved_by: Option<&'a str>,
    resolved_how: Option<&'a str>,
    resolved_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
struct LineOut<'a> {
    number: usize,
    label: &'a str,
    sales_entered: bool,
    marketing_entered: bool,
    /// Both teams' figures, once both are in (never one alone).
    figures: Vec<FigureOut<'a>>,
    gap_percent: Option<f64>,
    agreed: Option<f64>,
    actual: Option<f64>,
}

#[derive(Serialize)]
struct FigureOut<'a> {
    team: Team,
    value: f64,
    why: Option<&'a str>,
    by: &'a str,
    at: DateTime<Utc>,
}

#[derive(Serialize)]
struct VersionOut<'a> {
    version: u32,
    by: &'a str,
    at: DateTime<Utc>,
    change: &'static str,
    section: Option<usize>,
    line: Option<usize>,
    text: Option<&'a str>,
    value: Option<f64>,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct SignoffOut<'a> {
    team: Team,
    by: &'a str,
    version: u32,
    at: DateTime<Utc>,
    voided_at: Option<DateTime<Utc>>,
}

/// Writes `plans` as JSON (one object per plan) or CSV (one row per version).
pub fn write(plans: &[Plan], format: Format, out: &mut impl Write) -> io::Result<()> {
    let rows: Vec<PlanOut<'_>> = plans.iter().map(plan).collect();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)
        }
        Format::Csv => write_csv(&rows, out),
    }
}

fn plan(p: &Plan) -> PlanOut<'_> {
    PlanOut {
        name: p.name.as_str(),
        state: if p.is_agreed() { "agreed" } else { "open" },
        due: p.due,
        opened_by: p.opened_by.as_str(),
        opened_at: p.opened_at,
        sections: &p.sections,
        gap_percent: p.gap_percent,
        version: p.version(),
        agreed_version: p.agreed.as_ref().map(|a| a.version),
        agreed_at: p.agreed.as_ref().map(|a| a.at),
        buy_in: Team::ALL
            .into_iter()
            .map(|team| {
                let (gave_input, of) = p.contributors(team);
                BuyIn {
                    team,
                    gave_input,
                    of,
                }
            })
            .collect(),
        inputs: p.inputs.iter().map(input).collect(),
        objections: p.objections.iter().map(objection).collect(),
        lines: p.lines.iter().map(|l| line(p, l)).collect(),
        versions: p.changes.iter().map(version).collect(),
        signoffs: p.signoffs.iter().map(signoff).collect(),
    }
}

fn input(i: &PlanInput) -> InputOut<'_> {
    InputOut {
        section: i.section,
        by: i.by.as_str(),
        team: i.team,
        text: i.text.as_str(),
        at: i.at,
    }
}

fn objection(o: &Objection) -> ObjectionOut<'_> {
    let done = o.resolved.as_ref();
    ObjectionOut {
        number: o.number,
        section: o.section,
        by: o.by.as_str(),
        team: o.team,
        reason: o.reason.as_str(),
        at: o.at,
        resolved_by: done.map(|r| r.by.as_str()),
        resolved_how: done.map(|r| r.how.as_str()),
        resolved_at: done.map(|r| r.at),
    }
}

fn line<'a>(p: &'a Plan, l: &'a Line) -> LineOut<'a> {
    let figure = |f: &'a Figure| FigureOut {
        team: f.team,
        value: f.value.get(),
        why: f.why.as_ref().map(|t| t.as_str()),
        by: f.by.as_str(),
        at: f.at,
    };
    LineOut {
        number: l.number,
        label: l.label.as_str(),
        sales_entered: l.figure_of(Team::Sales).is_some(),
        marketing_entered: l.figure_of(Team::Marketing).is_some(),
        figures: l
            .revealed()
            .map(|(s, m)| vec![figure(s), figure(m)])
            .unwrap_or_default(),
        gap_percent: l.gap(),
        agreed: p.agreed_figure(l).map(|a| a.value().get()),
        actual: l.actual.as_ref().map(|a| a.value.get()),
    }
}

fn version(c: &crate::domain::plan::Change) -> VersionOut<'_> {
    let mut out = VersionOut {
        version: c.version,
        by: c.by.as_str(),
        at: c.at,
        change: "",
        section: None,
        line: None,
        text: None,
        value: None,
        reason: None,
    };
    match &c.what {
        ChangeKind::Draft { section, text } => {
            out.change = "draft";
            out.section = Some(*section);
            out.text = Some(text.as_str());
        }
        ChangeKind::Line { line, label } => {
            out.change = "line";
            out.line = Some(*line);
            out.text = Some(label.as_str());
        }
        ChangeKind::Agreed {
            line,
            value,
            reason,
        } => {
            out.change = "agreed_figure";
            out.line = Some(*line);
            out.value = Some(value.get());
            out.reason = Some(reason.as_str());
        }
    }
    out
}

fn signoff(s: &Signoff) -> SignoffOut<'_> {
    SignoffOut {
        team: s.team,
        by: s.by.as_str(),
        version: s.version,
        at: s.at,
        voided_at: s.voided_at,
    }
}

const CSV_HEADER: [&str; 10] = [
    "plan",
    "state",
    "version",
    "at",
    "by",
    "change",
    "section",
    "line",
    "text_or_value",
    "reason",
];

/// One row per version of each plan: the change that made it.
fn write_csv(rows: &[PlanOut<'_>], out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", CSV_HEADER.join(","))?;
    for row in rows {
        for v in &row.versions {
            let what = match (v.text, v.value) {
                (Some(text), _) => text.to_string(),
                (None, Some(value)) => value.to_string(),
                (None, None) => String::new(),
            };
            let cells = [
                row.name.to_string(),
                row.state.to_string(),
                v.version.to_string(),
                v.at.to_rfc3339(),
                v.by.to_string(),
                v.change.to_string(),
                v.section.map(|n| n.to_string()).unwrap_or_default(),
                v.line.map(|n| n.to_string()).unwrap_or_default(),
                what,
                v.reason.unwrap_or_default().to_string(),
            ];
            let cells: Vec<String> = cells.iter().map(|c| crate::export::csv_cell(c)).collect();
            writeln!(out, "{}", cells.join(","))?;
        }
    }
    Ok(())
}
