//! How the digest looks, as a neutral message each platform renders.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use super::format;
use crate::domain::digest::AnswerRate;
use crate::domain::duration::humanize;
use crate::domain::stats::Figures;
use crate::domain::text::clip;
use crate::domain::{Digest, Directory, PersonName, Team};
use crate::message::{Block, Field, Message};

/// The most lines a list in the digest shows (marketers, overdue requests).
const MAX_LINES: usize = 10;
/// The most characters of an answer the digest quotes.
const QUOTED_CHARS: usize = 200;

/// The digest as posted in the joint channel (and previewed by `digest`); people who have left
/// are named as former members.
pub fn digest(d: &Digest, zone: Tz, directory: &Directory) -> Message {
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
    if let Some(marketers) = per_marketer(d, directory) {
        message = message.paragraph(marketers);
    }
    message = message
        .paragraph(answer_rates(&d.answer_rates))
        .paragraph(highlights(d, directory));
    if !d.overdue.is_empty() {
        message = message.paragraph(overdue(d, directory));
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

/// The busiest marketers first (by steps taken), at most `MAX_LINES` of them.
fn per_marketer(d: &Digest, directory: &Directory) -> Option<String> {
    type Pair<'a> = (Option<&'a Figures>, Option<&'a Figures>);
    let mut by_name: BTreeMap<&PersonName, Pair<'_>> = BTreeMap::new();
    for (name, f) in &d.to_acknowledge.per_marketer {
        by_name.entry(name).or_default().0 = Some(f);
    }
    for (name, f) in &d.to_deliver.per_marketer {
        by_name.entry(name).or_default().1 = Some(f);
    }
    if by_name.is_empty() {
        return None;
    }
    let steps = |(a, b): &Pair<'_>| a.map_or(0, |f| f.count) + b.map_or(0, |f| f.count);
    let mut rows: Vec<(&PersonName, Pair<'_>)> = by_name.into_iter().collect();
    rows.sort_by_key(|(name, pair)| (std::cmp::Reverse(steps(pair)), *name));
    let mut lines: Vec<String> = rows
        .iter()
        .take(MAX_LINES)
        .map(|(name, (acknowledge, deliver))| {
            let mut parts = Vec::new();
            if let Some(f) = acknowledge {
                parts.push(format!("acknowledge {}", figures(f)));
            }
            if let Some(f) = deliver {
                parts.push(format!("deliver {}", figures(f)));
            }
            format!(
                "• {}: {}",
                directory.shown(name.as_str()),
                parts.join(" · ")
            )
        })
        .collect();
    if rows.len() > MAX_LINES {
        lines.push(format!("… and {} more.", rows.len() - MAX_LINES));
    }
    Some(format!("By marketer:\n{}", lines.join("\n")))
}

fn answer_rates(rates: &[AnswerRate]) -> String {
    let parts: Vec<String> = rates
        .iter()
        .map(|r| format!("{} {}", r.team.label(), share(r.answered, r.asked)))
        .collect();
    format!("Prompts answered: {}", parts.join(" · "))
}

fn highlights(d: &Digest, directory: &Directory) -> String {
    let mut lines = Vec::new();
    for team in [Team::Sales, Team::Marketing] {
        let quotes: Vec<String> = d
            .highlights
            .iter()
            .filter(|h| h.team == team)
            .map(|h| {
                format!(
                    "• {}: “{}” ({})",
                    directory.shown(h.person.as_str()),
                    clip(&h.answer, QUOTED_CHARS),
                    h.question
                )
            })
            .collect();
        if quotes.is_empty() {
            lines.push(format!("{} said: no answers this week.", team.label()));
        } else {
            lines.push(format!("{} said:\n{}", team.label(), quotes.join("\n")));
        }
    }
    lines.join("\n")
}

fn overdue(d: &Digest, directory: &Directory) -> String {
    let mut lines: Vec<String> = d
        .overdue
        .iter()
        .take(MAX_LINES)
        .map(|o| {
            let who = o
                .assignee
                .as_ref()
                .map_or("unassigned".to_string(), |a| directory.shown(a.as_str()));
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
    if d.overdue.len() > MAX_LINES {
        lines.push(format!(
            "… and {} more: `list overdue` shows them all.",
            d.overdue.len() - MAX_LINES
        ));
    }
    format!("Overdue:\n{}", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::domain::digest::{Overdue, Period, Timing};
    use crate::domain::{RequestId, Title};

    fn busy_week() -> Digest {
        let end = Utc
            .with_ymd_and_hms(2026, 11, 30, 3, 30, 0)
            .single()
            .expect("valid");
        let one = |n: usize| Figures {
            count: n,
            median: Duration::hours(2),
            p90: Duration::hours(3),
        };
        let per_marketer = (1..=12)
            .map(|n| (PersonName::new(format!("M{n:02}")), one(n)))
            .collect();
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid");
        let overdue = (1..=12)
            .map(|n| Overdue {
                id: RequestId::new(n).expect("id"),
                title: Title::parse("Talkers").expect("title"),
                assignee: None,
                needed_by: day,
                days_late: 10,
            })
            .collect();
        Digest {
            period: Period {
                start: end - Duration::days(7),
                end,
            },
            opened: 0,
            acknowledged: 78,
            delivered: 0,
            declined: 0,
            blocked: 0,
            to_acknowledge: Timing {
                overall: Some(one(78)),
                per_marketer,
            },
            to_deliver: Timing::default(),
            within_target: 78,
            target: Duration::days(1),
            answer_rates: Vec::new(),
            highlights: Vec::new(),
            overdue,
        }
    }

    #[test]
    fn long_lists_show_the_first_ten_and_say_how_many_more() {
        let text = crate::message::render_plain(&digest(
            &busy_week(),
            chrono_tz::Asia::Kolkata,
            &Directory::default(),
        ));
        assert!(
            text.contains("By marketer:\n• M12: acknowledge median 2h"),
            "{text}"
        );
        assert!(
            text.contains("… and 2 more.") && !text.contains("• M01:"),
            "{text}"
        );
        assert!(
            text.contains("… and 2 more: `list overdue` shows them all."),
            "{text}"
        );
        assert_eq!(text.matches("· Talkers —").count(), 10, "{text}");
    }

    #[test]
    fn people_who_left_are_named_as_former_members() {
        let m12 = crate::domain::Person {
            name: PersonName::new("M12"),
            team: Team::Marketing,
            role: crate::domain::Role::Member,
            timezone: None,
            accounts: Vec::new(),
        };
        let directory = Directory::default().with_former(vec![m12]);
        let mut week = busy_week();
        week.overdue[0].assignee = Some(PersonName::new("M12"));
        week.overdue[1].assignee = Some(PersonName::new("M03"));
        let text =
            crate::message::render_plain(&digest(&week, chrono_tz::Asia::Kolkata, &directory));
        assert!(
            text.contains("• M12 (former member): acknowledge median 2h"),
            "{text}"
        );
        assert!(text.contains("late · M12 (former member)\n"), "{text}");
        assert!(text.contains("late · M03\n"), "{text}");
    }
}
