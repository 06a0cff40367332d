//! Plain-text rendering, for the shell and for anything that cannot show rich messages.

use super::model::{Block, Column, Destination, Message, Op, Outgoing};

/// Renders a message as indented plain text lines.
pub fn render_plain(message: &Message) -> String {
    let mut lines: Vec<String> = Vec::new();
    if let Some(header) = &message.header {
        lines.push(header.clone());
    }
    for block in &message.blocks {
        match block {
            Block::Text { text } => lines.extend(text.lines().map(str::to_string)),
            Block::Fields { fields } => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}: {}", f.label, f.value))
                    .collect();
                lines.push(parts.join(" · "));
            }
            Block::Actions { buttons } => {
                let parts: Vec<String> = buttons
                    .iter()
                    .map(|b| match &b.asks_for {
                        Some(input) => format!("/tandem {} <{input}>", b.command),
                        None => format!("/tandem {}", b.command),
                    })
                    .collect();
                lines.push(format!("↳ {}", parts.join(" | ")));
            }
            Block::Context { text } => lines.push(format!("({text})")),
            Block::Columns { columns } => lines.extend(columns_plain(columns)),
            Block::Image { path, alt } => lines.push(format!("[picture: {alt}] {path}")),
        }
    }
    lines.join("\n")
}

/// Columns one after the other, each under its label, each entry a bullet.
fn columns_plain(columns: &[Column]) -> Vec<String> {
    let mut lines = Vec::new();
    for column in columns {
        lines.push(format!("{}:", column.label));
        for item in &column.items {
            let mut first = true;
            for line in item.lines() {
                let mark = if first { "•" } else { " " };
                lines.push(format!("  {mark} {line}"));
                first = false;
            }
        }
    }
    lines
}

/// Renders an outgoing message with its destination as a label: `[#marketing] …`,
/// `[DM → Asha] …`, `[#marketing, thread REQ-1] …`. A group gets a DM line to each.
pub fn render_outgoing_plain(outgoing: &Outgoing) -> String {
    if let Destination::Group(names) = &outgoing.to {
        let each = names.iter().map(|name| Outgoing {
            to: Destination::Person(name.clone()),
            ..outgoing.clone()
        });
        return each
            .map(|o| render_outgoing_plain(&o))
            .collect::<Vec<_>>()
            .join("\n");
    }
    let place = match &outgoing.to {
        Destination::Channel(name) => format!("#{name}"),
        Destination::Person(name) => format!("DM → {name}"),
        Destination::Conversation { platform, .. } => format!("{platform} conversation"),
        Destination::Group(names) => format!("DM → {}", join(names)),
    };
    let label = match &outgoing.op {
        Op::Post | Op::PostCard(_) | Op::PostForm(_) | Op::PostVisitForm(_) => format!("[{place}]"),
        Op::UpdateCard(card) => format!("[{place}, card {} updated]", card.as_str()),
        Op::ReplyToCard(card) => format!("[{place}, thread {}]", card.as_str()),
    };
    let body = match &outgoing.op {
        // An updated card repeats what is already on screen; its header and fields suffice.
        Op::UpdateCard(_) => render_plain(&Message {
            header: outgoing.message.header.clone(),
            blocks: outgoing
                .message
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Fields { .. }))
                .cloned()
                .collect(),
            whole: None,
        }),
        _ => render_plain(&outgoing.message),
    };
    let indented = body.replace('\n', "\n    ");
    format!("{label} {indented}")
}

fn join(names: &[crate::domain::PersonName]) -> String {
    let names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonName;
    use crate::message::{Button, ButtonStyle, Field};

    #[test]
    fn plain_text_shows_fields_buttons_and_destination() {
        let message = Message::with_header("REQ-1 · Shelf talkers")
            .push(Block::Fields {
                fields: vec![Field::new("Kind", "pos"), Field::new("Qty", "500")],
            })
            .push(Block::Actions {
                buttons: vec![
                    Button::new("Acknowledge", "ack REQ-1".into(), ButtonStyle::Primary),
                    Button::new("Block…", "block REQ-1".into(), ButtonStyle::Danger)
                        .asking_for(crate::domain::Input::Reason),
                ],
            });
        let outgoing = Outgoing {
            to: Destination::Person(PersonName::new("Asha")),
            op: Op::Post,
            message,
        };
        assert_eq!(
            render_outgoing_plain(&outgoing),
            "[DM → Asha] REQ-1 · Shelf talkers\n    Kind: pos · Qty: 500\n    \
             ↳ /tandem ack REQ-1 | /tandem block REQ-1 <reason>"
        );
    }

    #[test]
    fn columns_are_two_labelled_blocks_of_bullets() {
        let message = Message::default().push(Block::Columns {
            columns: vec![
                Column::new("Sales", vec!["Asha: too pricey\nfor kirana".into()]),
                Column::new("Marketing", vec!["Priya: late".into(), "Rohan: ok".into()]),
            ],
        });
        assert_eq!(
            render_plain(&message),
            "Sales:\n  • Asha: too pricey\n    for kirana\nMarketing:\n  • Priya: late\n  • Rohan: ok"
        );
    }

    #[test]
    fn a_group_is_a_dm_line_to_each() {
        let outgoing = Outgoing {
            to: Destination::Group(vec![PersonName::new("Asha"), PersonName::new("Priya")]),
            op: Op::Post,
            message: Message::text("You're paired"),
        };
        assert_eq!(
            render_outgoing_plain(&outgoing),
            "[DM → Asha] You're paired\n[DM → Priya] You're paired"
        );
    }
}
