//! The neutral message model as Block Kit. Buttons carry their command line as their value;
//! the action ID says whether the platform must first ask for a text (a reason).

use slack_morphism::prelude::*;

use crate::message::{Block, Button, ButtonStyle, Message};

/// Action IDs: `run:<n>` runs the button's command; `ask:<n>:<label>` asks for `<label>` first.
pub const RUN: &str = "run";
pub const ASK: &str = "ask";
const MAX_FIELDS: usize = 10;
const MAX_HEADER: usize = 150;
const MAX_TEXT: usize = 3000;

/// The message's blocks, and the plain text Slack shows in notifications.
pub fn content(message: &Message) -> SlackMessageContent {
    SlackMessageContent::new()
        .with_text(message.summary())
        .with_blocks(blocks(message))
}

pub fn blocks(message: &Message) -> Vec<SlackBlock> {
    let mut out = Vec::new();
    if let Some(header) = &message.header {
        out.push(SlackHeaderBlock::new(pt!(truncate(header, MAX_HEADER))).into());
    }
    for block in &message.blocks {
        match block {
            Block::Text { text } => out.push(
                SlackSectionBlock::new()
                    .with_text(md!(truncate(&escape(text), MAX_TEXT)))
                    .into(),
            ),
            Block::Fields { fields } => {
                let fields = fields
                    .iter()
                    .take(MAX_FIELDS)
                    .map(|f| md!(format!("*{}*\n{}", escape(&f.label), escape(&f.value))))
                    .collect();
                out.push(SlackSectionBlock::new().with_fields(fields).into());
            }
            Block::Actions { buttons } => {
                let elements = buttons
                    .iter()
                    .enumerate()
                    .map(|(i, b)| button(i, b).into())
                    .collect();
                out.push(SlackActionsBlock::new(elements).into());
            }
            Block::Context { text } => {
                let text = SlackBlockMarkDownText::new(truncate(&escape(text), MAX_TEXT));
                out.push(
                    SlackContextBlock::new(vec![SlackContextBlockElement::MarkDown(text)]).into(),
                )
            }
            Block::Columns { columns } => out.extend(super::columns::side_by_side(columns)),
        }
    }
    out
}

fn button(index: usize, b: &Button) -> SlackBlockButtonElement {
    let action_id = match &b.asks_for {
        Some(label) => format!("{ASK}:{index}:{label}"),
        None => format!("{RUN}:{index}"),
    };
    let element = SlackBlockButtonElement::new(pt!(b.label.clone()))
        .with_action_id(action_id.into())
        .with_value(b.command.clone());
    match b.style {
        ButtonStyle::Primary => element.with_style(SlackBlockButtonStyle::Primary),
        ButtonStyle::Danger => element.with_style(SlackBlockButtonStyle::Danger),
        ButtonStyle::Default => element,
    }
}

/// What a clicked button asks for: run its command now, or ask for a text first.
#[derive(Debug, PartialEq, Eq)]
pub enum Click {
    Run,
    Ask(String),
}

pub fn click(action_id: &str) -> Option<Click> {
    let mut parts = action_id.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(RUN), Some(_), None) => Some(Click::Run),
        (Some(ASK), Some(_), Some(label)) => Some(Click::Ask(label.to_string())),
        _ => None,
    }
}

/// Slack's mrkdwn treats `&`, `<` and `>` as markup.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What people typed, as the bot reads it: Slack's escaping undone, and a user mention
/// (`<@U0PRIYA>`, `<@U0PRIYA|priya>`) written `@U0PRIYA`, which the directory resolves.
pub fn incoming(text: &str) -> String {
    let text = unescape(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<@") {
        out.push_str(&rest[..start]);
        let mention = &rest[start + 2..];
        match mention.find('>') {
            Some(end) => {
                let inner = &mention[..end];
                out.push('@');
                out.push_str(inner.split('|').next().unwrap_or(inner));
                rest = &mention[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Undoes Slack's escaping of what people typed.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Field;

    #[test]
    fn a_card_becomes_header_fields_and_buttons_that_carry_their_command() {
        let message = Message::with_header("REQ-1 · Shelf <talkers>")
            .push(Block::Fields {
                fields: vec![Field::new("Kind", "pos")],
            })
            .push(Block::Actions {
                buttons: vec![
                    Button::new("Acknowledge", "ack REQ-1".into(), ButtonStyle::Primary),
                    Button::new("Block…", "block REQ-1".into(), ButtonStyle::Danger)
                        .asking_for("Reason"),
                ],
            })
            .context("Filed by Asha & co");
        let json = serde_json::to_value(blocks(&message)).expect("serialises");
        assert_eq!(json[0]["type"], "header");
        assert_eq!(json[0]["text"]["text"], "REQ-1 · Shelf <talkers>");
        assert_eq!(json[1]["fields"][0]["text"], "*Kind*\npos");
        assert_eq!(json[2]["elements"][0]["value"], "ack REQ-1");
        assert_eq!(json[2]["elements"][0]["action_id"], "run:0");
        assert_eq!(json[2]["elements"][0]["style"], "primary");
        assert_eq!(json[2]["elements"][1]["action_id"], "ask:1:Reason");
        assert_eq!(json[3]["elements"][0]["text"], "Filed by Asha &amp; co");
    }

    #[test]
    fn action_ids_say_whether_to_ask_first() {
        assert_eq!(click("run:3"), Some(Click::Run));
        assert_eq!(click("ask:1:Reason"), Some(Click::Ask("Reason".into())));
        assert_eq!(click("something-else"), None);
    }

    #[test]
    fn slack_escaping_round_trips() {
        assert_eq!(unescape(&escape("a < b && c > d")), "a < b && c > d");
        assert_eq!(unescape("&lt;@U0PRIYA&gt;"), "<@U0PRIYA>");
    }

    #[test]
    fn user_mentions_arrive_as_at_ids() {
        assert_eq!(incoming("assign 2 <@U0PRIYA|priya>"), "assign 2 @U0PRIYA");
        assert_eq!(
            incoming("<@U0PRIYA> and <@U0ARJUN>"),
            "@U0PRIYA and @U0ARJUN"
        );
        assert_eq!(incoming("a &lt; b &amp; c"), "a < b & c");
        assert_eq!(
            incoming("half <@U0PRIYA"),
            "half <@U0PRIYA",
            "left as typed"
        );
    }
}
