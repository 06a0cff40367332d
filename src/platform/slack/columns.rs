//! `Block::Columns` in Block Kit: a section of fields per row, a field per column, which
//! Slack shows side by side. A column longer than a field continues in the next section,
//! between entries, within a budget of sections; what does not fit is cut, visibly.

use slack_morphism::prelude::*;

use super::mrkdwn::escape;
use crate::message::Column;

/// Slack's limit on the text of one section field.
const MAX_FIELD_TEXT: usize = 2000;
/// The most sections one set of columns takes (a message holds at most 50 blocks).
const MAX_COLUMN_ROWS: usize = 6;
/// The most fields a section holds.
const MAX_FIELDS: usize = 10;
const CONTINUED: &str = " (continued)";
const SHORTENED: &str = "… shortened to fit Slack; `tandem export --launches` has every answer.";

/// Columns as sections of fields, one field per column: Slack shows two fields side by side.
/// A column longer than a field continues in the next section, between entries.
pub fn side_by_side(columns: &[Column]) -> Vec<SlackBlock> {
    let chunked: Vec<Vec<String>> = columns.iter().take(MAX_FIELDS).map(column_chunks).collect();
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
        let text = SlackBlockMarkDownText::new(SHORTENED.into());
        out.push(SlackContextBlock::new(vec![SlackContextBlockElement::MarkDown(text)]).into());
    }
    out
}

/// A column's label and entries in pieces of at most `MAX_FIELD_TEXT` characters.
fn column_chunks(column: &Column) -> Vec<String> {
    let label = format!("*{}*", escape(&column.label));
    let room = MAX_FIELD_TEXT - label.chars().count() - CONTINUED.chars().count() - 1;
    let mut chunks = Vec::new();
    let mut current = label.clone();
    for item in &column.items {
        let item = cut(&format!("• {}", escape(item)), room);
        if current.chars().count() + 1 + item.chars().count() > MAX_FIELD_TEXT {
            chunks.push(std::mem::replace(
                &mut current,
                format!("{label}{CONTINUED}"),
            ));
        }
        current.push('\n');
        current.push_str(&item);
    }
    chunks.push(current);
    chunks
}

/// `text` in at most `max` characters, ending in `…` when cut.
fn cut(text: &str, max: usize) -> String {
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
        assert!(first.chars().count() <= MAX_FIELD_TEXT);
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
        let message = Message::default().push(Block::Columns {
            columns: vec![Column::new("Sales", huge), Column::new("Marketing", vec![])],
        });
        let json = serde_json::to_value(super::super::render::blocks(
            &message,
            super::super::limits::MESSAGE_BLOCKS,
        ))
        .expect("serialises");
        let rows = json.as_array().expect("blocks");
        assert_eq!(rows.len(), MAX_COLUMN_ROWS + 1);
        for row in &rows[..MAX_COLUMN_ROWS] {
            let text = row["fields"][0]["text"].as_str().expect("text");
            assert!(text.chars().count() <= MAX_FIELD_TEXT, "{}", text.len());
            assert!(text.contains('…'), "a cut entry says so");
        }
        assert_eq!(rows[MAX_COLUMN_ROWS]["elements"][0]["text"], SHORTENED);
    }
}
