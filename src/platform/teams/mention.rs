//! A Teams message's text as a command line: the bot's own `<at>…</at>` mention removed,
//! other mentions rewritten to names the grammar understands, and Teams' HTML undone.

use super::activity::{Account, Entity};

/// The command line in `text`. `bot_id` is the bot's ID in the conversation; `name_of`
/// turns a mentioned user into the configured person's name, if it knows them.
pub fn command_text(
    text: &str,
    entities: &[Entity],
    bot_id: Option<&str>,
    name_of: impl Fn(&Account) -> Option<String>,
) -> String {
    let mut line = text.to_string();
    for entity in entities.iter().filter(|e| e.kind == "mention") {
        let (Some(who), Some(tag)) = (&entity.mentioned, &entity.text) else {
            continue;
        };
        let replacement = if Some(who.id.as_str()) == bot_id {
            String::new()
        } else {
            match name_of(who) {
                Some(name) => format!("@{name}"),
                // Quoted, so a display name with spaces stays one word.
                None => format!("@\"{}\"", who.name.as_deref().unwrap_or(&who.id)),
            }
        };
        line = line.replacen(tag.as_str(), &replacement, 1);
    }
    let line = decode_entities(&strip_tags(&line));
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes HTML tags (`<p>`, `<br>`, a mention nobody named); their text stays.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode_entities(text: &str) -> String {
    [
        ("&nbsp;", " "),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
    .replace('\u{a0}', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(id: &str, name: &str) -> Entity {
        Entity {
            kind: "mention".into(),
            mentioned: Some(Account {
                id: id.into(),
                name: Some(name.into()),
                aad_object_id: None,
            }),
            text: Some(format!("<at>{name}</at>")),
        }
    }

    #[test]
    fn the_bots_mention_goes_and_other_mentions_become_names() {
        let entities = [
            mention("28:bot", "Tandem"),
            mention("29:priya", "Priya Sharma"),
        ];
        let text = "<at>Tandem</at>&nbsp;assign REQ-1 <at>Priya Sharma</at>";
        let line = command_text(text, &entities, Some("28:bot"), |who| {
            (who.id == "29:priya").then(|| "Priya".to_string())
        });
        assert_eq!(line, "assign REQ-1 @Priya");
        let unknown = command_text(text, &entities, Some("28:bot"), |_| None);
        assert_eq!(unknown, "assign REQ-1 @\"Priya Sharma\"");
    }

    #[test]
    fn html_from_teams_is_undone() {
        let text = "<p>request pos Shelf talkers market:&quot;Pune West&quot;</p>";
        assert_eq!(
            command_text(text, &[], None, |_| None),
            "request pos Shelf talkers market:\"Pune West\""
        );
    }
}
