//! The scorecard as people read it: sections of figures (this month beside the one before) and
//! their charts, shared by the HTML page and the PNG card. No data reads "no data", never 0.

use chrono::Duration;
use chrono_tz::Tz;

use super::svg::{self, Chart, Series};
use crate::domain::duration::humanize;
use crate::domain::scorecard::{Requests, Scorecard, Share, Versus, VisitRow};
use crate::domain::{Month, Team};

/// What a missing figure reads.
pub const NO_DATA: &str = "no data";

pub struct Sheet {
    pub title: String,
    /// The two columns' headings: this month, the month before.
    pub columns: [String; 2],
    /// Said when the month has nothing on record.
    pub empty: Option<String>,
    pub sections: Vec<Section>,
    pub summary: String,
}

pub struct Section {
    pub title: String,
    pub rows: Vec<Row>,
    /// Each an `<svg>` element.
    pub charts: Vec<String>,
}

pub struct Row {
    pub label: String,
    pub now: String,
    pub before: String,
}

impl Sheet {
    pub fn of(card: &Scorecard, zone: Tz) -> Sheet {
        let names = [name(card.month), name(card.month.previous())];
        let mut sections = vec![requests(card, zone)];
        if let Some((target, rows)) = &card.visits {
            sections.push(if rows.len() > MARKETERS_BY_NAME {
                visits_in_all(*target, rows, &names)
            } else {
                visits_by_marketer(*target, rows, &names)
            });
        }
        if let Some(levels) = &card.pairing {
            let rows: Vec<(String, Versus<Share>)> = levels
                .iter()
                .map(|l| (format!("Pairs met: {}", level(l.level)), l.met.clone()))
                .collect();
            sections.push(shares("Pairing", "Pairs who met, by level", &names, &rows));
        }
        sections.push(actions(card));
        sections.push(reviews(card));
        if let Some(prompts) = &card.prompts {
            let rows: Vec<(String, Versus<Share>)> = prompts
                .iter()
                .map(|p| {
                    (
                        format!("{} answered prompts", p.team.label()),
                        p.answered.clone(),
                    )
                })
                .collect();
            sections.push(shares(
                "Prompts",
                "Prompt answer rate, by team",
                &names,
                &rows,
            ));
        }
        Sheet {
            title: format!("Tandem scorecard · {}", names[0]),
            empty: card.is_empty().then(|| {
                format!(
                    "Nothing is on record for {} yet: the figures below are empty, not zero-filled.",
                    names[0]
                )
            }),
            summary: summary(card, &names),
            columns: names,
            sections,
        }
    }
}

/// "March 2027".
pub fn name(month: Month) -> String {
    month.start().format("%B %Y").to_string()
}

/// "67% (2 of 3)", or no data.
pub fn share(s: Share) -> String {
    match s.percent() {
        Some(p) => format!("{p}% ({} of {})", s.part, s.whole),
        None => NO_DATA.into(),
    }
}

fn median(d: Option<Duration>) -> String {
    d.map_or(NO_DATA.into(), humanize)
}

/// In hours, to a tenth.
fn hours(d: Option<Duration>) -> Option<f64> {
    d.map(|d| (d.num_minutes() as f64 / 6.0).round() / 10.0)
}

/// In days, to a tenth.
fn days(d: Option<Duration>) -> Option<f64> {
    d.map(|d| (d.num_minutes() as f64 / 144.0).round() / 10.0)
}

fn as_f64(n: usize) -> Option<f64> {
    Some(n as f64)
}

fn percent(s: Share) -> Option<f64> {
    s.percent().map(|p| p as f64)
}

impl<T> Versus<T> {
    pub fn map<U>(self, f: impl Fn(T) -> U) -> Versus<U> {
        Versus {
            now: f(self.now),
            before: f(self.before),
        }
    }
}

fn versus_series(
    names: &[String; 2],
    values: impl Iterator<Item = Versus<Option<f64>>>,
) -> Vec<Series> {
    let (now, before): (Vec<_>, Vec<_>) = values.map(|v| (v.now, v.before)).unzip();
    vec![
        Series::new(names[0].clone(), now),
        Series::new(names[1].clone(), before),
    ]
}

fn row(label: &str, v: &Versus<Requests>, f: impl Fn(&Requests) -> String) -> Row {
    Row {
        label: label.into(),
        now: f(&v.now),
        before: f(&v.before),
    }
}

fn requests(card: &Scorecard, zone: Tz) -> Section {
    let v = &card.requests;
    let target = humanize(card.target);
    let within = format!("Acknowledged within {target}");
    let rows = vec![
        row("Requests filed", v, |r| r.filed.to_string()),
        row("Delivered", v, |r| r.delivered.to_string()),
        row("Declined", v, |r| r.declined.to_string()),
        row("Median time to acknowledge", v, |r| {
            median(r.to_acknowledge)
        }),
        row("Median time to deliver", v, |r| median(r.to_deliver)),
        row(&within, v, |r| share(r.within)),
    ];
    let labels: Vec<String> = card
        .weeks
        .iter()
        .map(|w| w.start.with_timezone(&zone).format("%-d %b").to_string())
        .collect();
    let pick = |f: fn(&Requests) -> Option<f64>| card.weeks.iter().map(|w| f(&w.figures)).collect();
    let charts = vec![
        svg::lines(&Chart {
            title: "Median time to acknowledge, by week",
            labels: &labels,
            series: &[Series::new("hours", pick(|r| hours(r.to_acknowledge)))],
            unit: "h",
        }),
        svg::lines(&Chart {
            title: "Median time to deliver, by week",
            labels: &labels,
            series: &[Series::new("days", pick(|r| days(r.to_deliver)))],
            unit: "d",
        }),
        svg::bars(
            &Chart {
                title: &format!("{within}, by week"),
                labels: &labels,
                series: &[Series::new("share", pick(|r| percent(r.within)))],
                unit: "%",
            },
            None,
        ),
        svg::bars(
            &Chart {
                title: "Requests filed and delivered, by week",
                labels: &labels,
                series: &[
                    Series::new("filed", pick(|r| as_f64(r.filed))),
                    Series::new("delivered", pick(|r| as_f64(r.delivered))),
                ],
                unit: "",
            },
            None,
        ),
    ];
    Section {
        title: "Requests".into(),
        rows,
        charts,
    }
}

fn shares(
    title: &str,
    chart: &str,
    names: &[String; 2],
    rows: &[(String, Versus<Share>)],
) -> Section {
    let labels: Vec<String> = rows
        .iter()
        .map(|(l, _)| {
            l.rsplit(": ")
                .next()
                .unwrap_or(l)
                .replace(" answered prompts", "")
        })
        .collect();
    let series = versus_series(names, rows.iter().map(|(_, v)| v.clone().map(percent)));
    Section {
        title: title.into(),
        rows: rows
            .iter()
            .map(|(label, v)| Row {
                label: label.clone(),
                now: share(v.now),
                before: share(v.before),
            })
            .collect(),
        charts: vec![svg::bars(
            &Chart {
                title: chart,
                labels: &labels,
                series: &series,
                unit: "%",
            },
            None,
        )],
    }
}

fn actions(card: &Scorecard) -> Section {
    let a = &card.actions;
    let both = |f: fn(&crate::domain::scorecard::Actions) -> String| (f(&a.now), f(&a.before));
    let rows = [
        ("Actions opened", both(|x| x.opened.to_string())),
        (
            "Actions closed (done)",
            both(|x| format!("{} ({})", x.closed, x.done)),
        ),
        ("Shared answers acted on", both(|x| share(x.acted_on))),
    ];
    plain("You said → we did", &rows)
}

fn reviews(card: &Scorecard) -> Section {
    let r = &card.reviews;
    let rows = [
        (
            "Launch reviews held",
            (r.now.held.to_string(), r.before.held.to_string()),
        ),
        (
            "Teams agreed on the cause",
            (share(r.now.agreed), share(r.before.agreed)),
        ),
    ];
    plain("Launch reviews", &rows)
}

fn plain(title: &str, rows: &[(&str, (String, String))]) -> Section {
    Section {
        title: title.into(),
        rows: rows
            .iter()
            .map(|(label, (now, before))| Row {
                label: (*label).into(),
                now: now.clone(),
                before: before.clone(),
            })
            .collect(),
        charts: Vec::new(),
    }
}

fn level(level: crate::domain::pairing::Level) -> &'static str {
    use crate::domain::pairing::Level;
    match level {
        Level::Members => "members",
        Level::Leads => "leads",
        Level::Cross => "across levels",
    }
}

/// One paragraph for chat, beside the picture.
pub fn summary(card: &Scorecard, names: &[String; 2]) -> String {
    let (now, before) = (&card.requests.now, &card.requests.before);
    let mut parts = vec![format!(
        "{}: {} filed ({} in {}), {} delivered, {} declined; median time to acknowledge {} ({} before), to deliver {}; {} acknowledged within {}.",
        names[0],
        match now.filed {
            1 => "1 request".to_string(),
            n => format!("{n} requests"),
        },
        before.filed,
        names[1],
        now.delivered,
        now.declined,
        median(now.to_acknowledge),
        median(before.to_acknowledge),
        median(now.to_deliver),
        share(now.within),
        humanize(card.target),
    )];
    if let Some((target, rows)) = &card.visits {
        let met = rows
            .iter()
            .filter(|r| r.done.now >= *target as usize)
            .count();
        parts.push(format!(
            "{met} of {} marketers reached {target} market visits.",
            rows.len()
        ));
    }
    if let Some(levels) = &card.pairing {
        let all = levels.iter().fold(Share::default(), |s, l| Share {
            part: s.part + l.met.now.part,
            whole: s.whole + l.met.now.whole,
        });
        parts.push(format!("Pairs met: {}.", share(all)));
    }
    let a = &card.actions.now;
    parts.push(format!(
        "{} actions opened, {} closed; shared answers acted on: {}.",
        a.opened,
        a.closed,
        share(a.acted_on)
    ));
    if card.prompts.is_some() {
        let rates: Vec<String> = card
            .prompts
            .iter()
            .flatten()
            .map(|p| format!("{} {}", team(p.team), share(p.answered.now)))
            .collect();
        parts.push(format!("Prompts answered: {}.", rates.join(", ")));
    }
    parts.join(" ")
}

/// Up to this many marketers are each a row and a bar; more are counted, so the card stays a
/// picture to take in at a glance (`visit list` and `export --visits` name everyone).
pub const MARKETERS_BY_NAME: usize = 12;

fn visits_by_marketer(target: u32, rows: &[VisitRow], names: &[String; 2]) -> Section {
    let labels: Vec<String> = rows.iter().map(marketer).collect();
    let series = versus_series(names, rows.iter().map(|r| r.done.clone().map(as_f64)));
    let chart = svg::bars(
        &Chart {
            title: &format!("Market visits per marketer (target {target})"),
            labels: &labels,
            series: &series,
            unit: "",
        },
        Some(f64::from(target)),
    );
    Section {
        title: "Market visits".into(),
        rows: rows
            .iter()
            .map(|r| Row {
                label: match r.former {
                    true => marketer(r),
                    false => format!("{} (target {target})", r.marketer),
                },
                now: r.done.now.to_string(),
                before: r.done.before.to_string(),
            })
            .collect(),
        charts: vec![chart],
    }
}

/// A marketer's name, "(former)" after it when they have left.
fn marketer(row: &VisitRow) -> String {
    match row.former {
        true => format!("{} (former)", row.marketer),
        false => row.marketer.to_string(),
    }
}

/// Many marketers: how many reached the target, how many made no visit, the visits in all, and
/// a chart of how many marketers made each number of visits (the last bar: the target or more).
fn visits_in_all(target: u32, rows: &[VisitRow], names: &[String; 2]) -> Section {
    let target = target as usize;
    let count = |f: &dyn Fn(usize) -> bool| Versus {
        now: rows.iter().filter(|r| f(r.done.now)).count(),
        before: rows.iter().filter(|r| f(r.done.before)).count(),
    };
    let of_all = |v: Versus<usize>, label: String| Row {
        label,
        now: format!("{} of {}", v.now, rows.len()),
        before: format!("{} of {}", v.before, rows.len()),
    };
    let total = Versus {
        now: rows.iter().map(|r| r.done.now).sum::<usize>(),
        before: rows.iter().map(|r| r.done.before).sum::<usize>(),
    };
    let buckets = target.max(1);
    let labels: Vec<String> = (0..=buckets)
        .map(|n| {
            if n == buckets {
                format!("{n}+")
            } else {
                n.to_string()
            }
        })
        .collect();
    let bucket = |done: usize| done.min(buckets);
    let series = versus_series(
        names,
        (0..=buckets).map(|b| count(&|done| bucket(done) == b).map(as_f64)),
    );
    let chart = svg::bars(
        &Chart {
            title: &format!("Marketers by visits made (target {target})"),
            labels: &labels,
            series: &series,
            unit: "",
        },
        None,
    );
    Section {
        title: "Market visits".into(),
        rows: vec![
            of_all(
                count(&|done| done >= target),
                format!("Marketers who reached {target} visits"),
            ),
            of_all(count(&|done| done == 0), "Marketers with no visit".into()),
            Row {
                label: "Visits in all".into(),
                now: total.now.to_string(),
                before: total.before.to_string(),
            },
        ],
        charts: vec![chart],
    }
}

fn team(team: Team) -> &'static str {
    team.label()
}
