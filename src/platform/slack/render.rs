//! The neutral message model as Block Kit, budgeted against Slack's limits (`limits`, measured
//! after escaping): a text too long for one section goes on in the next, a header too long for
//! Slack's is shown whole beneath it, fields and context are cut with a visible "…", and a
//! message with more blocks than Slack takes keeps its head and its buttons and says how to
//! see the rest. Buttons carry their command line as their value; the action ID says whether
//! the platform must first ask for a text (a reason) and which kind.

use slack_morphism::prelude::*;

use super::limits;
use super::mrkdwn::{shorten, shorten_plain, split};
use crate::domain::Input;
use crate::message::{Block, Button, ButtonStyle, Field, FormOption, Message};

/// Action IDs: `run:<n>` runs the button's command; `ask:<n>:<input>` asks for that kind of
/// text first.
pub const RUN: &str = "run";
pub const ASK: &str = "ask";
/// What Slack is called where a message says it was shortened to fit.
const PLATFORM: &str = "Slack";
/// The most blocks kept after the cut of a message that has too many: its buttons and small
/// print.
const MAX_TAIL: usize = 4;

/// The message's blocks, and the text Slack shows in notifications and where blocks can't be
/// shown (every post has one).
pub fn content(message: &Message) -> SlackMessageContent {
    SlackMessageContent::new()
        .with_text(fallback(message))
        .with_blocks(blocks(message, limits::MESSAGE_BLOCKS))
}

/// The message as at most `max` blocks.
pub fn blocks(message: &Message, max: usize) -> Vec<SlackBlock> {
    let head = message.header.as_deref().map(header).unwrap_or_default();
    let mut body = Vec::new();
    for block in &message.blocks {
        body.push(render(block, message));
    }
    let total = head.len() + body.iter().map(Vec::len).sum::<usize>();
    if total <= max {
        return head.into_iter().chain(body.into_iter().flatten()).collect();
    }
    cut(message, head, body, max)
}

/// The top-level text: the message's first line, escaped and within its limit.
fn fallback(message: &Message) -> String {
    let summary = message.summary();
    let line = match summary.trim() {
        "" => "Tandem",
        line => line,
    };
    shorten(line, limits::FALLBACK_TEXT)
}

/// A header within Slack's limit; a longer one is cut, and shown whole just below.
fn header(text: &str) -> Vec<SlackBlock> {
    let shown = SlackHeaderBlock::new(pt!(shorten_plain(text, limits::HEADER_TEXT))).into();
    if text.chars().count() <= limits::HEADER_TEXT {
        return vec![shown];
    }
    let mut blocks = vec![shown];
    blocks.extend(sections(text));
    blocks
}

/// One neutral block of `message` as the Slack blocks it takes.
fn render(block: &Block, message: &Message) -> Vec<SlackBlock> {
    match block {
        Block::Text { text } => sections(text),
        Block::Fields { fields } => fields
            .chunks(limits::FIELDS)
            .map(|chunk| {
                let texts = chunk.iter().map(|f| md!(field(f))).collect();
                SlackSectionBlock::new().with_fields(texts).into()
            })
            .collect(),
        Block::Actions { buttons } => actions(buttons),
        Block::Columns { columns } => {
            super::columns::side_by_side(columns, &message.shortened_notice(PLATFORM))
        }
        // The picture goes up as a file after the message (`Api::upload`).
        Block::Image { .. } => Vec::new(),
        Block::Context { text } => {
            let elements: Vec<SlackContextBlockElement> = split(text, limits::CONTEXT_TEXT)
                .into_iter()
                .map(|piece| SlackContextBlockElement::MarkDown(SlackBlockMarkDownText::new(piece)))
                .collect();
            elements
                .chunks(limits::CONTEXT_ELEMENTS)
                .map(|chunk| SlackContextBlock::new(chunk.to_vec()).into())
                .collect()
        }
    }
}

/// Buttons in rows of at most Slack's 25; one whose command is too long to be a button's
/// value is offered as the line to type instead.
fn actions(buttons: &[Button]) -> Vec<SlackBlock> {
    let (fit, typed): (Vec<_>, Vec<_>) = buttons
        .iter()
        .enumerate()
        .partition(|(_, b)| b.command.chars().count() <= limits::BUTTON_VALUE);
    let mut blocks: Vec<SlackBlock> = fit
        .chunks(limits::ACTION_ELEMENTS)
        .map(|chunk| {
            let elements = chunk.iter().map(|(i, b)| button(*i, b).into()).collect();
            SlackActionsBlock::new(elements).into()
        })
        .collect();
    for (_, b) in typed {
        let typed = Block::Context {
            text: format!("Type `/tandem {}`", b.command),
        };
        blocks.extend(render(&typed, &Message::default()));
    }
    blocks
}

/// A text as as many sections as it takes.
fn sections(text: &str) -> Vec<SlackBlock> {
    split(text, limits::SECTION_TEXT)
        .into_iter()
        .map(|piece| SlackSectionBlock::new().with_text(md!(piece)).into())
        .collect()
}

/// `*Label*` and the value below it, cut to fit one field.
fn field(field: &Field) -> String {
    let label = shorten(&field.label, limits::FIELD_TEXT / 10);
    let room = limits::FIELD_TEXT - label.chars().count() - 3;
    format!("*{label}*\n{}", shorten(&field.value, room))
}

/// A message over `max` blocks: its head, as much of its body as fits, a line that says what
/// was left out and how to see it, and its closing buttons and small print.
fn cut(
    message: &Message,
    head: Vec<SlackBlock>,
    body: Vec<Vec<SlackBlock>>,
    max: usize,
) -> Vec<SlackBlock> {
    let closing = message
        .blocks
        .iter()
        .rev()
        .take_while(|b| matches!(b, Block::Actions { .. } | Block::Context { .. }))
        .count();
    let split_at = body.len() - closing;
    let mut tail: Vec<SlackBlock> = body[split_at..].iter().flatten().cloned().collect();
    tail.truncate(MAX_TAIL);
    let notice = SlackSectionBlock::new()
        .with_text(md!(shorten(
            &message.shortened_notice(PLATFORM),
            limits::SECTION_TEXT
        )))
        .into();
    let mut out = head;
    out.truncate(max.saturating_sub(tail.len() + 1).max(1));
    let room = max.saturating_sub(out.len() + tail.len() + 1);
    out.extend(body[..split_at].iter().flatten().take(room).cloned());
    out.push(notice);
    out.extend(tail);
    out
}

fn button(index: usize, b: &Button) -> SlackBlockButtonElement {
    let action_id = match b.asks_for {
        Some(input) if b.options.is_empty() => format!("{ASK}:{index}:{}", input.name()),
        Some(input) => {
            let keys: Vec<&str> = b.options.iter().map(|o| o.key.as_str()).collect();
            format!("{ASK}:{index}:{}:{}", input.name(), keys.join("+"))
        }
        None => format!("{RUN}:{index}"),
    };
    let element = SlackBlockButtonElement::new(pt!(shorten_plain(&b.label, limits::BUTTON_TEXT)))
        .with_action_id(action_id.into())
        .with_value(b.command.clone());
    match b.style {
        ButtonStyle::Primary => element.with_style(SlackBlockButtonStyle::Primary),
        ButtonStyle::Danger => element.with_style(SlackBlockButtonStyle::Danger),
        ButtonStyle::Default => element,
    }
}

/// What a clicked button asks for: run its command now, or ask for a text first (with any
/// optional fields beside it).
#[derive(Debug, PartialEq, Eq)]
pub enum Click {
    Run,
    Ask(Input, Vec<FormOption>),
}

/// Reads an action ID Tandem made: `run:3`, `ask:3:reason`, `ask:3:action:owner+due`.
/// Buttons posted before the table of limits carry the label (`ask:3:Reason`), which reads
/// the same.
pub fn click(action_id: &str) -> Option<Click> {
    let mut parts = action_id.splitn(4, ':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(RUN), Some(_), None, None) => Some(Click::Run),
        (Some(ASK), Some(_), Some(input), keys) => {
            let input = Input::from_name(input)?;
            let options = match keys {
                None => Vec::new(),
                Some(keys) => keys
                    .split('+')
                    .map(FormOption::by_key)
                    .collect::<Option<Vec<_>>>()?,
            };
            Some(Click::Ask(input, options))
        }
        _ => None,
    }
}

/// A short line of `mrkdwn` within a section's limit (for modals' texts).
pub fn line(text: &str) -> String {
    shorten(text, limits::SECTION_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::slack::mrkdwn::escape;

    fn json(message: &Message) -> serde_json::Value {
        serde_json::to_value(blocks(message, limits::MESSAGE_BLOCKS)).expect("serialises")
    }

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
                        .asking_for(Input::Reason),
                ],
            })
            .context("Filed by Asha & co");
        let json = json(&message);
        assert_eq!(json[0]["type"], "header");
        assert_eq!(json[0]["text"]["text"], "REQ-1 · Shelf <talkers>");
        assert_eq!(json[1]["fields"][0]["text"], "*Kind*\npos");
        assert_eq!(json[2]["elements"][0]["value"], "ack REQ-1");
        assert_eq!(json[2]["elements"][0]["action_id"], "run:0");
        assert_eq!(json[2]["elements"][0]["style"], "primary");
        assert_eq!(json[2]["elements"][1]["action_id"], "ask:1:reason");
        assert_eq!(json[3]["elements"][0]["text"], "Filed by Asha &amp; co");
    }

    #[test]
    fn action_ids_say_whether_to_ask_first_and_for_what() {
        assert_eq!(click("run:3"), Some(Click::Run));
        assert_eq!(
            click("ask:1:reason"),
            Some(Click::Ask(Input::Reason, vec![]))
        );
        assert_eq!(
            click("ask:1:Reason"),
            Some(Click::Ask(Input::Reason, vec![]))
        );
        assert_eq!(
            click("ask:1:action:owner+due"),
            Some(Click::Ask(
                Input::ActionText,
                vec![FormOption::owner(), FormOption::due()]
            ))
        );
        assert_eq!(click("ask:1:colour"), None);
        assert_eq!(click("ask:1:reason:colour"), None);
        assert_eq!(click("something-else"), None);
    }

    #[test]
    fn a_long_header_is_cut_and_shown_whole_below() {
        let title = format!("REQ-1 · {}", "Shelf & talkers ".repeat(12));
        let json = json(&Message::with_header(title.trim()));
        let shown = json[0]["text"]["text"].as_str().unwrap_or_default();
        assert_eq!(shown.chars().count(), limits::HEADER_TEXT);
        assert!(shown.ends_with('…'), "{shown}");
        assert_eq!(json[1]["text"]["text"], escape(title.trim()));
    }

    #[test]
    fn fields_are_cut_after_escaping_and_a_long_text_takes_several_sections() {
        let message = Message::text("<".repeat(2_000)).push(Block::Fields {
            fields: vec![Field::new("Market", "&".repeat(2_000))],
        });
        let json = json(&message);
        let texts: Vec<usize> = (0..3)
            .map(|i| {
                json[i]["text"]["text"]
                    .as_str()
                    .map_or(0, |t| t.chars().count())
            })
            .collect();
        assert_eq!(texts, vec![3_000, 3_000, 2_000], "8,000 escaped characters");
        let field = json[3]["fields"][0]["text"].as_str().unwrap_or_default();
        assert!(
            field.chars().count() <= limits::FIELD_TEXT,
            "{}",
            field.len()
        );
        assert!(field.starts_with("*Market*\n&amp;") && field.ends_with('…'));
    }

    #[test]
    fn a_message_over_the_block_limit_keeps_its_head_and_buttons_and_says_how_to_see_it_all() {
        let mut message = Message::with_header("REQ-1 · Talkers").shown_whole_by("show REQ-1 all");
        for n in 0..80 {
            message = message.paragraph(format!("step {n}"));
        }
        let message = message
            .push(Block::Actions {
                buttons: vec![Button::new(
                    "Start",
                    "start REQ-1".into(),
                    ButtonStyle::Default,
                )],
            })
            .context("Filed by Asha");
        let json = json(&message);
        let blocks = json.as_array().cloned().unwrap_or_default();
        assert_eq!(blocks.len(), limits::MESSAGE_BLOCKS);
        assert_eq!(blocks[0]["type"], "header");
        assert_eq!(blocks[1]["text"]["text"], "step 0");
        let notice = &blocks[blocks.len() - 3]["text"]["text"];
        assert_eq!(
            notice,
            "… Shortened to fit Slack: `show REQ-1 all` shows all of it."
        );
        assert_eq!(blocks[blocks.len() - 2]["type"], "actions");
        assert_eq!(blocks[blocks.len() - 1]["type"], "context");
    }

    #[test]
    fn every_post_has_a_text_that_is_escaped() {
        let card = Message::with_header("<!channel> & friends");
        assert_eq!(
            content(&card).text.as_deref(),
            Some("&lt;!channel&gt; &amp; friends")
        );
        let bare = Message::default().push(Block::Fields {
            fields: vec![Field::new("Kind", "pos")],
        });
        assert_eq!(content(&bare).text.as_deref(), Some("Tandem"));
    }
}
