//! How pairing looks: the introduction each pair gets, "did you meet?", a shared takeaway, the
//! private notices, `pair list`, and the digest's paragraph.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::pairing::{
    Level, MetAnswer, Pair, PairRound, PairState, RoundKind, RoundRate, percent,
};
use crate::domain::{PersonName, Text};
use crate::message::{Block, Button, ButtonStyle, Message};

/// The most pairs `pair list all` shows; the rest are counted.
pub const MAX_LISTED: usize = 40;

/// `Mon 7 Dec`
fn day(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%a %-d %b").to_string()
}

/// `Asha`, `Asha and Vikram`, `Asha, Vikram and Meera`.
pub fn and_list(names: &[&PersonName]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(|n| n.as_str()).collect();
            format!("{} and {last}", rest.join(", "))
        }
    }
}

/// `Asha × Priya`, `Asha, Vikram × Priya`.
pub fn people(pair: &Pair) -> String {
    let side = |names: &[PersonName]| {
        let names: Vec<&str> = names.iter().map(PersonName::as_str).collect();
        names.join(", ")
    };
    format!("{} × {}", side(&pair.sales), side(&pair.marketing))
}

/// The message a new pair gets, together.
pub fn intro(pair: &Pair, kind: RoundKind, topics: &[String], zone: Tz) -> Message {
    let side = |names: &[PersonName], team: &str| {
        let names: Vec<&PersonName> = names.iter().collect();
        format!("{} ({team})", and_list(&names))
    };
    let header = format!(
        "{} · {} × {}",
        pair.id,
        side(&pair.sales, "Sales"),
        side(&pair.marketing, "Marketing")
    );
    let what = match kind {
        RoundKind::SameLevel => "this round of Sales × Marketing pairing",
        RoundKind::CrossLevel => {
            "this round of Sales × Marketing pairing (cross-level: leads meet someone from the \
             other team's front line)"
        }
    };
    let lines: Vec<String> = topics.iter().map(|t| format!("• {t}")).collect();
    Message::with_header(header)
        .paragraph(format!(
            "You're paired for {what}. Find half an hour to talk before {}: a call, a coffee, \
             a market visit together.",
            day(pair.check_at, zone)
        ))
        .paragraph(format!("Worth talking about:\n{}", lines.join("\n")))
        .context(format!(
            "On {} Tandem asks each of you whether you met. `pair skip` sits out the next round.",
            day(pair.check_at, zone)
        ))
}

/// "Did you meet?" to one person of a pair, with buttons for the answers.
pub fn check(pair: &Pair, to: &PersonName, again: bool, zone: Tz) -> Message {
    let others = pair.others(to);
    let names = and_list(&others);
    let opening = if again {
        format!(
            "You said not yet; asking once more. Tandem paired you with {names} on {}.",
            day(pair.formed_at, zone)
        )
    } else {
        format!(
            "Tandem paired you with {names} on {}.",
            day(pair.formed_at, zone)
        )
    };
    let button = |label: &str, answer: MetAnswer, style| {
        Button::new(
            label,
            format!("pair met {} {}", pair.id, answer.word()),
            style,
        )
    };
    Message::with_header(format!("{} · did you meet {names}?", pair.id))
        .paragraph(opening)
        .push(Block::Actions {
            buttons: vec![
                button("Yes", MetAnswer::Yes, ButtonStyle::Primary),
                button("Not yet", MetAnswer::NotYet, ButtonStyle::Default),
                button("No", MetAnswer::No, ButtonStyle::Default),
            ],
        })
        .context(format!(
            "One yes counts for {all}. A one-line takeaway goes to {all}: \
             `pair met {} yes <takeaway>`.",
            pair.id,
            all = you_all(pair)
        ))
}

/// `you both`, or `all of you` in a group of three.
fn you_all(pair: &Pair) -> &'static str {
    if pair.people().count() == 2 {
        "you both"
    } else {
        "all of you"
    }
}

/// A takeaway, shared with everyone in the pair, with "We'll act on this".
pub fn takeaway(pair: &Pair, from: &PersonName, text: &Text) -> Message {
    let everyone: Vec<&PersonName> = pair.people().collect();
    let message = Message::with_header(format!("{} · {from}'s takeaway", pair.id))
        .paragraph(format!("“{text}”"))
        .context(format!("{} met for {}.", and_list(&everyone), pair.id));
    super::action_views::act_on(message, &pair.id.to_string())
}

/// The private notice to someone paused for leaving rounds unanswered.
pub fn paused(limit: u32) -> Message {
    Message::with_header("Pairing is paused for you").paragraph(format!(
        "The last {limit} rounds' “did you meet?” went unanswered, so Tandem won't pair you \
         for now. Nobody else is told. `pair resume` brings you back."
    ))
}

/// The notice to someone a round had no room for.
pub fn sat_out(round: &PairRound) -> Message {
    Message::text(format!(
        "No pair for you in pairing round {}: your side has more people at your level than the \
         other side can meet this time. You'll be among the first next round.",
        round.number
    ))
}

/// Where a pair stands, in a few words.
pub fn state(pair: &Pair, now: DateTime<Utc>, zone: Tz) -> String {
    match pair.state() {
        PairState::Met => "met".to_string(),
        PairState::NotMet => "didn't meet".to_string(),
        PairState::Open if now < pair.check_at => {
            format!("asked whether they met on {}", day(pair.check_at, zone))
        }
        PairState::Open => {
            let answers: Vec<String> = pair
                .checks
                .iter()
                .filter_map(|(name, check)| check.answer.map(|a| (name, a)))
                .map(|(name, answer)| match answer {
                    MetAnswer::NotYet => format!("{name}: not yet"),
                    other => format!("{name}: {}", other.word()),
                })
                .collect();
            if answers.is_empty() {
                "asked, no answer yet".to_string()
            } else {
                format!("waiting ({})", answers.join(", "))
            }
        }
    }
}

/// One line of `pair list`.
pub fn row(pair: &Pair, now: DateTime<Utc>, zone: Tz) -> String {
    format!(
        "{} · {} · {} · {}",
        pair.id,
        people(pair),
        pair.level.label(),
        state(pair, now, zone)
    )
}

/// The heading of a round in `pair list`.
pub fn round_line(round: &PairRound, zone: Tz) -> String {
    format!(
        "Pairing round {} · {} · formed {} · “did you meet?” on {}",
        round.number,
        round.kind.label(),
        day(round.formed_at, zone),
        day(round.check_at, zone)
    )
}

/// `pair list all`: every pair of the round, and how many met so far.
pub fn all(round: &PairRound, pairs: &[Pair], now: DateTime<Utc>, zone: Tz) -> Message {
    let mut lines: Vec<String> = pairs
        .iter()
        .take(MAX_LISTED)
        .map(|p| row(p, now, zone))
        .collect();
    if pairs.len() > MAX_LISTED {
        lines.push(format!("… and {} more.", pairs.len() - MAX_LISTED));
    }
    let met = pairs.iter().filter(|p| p.met()).count();
    let mut message = Message::with_header(round_line(round, zone)).paragraph(lines.join("\n"));
    if !round.sat_out.is_empty() {
        let names: Vec<&PersonName> = round.sat_out.iter().collect();
        message = message.paragraph(format!("No room this round: {}.", and_list(&names)));
    }
    message.context(format!("Met so far: {met} of {} pairs.", pairs.len()))
}

/// The digest's paragraph: the last finished round's met-rate per level, and the trend over
/// the finished rounds before it (oldest first in `finished`). Nobody is named.
pub fn digest(finished: &[RoundRate], zone: Tz) -> String {
    let Some(last) = finished.last() else {
        return "Pairing: no round has finished yet.".to_string();
    };
    let share = |met: usize, pairs: usize| match percent(met, pairs) {
        Some(p) => format!("{met} of {pairs} ({p}%)"),
        None => "–".to_string(),
    };
    let levels: Vec<String> = Level::ALL
        .iter()
        .filter_map(|level| last.levels.iter().find(|l| l.level == *level))
        .map(|l| format!("{} {}", l.level.label(), share(l.met, l.pairs)))
        .collect();
    let trend: Vec<String> = finished
        .iter()
        .map(|r| match r.percent() {
            Some(p) => format!("{p}%"),
            None => "–".to_string(),
        })
        .collect();
    let overall = match last.percent() {
        Some(p) => format!("{} of {} pairs met ({p}%)", last.met, last.pairs),
        None => "no pairs".to_string(),
    };
    format!(
        "Pairing · round {} (formed {}), the last finished: {overall} · {}\n\
         Met, last {} round{}: {}",
        last.round,
        day(last.formed_at, zone),
        levels.join(" · "),
        finished.len(),
        if finished.len() == 1 { "" } else { "s" },
        trend.join(" → ")
    )
}
