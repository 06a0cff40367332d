//! `Block::Columns` in an Adaptive Card: a `ColumnSet`, a column per label.

use serde_json::{Value, json};

use crate::message::Column;

/// Columns side by side: a `ColumnSet` with a column per label, each entry a text block.
pub fn column_set(columns: &[Column]) -> Value {
    let columns: Vec<Value> = columns
        .iter()
        .map(|column| {
            let mut items = vec![json!({
                "type": "TextBlock", "text": column.label, "weight": "Bolder", "wrap": true,
            })];
            items.extend(column.items.iter().map(
                |item| json!({"type": "TextBlock", "text": item, "wrap": true, "spacing": "Small"}),
            ));
            json!({"type": "Column", "width": "stretch", "items": items})
        })
        .collect();
    json!({"type": "ColumnSet", "columns": columns, "separator": true})
}

#[cfg(test)]
mod tests {
    use crate::message::{Block, Column, Message};

    #[test]
    fn columns_become_a_column_set_with_a_heading_per_column() {
        let message = Message::with_header("Result").push(Block::Columns {
            columns: vec![
                Column::new("Sales", vec!["Asha: too pricey".into()]),
                Column::new("Marketing", vec!["Priya: late".into(), "Rohan: ok".into()]),
            ],
        });
        let card = super::super::card::adaptive_card(&message, None);
        let set = &card["body"][1];
        assert_eq!(set["type"], "ColumnSet");
        assert_eq!(set["columns"][0]["items"][0]["text"], "Sales");
        assert_eq!(set["columns"][0]["items"][1]["text"], "Asha: too pricey");
        assert_eq!(set["columns"][1]["items"][0]["text"], "Marketing");
        assert_eq!(set["columns"][1]["items"][2]["text"], "Rohan: ok");
        let activity = super::super::card::message_activity(&message, None);
        assert_eq!(
            activity["attachments"][0]["contentType"],
            super::super::card::CARD_CONTENT_TYPE
        );
    }
}
