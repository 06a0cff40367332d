//! The check every scenario runs on everything the bot says: rendered for Slack and for Teams,
//! each message is within what the platform accepts, every mrkdwn text is escaped, and every
//! text of the message shows whole (nothing was cut to fit). Also the longest inputs.

use serde_json::Value;
use tandem::bot::Reply;
use tandem::message::{Block, Message, Op, Outgoing};
use tandem::platform::slack::message_content;
use tandem::platform::teams::{answer_form_activity, message_activity};

use super::{slack_rules, teams_rules};
use crate::looping::Loop;

/// Characters that all escape in Slack (`&amp;` is five).
pub const ESCAPED: &str = "&<>";
/// Characters of four bytes each.
pub const WIDE: &str = "🎉";
/// A bit of everything.
pub const MIXED: &str = "R&D <ok> 🎉 a&b ";

/// `len` characters of `pattern` over and over, with nothing to trim at either end.
pub fn long(pattern: &str, len: usize) -> String {
    let mut chars: Vec<char> = pattern.chars().cycle().take(len).collect();
    for end in [0, len.saturating_sub(1)] {
        if chars.get(end).is_some_and(|c| c.is_whitespace()) {
            chars[end] = 'x';
        }
    }
    chars.into_iter().collect()
}

/// A scenario on the bot and its scheduler that checks every reply and every message sent.
pub struct Scenario {
    pub run: Loop,
    checked: usize,
}

impl Scenario {
    pub fn new(config: &str, start: chrono::DateTime<chrono::Utc>) -> Scenario {
        let mut scenario = Scenario {
            run: Loop::new(config, start),
            checked: 0,
        };
        scenario.check_sent();
        scenario
    }

    /// `who` types `line`; the reply and what it sent are checked.
    pub fn say(&mut self, who: &str, line: &str) -> Reply {
        let reply = self.run.say(who, line);
        let what = format!("{who}: {}", line.chars().take(60).collect::<String>());
        check(&what, &reply.message, &Op::Post);
        self.check_sent();
        reply
    }

    /// Like `say`, and the command must succeed.
    pub fn ok(&mut self, who: &str, line: &str) -> String {
        let reply = self.say(who, line);
        assert_eq!(
            reply.outcome,
            tandem::bot::Outcome::Done,
            "{who}: {} → {}",
            line.chars().take(80).collect::<String>(),
            reply.text().chars().take(300).collect::<String>()
        );
        reply.text()
    }

    /// Lives through the schedule up to `until`, checking what it sent.
    pub fn run_to(&mut self, until: chrono::DateTime<chrono::Utc>) {
        self.run.run_to(until);
        self.check_sent();
    }

    /// How many messages were sent and checked so far.
    pub fn sent(&self) -> &[(chrono::DateTime<chrono::Utc>, Outgoing)] {
        &self.run.sent
    }

    fn check_sent(&mut self) {
        for (_, outgoing) in &self.run.sent[self.checked..] {
            let what = format!("{:?} {:?}", outgoing.to, outgoing.op);
            check(&what, &outgoing.message, &outgoing.op);
        }
        self.checked = self.run.sent.len();
    }
}

/// `message`, sent with `op`, as Slack and Teams get it: accepted, escaped, and whole.
pub fn check(what: &str, message: &Message, op: &Op) {
    let slack = serde_json::to_value(message_content(message)).expect("serialises");
    if let Err(refusal) = slack_rules::check_message(&slack) {
        panic!("{what}: Slack would refuse it: {refusal}");
    }
    escaped(what, &slack);
    let card = match op {
        Op::PostCard(key) | Op::UpdateCard(key) => Some(key),
        _ => None,
    };
    let activity = match op {
        Op::PostForm(form) => answer_form_activity(form),
        _ => message_activity(message, card),
    };
    let bytes = serde_json::to_vec(&activity).expect("serialises");
    if let Err(refusal) = teams_rules::check_activity(&bytes) {
        panic!("{what}: Teams would refuse it: {refusal}");
    }
    // A form shows questions and answers, not the message that stands for it elsewhere.
    let teams = match op {
        Op::PostForm(_) => None,
        _ => Some(&activity),
    };
    whole(what, message, &slack, teams);
}

/// Every mrkdwn text Slack gets has its `&`, `<` and `>` escaped.
fn escaped(what: &str, slack: &Value) {
    let mut texts: Vec<String> = slack_rules::texts(slack)
        .into_iter()
        .filter(|(kind, _)| kind == "mrkdwn")
        .map(|(_, text)| text)
        .collect();
    texts.extend(slack["text"].as_str().map(str::to_string));
    for text in texts {
        let bare = text
            .replace("&amp;", "")
            .replace("&lt;", "")
            .replace("&gt;", "");
        assert!(
            !bare.contains(['&', '<', '>']),
            "{what}: not escaped for Slack: {}",
            text.chars().take(200).collect::<String>()
        );
    }
}

/// Each text, field value and header of `message` shows uncut on both platforms.
fn whole(what: &str, message: &Message, slack: &Value, teams: Option<&Value>) {
    let slack_texts: Vec<String> = slack_rules::texts(slack)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let slack_shown = squeeze(&slack_texts.concat());
    let slack_columns = squeeze(&columns_read_down(slack));
    let teams_shown = teams.map_or(String::new(), |t| squeeze(&teams_rules::texts(t).concat()));
    let mut parts: Vec<&str> = message.header.as_deref().into_iter().collect();
    for block in &message.blocks {
        match block {
            Block::Text { text } | Block::Context { text } => parts.push(text),
            Block::Fields { fields } => parts.extend(fields.iter().map(|f| f.value.as_str())),
            Block::Columns { columns } => parts.extend(
                columns
                    .iter()
                    .flat_map(|c| c.items.iter().map(String::as_str)),
            ),
            // A picture is not text: it goes beside the message, whole.
            Block::Actions { .. } | Block::Image { .. } => {}
        }
    }
    for part in parts {
        let escaped = squeeze(&escape(part));
        // A column's entry may go on in the same column of the next section.
        let on_slack = slack_shown.contains(&escaped) || slack_columns.contains(&escaped);
        let in_header = message.header.as_deref() == Some(part) && part.chars().count() <= 150;
        assert!(
            on_slack || in_header,
            "{what}: cut in Slack: {}",
            clip(part)
        );
        assert!(
            teams.is_none() || teams_shown.contains(&squeeze(part)),
            "{what}: cut in Teams: {}",
            clip(part)
        );
    }
    for shown in [&slack_shown, &teams_shown] {
        assert!(!shown.contains("Shortenedtofit"), "{what}: shortened");
    }
}

/// Slack's sections of fields read column by column: each run of sections with fields, field
/// `j` of each section in turn, without the column's label line (`*Sales* (continued)`).
fn columns_read_down(slack: &Value) -> String {
    let mut out = String::new();
    let blocks = slack["blocks"].as_array().cloned().unwrap_or_default();
    let mut run: Vec<Vec<String>> = Vec::new();
    let flush = |run: &mut Vec<Vec<String>>, out: &mut String| {
        let width = run.iter().map(Vec::len).max().unwrap_or(0);
        for j in 0..width {
            for fields in run.iter() {
                let Some(text) = fields.get(j) else { continue };
                let body = match text.split_once('\n') {
                    Some((first, body)) if first.starts_with('*') => body,
                    _ => text.as_str(),
                };
                out.push_str(body);
            }
        }
        run.clear();
    };
    for block in &blocks {
        match block["fields"].as_array() {
            Some(fields) => run.push(
                fields
                    .iter()
                    .filter_map(|f| f["text"].as_str().map(str::to_string))
                    .collect(),
            ),
            None => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The text without white space, so that where a long text was split does not matter.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn clip(text: &str) -> String {
    text.chars().take(120).collect()
}
