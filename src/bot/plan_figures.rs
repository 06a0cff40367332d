//! A plan's figures: the gap table (a team's figure shows to the other team only once both
//! are in) and, after the period, whose forecast came closer to what happened.

use std::cmp::Ordering;

use crate::domain::Team;
use crate::domain::plan::{AgreedFigure, Line, Plan, closer, miss_percent};
use crate::domain::text::clip;

/// How much of an agreed figure's reason the table shows (the export has it whole).
const REASON_CHARS: usize = 120;

/// Each line: both figures once both are in (else only the viewer's own team's), the gap,
/// and the agreed figure.
pub fn gap_table(plan: &Plan, viewer: Team) -> String {
    let rows: Vec<String> = plan
        .lines
        .iter()
        .map(|l| gap_row(plan, l, viewer))
        .collect();
    format!(
        "Forecast (a gap over {}% needs an agreed figure):\n{}",
        plan.gap_percent,
        rows.join("\n")
    )
}

fn gap_row(plan: &Plan, line: &Line, viewer: Team) -> String {
    let head = format!("{}. {}", line.number, line.label);
    let Some((sales, marketing)) = line.revealed() else {
        let side = |team: Team| match line.figure_of(team) {
            Some(f) if team == viewer => format!("{} {} (yours)", team.label(), f.value),
            Some(_) => format!("{} entered (hidden until yours is in)", team.label()),
            None => format!("{} not in yet", team.label()),
        };
        return format!("{head}: {} · {}", side(Team::Sales), side(Team::Marketing));
    };
    let gap = line.gap().unwrap_or(0.0);
    let over = gap > f64::from(plan.gap_percent);
    let agreed = match plan.agreed_figure(line) {
        Some(AgreedFigure::Set { value, reason, by }) => {
            format!(
                "agreed {value} ({by}: {})",
                clip(reason.as_str(), REASON_CHARS)
            )
        }
        Some(AgreedFigure::Within(value)) => format!("within the threshold: {value}"),
        None => "needs an agreed figure".to_string(),
    };
    format!(
        "{head}: Sales {} · Marketing {} · gap {gap:.1}%{} · {agreed}",
        sales.value,
        marketing.value,
        if over { " (over)" } else { "" }
    )
}

/// Whose forecast came closer to what happened, line by line and overall.
pub fn actuals(plan: &Plan) -> Option<String> {
    let mut rows = Vec::new();
    let (mut sales_closer, mut marketing_closer) = (0, 0);
    let (mut sales_miss, mut marketing_miss, mut counted) = (0.0, 0.0, 0);
    for line in &plan.lines {
        let (Some(actual), Some((sales, marketing))) = (&line.actual, line.revealed()) else {
            continue;
        };
        let verdict = match closer(sales.value, marketing.value, actual.value) {
            Ordering::Less => {
                sales_closer += 1;
                "Sales closer"
            }
            Ordering::Greater => {
                marketing_closer += 1;
                "Marketing closer"
            }
            Ordering::Equal => "equally close",
        };
        let miss =
            |f| miss_percent(f, actual.value).map_or(String::new(), |m| format!(" ({m:+.0}%)"));
        if let (Some(s), Some(m)) = (
            miss_percent(sales.value, actual.value),
            miss_percent(marketing.value, actual.value),
        ) {
            sales_miss += s;
            marketing_miss += m;
            counted += 1;
        }
        rows.push(format!(
            "{}. {}: actual {} · Sales {}{} · Marketing {}{} → {verdict}",
            line.number,
            line.label,
            actual.value,
            sales.value,
            miss(sales.value),
            marketing.value,
            miss(marketing.value)
        ));
    }
    if rows.is_empty() {
        return None;
    }
    let mut overall = format!(
        "Overall: Sales closer on {sales_closer}, Marketing closer on {marketing_closer} of {} line(s).",
        rows.len()
    );
    if counted > 0 {
        let n = f64::from(counted);
        overall.push_str(&format!(
            " Average bias: Sales {:+.0}%, Marketing {:+.0}% (+ is above what happened).",
            sales_miss / n,
            marketing_miss / n
        ));
    }
    Some(format!("What happened:\n{}\n{overall}", rows.join("\n")))
}
