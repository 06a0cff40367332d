//! How a review round looks while open (counts only, and your own answers) and once closed
//! (both teams' views side by side, next to the facts).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::format;
use super::launch_views::{about, blind, fact_sheet, own_answers, reason};
use crate::domain::duration::humanize;
use crate::domain::facts::Facts;
use crate::domain::review_result::{Agreement, Side};
use crate::domain::{Launch, Person, Review, ReviewAnswer, Team};
use crate::message::{Block, Button, Column, Field, Message};

/// `launch show` while the round is open: how many answered per team, never what; the facts
/// it opened with; and the viewer's own answers.
pub fn status(
    launch: &Launch,
    review: &Review,
    viewer: &Person,
    now: DateTime<Utc>,
    zone: Tz,
) -> Message {
    let state = if review.is_open(now) {
        format!("open until the end of {}", format::date(review.closes_on))
    } else {
        "closing now: the result follows shortly".into()
    };
    let mut fields = vec![Field::new("Review", state)];
    fields.extend(counts(review));
    let mut message = Message::with_header(launch.label())
        .paragraph(about(launch))
        .push(Block::Fields { fields })
        .paragraph(fact_sheet(launch, &review.facts.requests, zone))
        .paragraph_if(super::launch_views::earlier_actions(
            &review.facts.earlier,
            zone,
        ));
    if review.was_asked(&viewer.name) {
        message = message.paragraph(own_answers(review.answer_of(&viewer.name)));
    }
    message.context(blind(review))
}

/// The answers one page of a result holds, weighed as the heavier platform counts them (Slack
/// counts `&` as five characters once escaped, Teams counts bytes): well inside one Slack
/// message's 50 blocks and a Teams card's 80 KB, with the rest of the result beside them.
const PAGE_WEIGHT: usize = 16_000;
/// The answers one team's column of one question holds on a page: within the six sections of
/// two fields Slack shows a set of columns in.
const COLUMN_WEIGHT: usize = 9_000;

/// The closed round, page 1 (the page posted in the channels): for each question Sales' and
/// Marketing's answers side by side, the causes per team and where they meet, the mean scores,
/// and the facts at the close.
pub fn result(launch: &Launch, review: &Review, zone: Tz) -> Message {
    result_page(launch, review, zone, 1).unwrap_or_default()
}

/// How many pages the closed round's answers take.
pub fn result_pages(review: &Review) -> usize {
    match review.withheld() {
        Some(_) => 1,
        None => answer_pages(review).len(),
    }
}

/// Page `page` (from 1) of the closed round's result; `None` past the last. Page 1 has the
/// counts, the causes, the facts and as many answers as fit; later pages go on with the
/// answers, and each says where the next one is.
pub fn result_page(launch: &Launch, review: &Review, zone: Tz, page: usize) -> Option<Message> {
    let sales = Side::of(review, Team::Sales);
    let marketing = Side::of(review, Team::Marketing);
    let withheld = review.withheld();
    let pages = match withheld {
        Some(_) => Vec::new(),
        None => answer_pages(review),
    };
    let count = pages.len().max(1);
    if page == 0 || page > count {
        return None;
    }
    let name = launch.name.as_str();
    if page > 1 {
        let message = Message::with_header(format!(
            "Launch review · {} · answers, page {page} of {count}",
            launch.label()
        ));
        let message = answers(message, review, &pages[page - 1]);
        return Some(next_page(message, name, page, count));
    }
    let shown = withheld.is_none();
    let mut fields = counts(review);
    if withheld.is_none() {
        fields.extend([score(&sales), score(&marketing)]);
    }
    let mut message = Message::with_header(format!("Launch review · {}", launch.label()))
        .paragraph(format!("{} {}", about(launch), when(review, zone)))
        .push(Block::Fields { fields });
    match withheld {
        Some(why) => message = message.paragraph(why),
        None => {
            message = answers(message, review, &pages[0]);
            message = causes(message, &sales, &marketing);
        }
    }
    let facts = review.closed.as_ref().map_or(&review.facts, |c| &c.facts);
    message = message
        .paragraph(format!("The facts: {}", summary(facts)))
        .paragraph(reasons(facts, zone))
        .paragraph(mentions(launch, facts, zone))
        .paragraph_if(super::launch_views::earlier_actions(&facts.earlier, zone));
    let names = if review.anonymous {
        " Names are left off: this review is anonymous."
    } else {
        ""
    };
    message = message.context(format!(
        "Answers were blind until the close: neither team wrote in answer to the other.{names}"
    ));
    if review.closed.is_some() && shown && !review.answers.is_empty() {
        message = super::action_views::act_on(message, name);
    }
    Some(next_page(message, name, page, count))
}

/// On a result of several pages, where the next one is (a button, and the line to type).
fn next_page(message: Message, launch: &str, page: usize, count: usize) -> Message {
    let message = message.shown_whole_by(format!("launch show {launch} page:{page}"));
    if page >= count {
        return message;
    }
    let command = format!("launch show {launch} page:{}", page + 1);
    message
        .context(format!(
            "More answers on page {} of {count}: `{command}`",
            page + 1
        ))
        .push(Block::Actions {
            buttons: vec![Button::new(
                "More answers",
                command,
                crate::message::ButtonStyle::Default,
            )],
        })
}

/// A question's answers on one page, Sales' and Marketing's; `continued` when the question's
/// answers began on an earlier page or column set.
struct Chunk {
    question: usize,
    continued: bool,
    sales: Vec<String>,
    marketing: Vec<String>,
}

/// The answers, question by question, cut into pages between answers: a page holds at most
/// `PAGE_WEIGHT`, one team's column of a question at most `COLUMN_WEIGHT`.
fn answer_pages(review: &Review) -> Vec<Vec<Chunk>> {
    let mut pages: Vec<Vec<Chunk>> = vec![Vec::new()];
    let mut used = 0;
    for question in 0..review.questions.len() {
        let mut sales = column_items(review, Team::Sales, question)
            .into_iter()
            .peekable();
        let mut marketing = column_items(review, Team::Marketing, question)
            .into_iter()
            .peekable();
        let mut continued = false;
        loop {
            let mut chunk = Chunk {
                question,
                continued,
                sales: Vec::new(),
                marketing: Vec::new(),
            };
            let (mut in_sales, mut in_marketing) = (0, 0);
            loop {
                let mut took = false;
                for (items, column, weight) in [
                    (&mut sales, &mut chunk.sales, &mut in_sales),
                    (&mut marketing, &mut chunk.marketing, &mut in_marketing),
                ] {
                    let Some(next) = items.peek() else {
                        continue;
                    };
                    let w = crate::domain::limits::weight(next);
                    // A fresh page takes at least one answer, whatever its weight.
                    let first = used == 0 && column.is_empty();
                    if first || (*weight + w <= COLUMN_WEIGHT && used + w <= PAGE_WEIGHT) {
                        column.extend(items.next());
                        *weight += w;
                        used += w;
                        took = true;
                    }
                }
                if !took {
                    break;
                }
            }
            let done = sales.peek().is_none() && marketing.peek().is_none();
            if !chunk.sales.is_empty() || !chunk.marketing.is_empty() || done {
                if let Some(current) = pages.last_mut() {
                    current.push(chunk);
                }
            }
            if done {
                break;
            }
            pages.push(Vec::new());
            used = 0;
            continued = true;
        }
    }
    pages
}

/// One team's answers to question `question`, as the result lists them.
fn column_items(review: &Review, team: Team, question: usize) -> Vec<String> {
    let mut items: Vec<String> = review
        .answers_of(team)
        .filter_map(|a| {
            Some(entry(
                review,
                a,
                a.answers.get(question)?.as_ref()?.as_str(),
            ))
        })
        .collect();
    if review.anonymous {
        // The order answers came in could tell who gave them.
        items.sort();
    }
    items
}

/// A page's answers, each question's Sales and Marketing columns side by side.
fn answers(mut message: Message, review: &Review, chunks: &[Chunk]) -> Message {
    for chunk in chunks {
        let Some(question) = review.questions.get(chunk.question) else {
            continue;
        };
        let continued = if chunk.continued { " (continued)" } else { "" };
        let column = |team: Team, items: &[String]| {
            let items = if items.is_empty() && !chunk.continued {
                or_none(Vec::new())
            } else if items.is_empty() {
                vec!["(more on another page)".into()]
            } else {
                items.to_vec()
            };
            Column::new(team.label(), items)
        };
        message = message
            .paragraph(format!("{}. {question}{continued}", chunk.question + 1))
            .push(Block::Columns {
                columns: vec![
                    column(Team::Sales, &chunk.sales),
                    column(Team::Marketing, &chunk.marketing),
                ],
            });
    }
    message
}

/// The causes each team named, side by side, and where they meet.
fn causes(message: Message, sales: &Side, marketing: &Side) -> Message {
    let tally = |side: &Side| {
        let items = side
            .causes
            .iter()
            .map(|(cause, n)| format!("{cause} ×{n}"))
            .collect();
        Column::new(side.team.label(), or_none(items))
    };
    message
        .paragraph("What held it back or carried it, by cause")
        .push(Block::Columns {
            columns: vec![tally(sales), tally(marketing)],
        })
        .paragraph(agreement(&Agreement::of(sales, marketing)))
}

/// One answer in a column: `Asha (ANS-4): …`, or only the text in an anonymous review.
fn entry(review: &Review, answer: &ReviewAnswer, text: &str) -> String {
    if review.anonymous {
        return text.to_string();
    }
    match answer.shared {
        Some(id) => format!("{} ({id}): {text}", answer.person),
        None => format!("{}: {text}", answer.person),
    }
}

fn or_none(items: Vec<String>) -> Vec<String> {
    if items.is_empty() {
        return vec!["(no answers)".into()];
    }
    items
}

fn agreement(a: &Agreement) -> String {
    let list = |causes: &[String]| causes.join(", ");
    let mut parts = Vec::new();
    if !a.both.is_empty() {
        parts.push(format!("Both teams name {}.", list(&a.both)));
    }
    if !a.only_sales.is_empty() {
        parts.push(format!("Sales alone names {}.", list(&a.only_sales)));
    }
    if !a.only_marketing.is_empty() {
        parts.push(format!(
            "Marketing alone names {}.",
            list(&a.only_marketing)
        ));
    }
    parts.push(
        match a.same_top {
            Some(true) => "The causes each team names most agree.",
            Some(false) => "The causes each team names most differ.",
            None => "Not both teams named a cause.",
        }
        .into(),
    );
    parts.join(" ")
}

fn counts(review: &Review) -> Vec<Field> {
    Team::ALL
        .iter()
        .map(|team| {
            let (answered, asked) = review.counts(*team);
            Field::new(
                format!("{} answered", team.label()),
                format!("{answered} of {asked}"),
            )
        })
        .collect()
}

fn score(side: &Side) -> Field {
    let value = match side.score {
        Some((mean, n)) => format!(
            "{mean:.1} of 5 ({n} score{})",
            if n == 1 { "" } else { "s" }
        ),
        None => "no scores".into(),
    };
    Field::new(format!("{} mean score", side.team.label()), value)
}

fn when(review: &Review, zone: Tz) -> String {
    let opened = match &review.opened_by {
        Some(lead) => format!("opened by {lead}"),
        None => "opened by itself".into(),
    };
    let Some(closed) = &review.closed else {
        return format!("Review {opened} {}.", format::when(review.opened_at, zone));
    };
    let by = match &closed.by {
        Some(lead) => format!("closed by {lead}"),
        None => "closed at its date".into(),
    };
    format!(
        "Review {opened} {}, {by} {}.",
        format::when(review.opened_at, zone),
        format::when(closed.at, zone)
    )
}

fn summary(facts: &Facts) -> String {
    let n = facts.requests.len();
    let median = |d: Option<chrono::Duration>| d.map_or("–".to_string(), humanize);
    format!(
        "{n} request{} linked · median time to acknowledge {} · median time to deliver {} · \
         {} delivered after the needed-by date",
        if n == 1 { "" } else { "s" },
        median(facts.median_to_acknowledge()),
        median(facts.median_to_deliver()),
        facts.delivered_late()
    )
}

fn reasons(facts: &Facts, zone: Tz) -> String {
    let lines: Vec<String> = facts
        .requests
        .iter()
        .flat_map(|f| {
            let blocked = f
                .blocks
                .iter()
                .map(move |r| (f.id, reason("blocked", r, zone)));
            let declined = f
                .declines
                .iter()
                .map(move |r| (f.id, reason("declined", r, zone)));
            blocked.chain(declined)
        })
        .map(|(id, text)| format!("• {id} {text}"))
        .collect();
    if lines.is_empty() {
        return "No linked request was blocked or declined.".into();
    }
    format!(
        "Every block and decline, with the reason given:\n{}",
        lines.join("\n")
    )
}

fn mentions(launch: &Launch, facts: &Facts, zone: Tz) -> String {
    let window = format!(
        "from 30 days before {} to the close",
        format::date(launch.on)
    );
    if facts.mentions.is_empty() {
        return format!("No prompt answer named {} ({window}).", launch.name);
    }
    let lines: Vec<String> = facts
        .mentions
        .iter()
        .map(|m| {
            format!(
                "• {} ({}) in {}, {}: “{}” — to “{}”",
                m.person,
                m.team.label(),
                m.prompt,
                format::when(m.at, zone),
                m.answer,
                m.question
            )
        })
        .collect();
    format!(
        "Prompt answers that name {} ({window}):\n{}",
        launch.name,
        lines.join("\n")
    )
}
