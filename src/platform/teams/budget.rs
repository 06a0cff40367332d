//! Teams' limits, and fitting a message to them. Teams refuses a message of about 100 KB (the
//! connector answers 413) and Microsoft asks bots to stay well under, so an activity is held
//! to `MAX_ACTIVITY_BYTES`, measured as it is sent: serialized JSON bytes. What does not fit
//! is cut visibly, with a line that says how to see all of it.

use serde_json::Value;

use crate::message::{Block, Message};

/// The most bytes an activity Tandem sends may take, as serialized JSON.
pub const MAX_ACTIVITY_BYTES: usize = 80_000;
/// The most actions Teams shows in one row of buttons.
pub const MAX_ACTIONS: usize = 6;
/// Room left for what the connector call adds to an activity (`id`, `replyToId`).
const HEADROOM: usize = 1_000;
/// What an activity may take before it is sent: the limit less the headroom.
pub const BUDGET_BYTES: usize = MAX_ACTIVITY_BYTES - HEADROOM;
/// What Teams is called where a message says it was shortened to fit.
const PLATFORM: &str = "Teams";
/// Each cut takes this many bytes more than the overflow, so that a few cuts suffice.
const MARGIN_BYTES: usize = 512;
/// Cuts before giving up on the content and sending only the notice.
const MAX_CUTS: usize = 12;

/// How many bytes `value` takes as sent.
pub fn size(value: &Value) -> usize {
    serde_json::to_vec(value).map_or(usize::MAX, |bytes| bytes.len())
}

/// `render(message)`, with the message's longest texts cut until it fits; the first cut adds
/// the notice that says so.
pub fn fit(message: &Message, render: impl Fn(&Message) -> Value) -> Value {
    let budget = BUDGET_BYTES;
    let mut current = message.clone();
    let mut noticed = false;
    for _ in 0..MAX_CUTS {
        let value = render(&current);
        let over = size(&value).saturating_sub(budget);
        if over == 0 {
            return value;
        }
        if !cut_longest(&mut current, over + MARGIN_BYTES) {
            break;
        }
        if !noticed {
            current = current.context(message.shortened_notice(PLATFORM));
            noticed = true;
        }
    }
    let notice = Message::text(message.shortened_notice(PLATFORM));
    render(&Message {
        header: message.header.as_ref().map(|h| cut(h, 200)),
        ..notice
    })
}

/// Cuts about `bytes` bytes off the message's longest texts: every text longer than one common
/// length is cut to it, so that many long texts (a column of long answers) shrink together in
/// one pass and short ones stay whole. False if there is no text left to cut.
fn cut_longest(message: &mut Message, bytes: usize) -> bool {
    let mut texts: Vec<&mut String> = message
        .blocks
        .iter_mut()
        .flat_map(|block| match block {
            Block::Text { text } | Block::Context { text } => vec![text],
            // A column's entries are cut like any text: the longest first.
            Block::Columns { columns } => columns
                .iter_mut()
                .flat_map(|c| c.items.iter_mut())
                .collect(),
            Block::Fields { .. } | Block::Actions { .. } | Block::Image { .. } => Vec::new(),
        })
        .chain(message.header.as_mut())
        .collect();
    let Some(keep) = common_length(texts.iter().map(|t| t.len()).collect(), bytes) else {
        return false;
    };
    for text in texts.iter_mut().filter(|t| t.len() > keep) {
        **text = cut(text, keep);
    }
    true
}

/// The length every longer text is cut to so that at least `bytes` go (each cut keeps at least
/// one byte and adds a "…"); `None` when nothing can be cut.
fn common_length(mut lengths: Vec<usize>, bytes: usize) -> Option<usize> {
    lengths.sort_unstable_by(|a, b| b.cmp(a));
    if lengths.first().is_none_or(|&longest| longest <= 1) {
        return None;
    }
    // Lower the cap past each text in turn until cutting to it frees enough.
    let mut freed_above = 0;
    for (i, &len) in lengths.iter().enumerate() {
        let next = lengths.get(i + 1).copied().unwrap_or(0).max(1);
        // Cutting the i + 1 longest texts from `len` down to `next` frees this much more.
        let more = (len - next) * (i + 1);
        if freed_above + more >= bytes {
            let need = bytes - freed_above;
            return Some(len - need.div_ceil(i + 1));
        }
        freed_above += more;
    }
    Some(1)
}

/// At most `bytes` bytes of `text` (on a character boundary), ending in "…" when cut.
fn cut(text: &str, bytes: usize) -> String {
    if text.len() <= bytes {
        return text.to_string();
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", text[..end].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn as_text(message: &Message) -> Value {
        json!({"type": "message", "text": crate::message::render_plain(message)})
    }

    #[test]
    fn a_message_that_fits_is_sent_as_it_is() {
        let message = Message::text("Filed REQ-1.");
        assert_eq!(fit(&message, as_text), as_text(&message));
    }

    #[test]
    fn a_message_too_large_is_cut_visibly_and_says_how_to_see_it_all() {
        let message = Message::with_header("REQ-1 · Talkers")
            .paragraph("short")
            .paragraph("🎉".repeat(30_000))
            .shown_whole_by("show REQ-1 all");
        let value = fit(&message, as_text);
        assert!(size(&value) <= MAX_ACTIVITY_BYTES, "{}", size(&value));
        let text = value["text"].as_str().unwrap_or_default();
        assert!(
            text.contains("short\n🎉🎉"),
            "the longest text is the one cut"
        );
        assert!(text.contains("🎉…"), "visibly");
        assert!(
            text.ends_with("… Shortened to fit Teams: `show REQ-1 all` shows all of it.)"),
            "{}",
            &text[text.len() - 120..]
        );
    }

    #[test]
    fn many_long_texts_are_cut_together_to_one_length_and_short_ones_stay_whole() {
        assert_eq!(common_length(vec![10, 10, 2], 6), Some(7));
        assert_eq!(common_length(vec![10, 4, 2], 3), Some(7));
        assert_eq!(common_length(vec![10, 4, 2], 8), Some(3));
        assert_eq!(common_length(vec![1, 1], 5), None);
        let answers: Vec<String> = (0..60).map(|_| "अ".repeat(1_000)).collect();
        let message = Message::with_header("Launch review")
            .paragraph("short")
            .push(Block::Columns {
                columns: vec![crate::message::Column::new("Sales", answers)],
            })
            .shown_whole_by("launch show x page:1");
        let value = fit(&message, as_text);
        assert!(size(&value) <= MAX_ACTIVITY_BYTES, "{}", size(&value));
        let text = value["text"].as_str().unwrap_or_default();
        assert!(text.contains("short"), "the short text stays");
        assert!(
            text.matches("अ…").count() == 60,
            "every answer cut alike, visibly"
        );
        assert!(text.contains("`launch show x page:1` shows all of it."));
    }

    #[test]
    fn cuts_fall_on_character_boundaries() {
        assert_eq!(cut("ab€cd", 4), "ab…");
        assert_eq!(cut("ab€cd", 5), "ab€…");
        assert_eq!(cut("abc", 3), "abc");
    }
}
