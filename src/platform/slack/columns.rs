//! `Block::Columns` in Block Kit: a section of fields per row, a field per column, which
//! Slack shows side by side. A column longer than a field continues in the next section,
//! between entries, within a budget of sections; what does not fit is cut, visibly.

use slack_morphism::prelude::*;

use super::limits::{FIELD_TEXT, FIELDS};
use super::mrkdwn::{escape, shorten, split};
use crate::message::Column;

/// The most sections one set of columns takes (a message holds at most 50 blocks).
const MAX_COLUMN_ROWS: usize = 6;
const CONTINUED: &str = " (continued)";

/// Columns as sections of fields, one field per column: Slack shows two fields side by side.
/// A column longer than a field continues in the next section; an entry longer than a field
/// continues in the next one too, cut between words (never inside an escape). Beyond the
/// budget of sections the rest is left out with `notice`, which says how to see all of it.
pub fn side_by_side(columns: &[Column], notice: &str) -> Vec<SlackBlock> {
    let chunked: Vec<Vec<String>> = columns.iter().take(FIELDS).map(column_chunks).collect();
    let rows = chunked.iter().map(Vec::len).max().unwrap_or(0);
    let mut out: Vec<SlackBlock> = (0..rows.min(MAX_COLUMN_ROWS))
        .map(|row| {
            let fields = chunked
                .iter()
                .map(|c| md!(c.get(row).cloned().unwrap_or_else(|| " ".into())))
                .collect();
            SlackSectionBlock::new().with_fields(fields).into()
        })
        .collect();
    if rows > MAX_COLUMN_ROWS {
        let text = SlackBlockMarkDownText::new(shorten(notice, FIELD_TEXT));
        out.push(SlackContextBlock::new(vec![SlackContextBlockElement::MarkDown(text)]).into());
    }
    out
}

/// A column's label and entries, escaped, in pieces of at most `FIELD_TEXT` characters.
fn column_chunks(column: &Column) -> Vec<String> {
    let label = format!("*{}*", escape(&column.label));
    let continued = format!("{label}{CONTINUED}");
    let room = FIELD_TEXT - continued.chars().count() - 1;
    let mut chunks = Vec::new();
    let mut current = label;
    for item in &column.items {
        for piece in split(&format!("• {item}"), room) {
            if current.chars().count() + 1 + piece.chars().count() > FIELD_TEXT {
                chunks.push(std::mem::replace(&mut current, continued.clone()));
            }
            current.push('\n');
            current.push_str(&piece);
        }
    }
    chunks.push(current);
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Block, Message};

    #[test]
    fn columns_are_fields_side_by_side_and_a_long_column_continues_between_entries() {
        let long: Vec<String> = (0..12)
            .map(|i| format!("{i}: {}", "x".repeat(300)))
            .collect();
        let message = Message::default().push(Block::Columns {
            columns: vec![
                Column::new("Sales", long),
                Column::new("Marketing", vec!["Priya: <late>".into()]),
            ],
        });
        let json = serde_json::to_value(super::super::render::blocks(
            &message,
            super::super::limits::MESSAGE_BLOCKS,
        ))
        .expect("serialises");
        let rows = json.as_array().expect("blocks");
        assert_eq!(rows.len(), 2, "{json}");
        assert_eq!(
            rows[0]["fields"][1]["text"],
            "*Marketing*\n• Priya: &lt;late&gt;"
        );
        assert_eq!(rows[1]["fields"][1]["text"], " ");
        let first = rows[0]["fields"][0]["text"].as_str().expect("text");
        assert!(first.starts_with("*Sales*\n• 0: "), "{first}");
        assert!(first.chars().count() <= FIELD_TEXT);
        let second = rows[1]["fields"][0]["text"].as_str().expect("text");
        assert!(second.starts_with("*Sales* (continued)\n• 6: "), "{second}");
        assert!(
            second.ends_with(&format!("11: {}", "x".repeat(300))),
            "every entry is kept"
        );
    }

    #[test]
    fn columns_beyond_the_budget_are_cut_visibly() {
        let huge: Vec<String> = (0..60).map(|_| "y".repeat(1990)).collect();
        let message = Message::default()
            .push(Block::Columns {
                columns: vec![Column::new("Sales", huge), Column::new("Marketing", vec![])],
            })
            .shown_whole_by("launch show x");
        let json = serde_json::to_value(super::super::render::blocks(
            &message,
            super::super::limits::MESSAGE_BLOCKS,
        ))
        .expect("serialises");
        let rows = json.as_array().expect("blocks");
        assert_eq!(rows.len(), MAX_COLUMN_ROWS + 1);
        for row in &rows[..MAX_COLUMN_ROWS] {
            let text = row["fields"][0]["text"].as_str().expect("text");
            assert!(text.chars().count() <= FIELD_TEXT, "{}", text.len());
        }
        assert_eq!(
            rows[MAX_COLUMN_ROWS]["elements"][0]["text"],
            "… Shortened to fit Slack: `launch show x` shows all of it."
        );
    }

    #[test]
    fn an_entry_longer_than_a_field_continues_in_the_next_cut_between_escapes() {
        let entry = "&<>".repeat(700);
        let message = Message::default().push(Block::Columns {
            columns: vec![
                Column::new("Sales", vec![entry.clone()]),
                Column::new("Marketing", vec!["fine".into()]),
            ],
        });
        let json = serde_json::to_value(super::super::render::blocks(
            &message,
            super::super::limits::MESSAGE_BLOCKS,
        ))
        .expect("serialises");
        let rows = json.as_array().expect("blocks");
        let sales: Vec<&str> = rows
            .iter()
            .map(|row| row["fields"][0]["text"].as_str().expect("text"))
            .collect();
        assert!(sales.len() >= 5, "{} rows", sales.len());
        let mut shown = String::new();
        for text in &sales {
            assert!(
                text.chars().count() <= FIELD_TEXT,
                "{}",
                text.chars().count()
            );
            let body = text.split_once('\n').map_or("", |(_, body)| body);
            let bare = body
                .replace("&amp;", "")
                .replace("&lt;", "")
                .replace("&gt;", "");
            assert!(!bare.contains(['&', '<', '>']), "an escape was cut: {body}");
            shown.push_str(body.trim_start_matches("• "));
        }
        assert_eq!(shown, escape(&entry), "the whole entry, in order");
    }
}
