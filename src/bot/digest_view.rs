//! How the digest looks, as a neutral message each platform renders.

use chrono_tz::Tz;

use super::format;
use crate::domain::digest::{AnswerRate, Timing};
use crate::domain::duration::humanize;
use crate::domain::stats::Figures;
use crate::domain::{Digest, Team};
use crate::message::{Block, Field, Message};

/// The digest as posted in the joint channel (and previewed by `digest`).
pub fn digest(d: &Digest, zone: Tz) -> Message {
    let start = d.period.start.with_timezone(&zone);
    let end = d.period.end.with_timezone(&zone);
    let header = format!(
        "Weekly digest · {} – {}",
        start.format("%a %-d %b"),
        end.format("%a %-d %b %Y")
    );
    let counts = [
        ("Opened", d.opened),
        ("Acknowledged", d.acknowledged),
        ("Delivered", d.delivered),
        ("Declined", d.declined),
        ("Blocked", d.blocked),
        ("Overdue", d.overdue.len()),
    ];
    let fields = counts
        .iter()
        .map(|(label, n)| Field::new(*label, n.to_string()))
        .collect();
    let mut message = Message::with_header(header)
        .push(Block::Fields { fields })
        .paragraph(response_times(d));
    if let Some(marketers) = per_marketer(d) {
        message = message.paragraph(marketers);
    }
    message = message
        .paragraph(answer_rates(&d.answer_rates))
        .paragraph(highlights(d));
    if !d.overdue.is_empty() {
        message = message.paragraph(overdue(d));
    }
    message.context(format!(
        "Requests acknowledged and delivered between {} and {}; overdue as of the end. \
         Times are from filing; median and 90th percentile.",
        format::when(d.period.start, zone),
        format::when(d.period.end, zone)
    ))
}

fn figures(f: &Figures) -> String {
    format!(
        "median {}, p90 {} ({} request{})",
        humanize(f.median),
        humanize(f.p90),
        f.count,
        if f.count == 1 { "" } else { "s" }
    )
}

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "–".into();
    }
    format!("{part} of {whole} ({}%)", (part * 100 + whole / 2) / whole)
}

fn response_times(d: &Digest) -> String {
    let acknowledge = match &d.to_acknowledge.overall {
        Some(f) => format!(
            "Time to acknowledge: {} · within {}: {}",
            figures(f),
            humanize(d.target),
            share(d.within_target, f.count)
        ),
        None => "Time to acknowledge: no requests acknowledged this week.".into(),
    };
    let deliver = match &d.to_deliver.overall {
        Some(f) => format!("Time to deliver: {}", figures(f)),
        None => "Time to deliver: no requests delivered this week.".into(),
    };
    format!("{acknowledge}\n{deliver}")
}

fn per_marketer(d: &Digest) -> Option<String> {
    let mut names: Vec<&crate::domain::PersonName> = d
        .to_acknowledge
        .per_marketer
        .iter()
        .chain(&d.to_deliver.per_marketer)
        .map(|(name, _)| name)
        .collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        return None;
    }
    let find = |timing: &Timing, name| {
        timing
            .per_marketer
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, f)| figures(f))
    };
    let lines: Vec<String> = names
        .iter()
        .map(|name| {
            let mut parts = Vec::new();
            if let Some(f) = find(&d.to_acknowledge, *name) {
                parts.push(format!("acknowledge {f}"));
            }
            if let Some(f) = find(&d.to_deliver, *name) {
                parts.push(format!("deliver {f}"));
            }
            format!("• {name}: {}", parts.join(" · "))
        })
        .collect();
    Some(format!("By marketer:\n{}", lines.join("\n")))
}

fn answer_rates(rates: &[AnswerRate]) -> String {
    let parts: Vec<String> = rates
        .iter()
        .map(|r| format!("{} {}", r.team.label(), share(r.answered, r.asked)))
        .collect();
    format!("Prompts answered: {}", parts.join(" · "))
}

fn highlights(d: &Digest) -> String {
    let mut lines = Vec::new();
    for team in [Team::Sales, Team::Marketing] {
        let quotes: Vec<String> = d
            .highlights
            .iter()
            .filter(|h| h.team == team)
            .map(|h| format!("• {}: “{}” ({})", h.person, clip(&h.answer), h.question))
            .collect();
        if quotes.is_empty() {
            lines.push(format!("{} said: no answers this week.", team.label()));
        } else {
            lines.push(format!("{} said:\n{}", team.label(), quotes.join("\n")));
        }
    }
    lines.join("\n")
}

/// At most 200 characters of an answer.
fn clip(text: &str) -> String {
    const MAX: usize = 200;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

fn overdue(d: &Digest) -> String {
    let lines: Vec<String> = d
        .overdue
        .iter()
        .map(|o| {
            let who = o
                .assignee
                .as_ref()
                .map_or("unassigned".to_string(), |a| a.to_string());
            format!(
                "• {} · {} — needed by {}, {} day{} late · {who}",
                o.id,
                o.title,
                format::date(o.needed_by),
                o.days_late,
                if o.days_late == 1 { "" } else { "s" }
            )
        })
        .collect();
    format!("Overdue:\n{}", lines.join("\n"))
}
