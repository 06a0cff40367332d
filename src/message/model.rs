use serde::{Deserialize, Serialize};

use super::form::AnswerForm;
use crate::domain::{Input, LaunchName, PersonName, RequestId, RoundKey, VisitId};

/// A message in platform-neutral parts; Slack renders Block Kit, Teams an Adaptive Card, the
/// shell plain text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub header: Option<String>,
    pub blocks: Vec<Block>,
    /// The command line that shows all of it (`show REQ-1 all`), for a platform that has to
    /// shorten it to fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whole: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph; may contain `code` spans and line breaks.
    Text { text: String },
    /// Label and value pairs, shown side by side where the platform can.
    Fields { fields: Vec<Field> },
    /// Buttons; each one stands for a command line.
    Actions { buttons: Vec<Button> },
    /// Small print under the content: who, when.
    Context { text: String },
    /// Labelled columns side by side (Sales | Marketing) where the platform can, else one
    /// labelled block after the other. Each item is an entry of its own (one person's
    /// answer), so a platform that must split a long column splits between entries.
    Columns { columns: Vec<Column> },
    /// A picture Tandem drew (a PNG file it wrote, by path), with a text alternative: Slack
    /// uploads the file, Teams shows it in the message, the shell prints the path.
    Image { path: String, alt: String },
}

/// One column of `Block::Columns`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub label: String,
    pub items: Vec<String>,
}

impl Column {
    pub fn new(label: impl Into<String>, items: Vec<String>) -> Self {
        Column {
            label: label.into(),
            items,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// A button is a command line: pressing it does exactly what typing `command` would.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub command: String,
    pub style: ButtonStyle,
    /// When set, the platform asks for this kind of text (a reason), held to its limit, and
    /// appends it to the command.
    pub asks_for: Option<Input>,
    /// Optional `key:value`s the same form asks for beside that text (an action's owner and
    /// due date); each one filled in is appended as `key:"value"`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<FormOption>,
}

/// An optional field of a button's form, sent as `key:"value"` when filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOption {
    pub key: String,
    pub label: String,
    pub hint: String,
}

impl FormOption {
    /// The options platforms know by key alone (a Slack button carries only the keys).
    pub const KEYS: [&'static str; 2] = ["owner", "due"];

    pub fn new(key: &str, label: &str, hint: &str) -> Self {
        FormOption {
            key: key.into(),
            label: label.into(),
            hint: hint.into(),
        }
    }

    /// An action's owner: a person, the one filling in the form when left empty.
    pub fn owner() -> Self {
        FormOption::new("owner", "Owner", "@name (you, if empty)")
    }

    /// A due date.
    pub fn due() -> Self {
        FormOption::new("due", "Due date", "YYYY-MM-DD (optional)")
    }

    /// One of `KEYS`, by its key.
    pub fn by_key(key: &str) -> Option<Self> {
        match key {
            "owner" => Some(FormOption::owner()),
            "due" => Some(FormOption::due()),
            _ => None,
        }
    }

    /// `key:"value"` to append to the command, or nothing when the field was left empty.
    /// Quotes and line breaks in the value become spaces, so it stays one option.
    pub fn typed(&self, value: &str) -> Option<String> {
        let value: String = value
            .chars()
            .map(|c| if c == '"' || c.is_control() { ' ' } else { c })
            .collect();
        let value = value.trim();
        (!value.is_empty()).then(|| format!("{}:\"{value}\"", self.key))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonStyle {
    Default,
    Primary,
    Danger,
}

impl Message {
    pub fn text(text: impl Into<String>) -> Self {
        Message {
            header: None,
            blocks: vec![Block::Text { text: text.into() }],
            whole: None,
        }
    }

    pub fn with_header(header: impl Into<String>) -> Self {
        Message {
            header: Some(header.into()),
            blocks: Vec::new(),
            whole: None,
        }
    }

    pub fn push(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    pub fn paragraph(self, text: impl Into<String>) -> Self {
        self.push(Block::Text { text: text.into() })
    }

    /// A paragraph when there is something to say.
    pub fn paragraph_if(self, text: Option<String>) -> Self {
        match text {
            Some(text) => self.paragraph(text),
            None => self,
        }
    }

    pub fn context(self, text: impl Into<String>) -> Self {
        self.push(Block::Context { text: text.into() })
    }

    /// Names the command line that shows all of it, should a platform have to shorten it.
    pub fn shown_whole_by(mut self, command: impl Into<String>) -> Self {
        self.whole = Some(command.into());
        self
    }

    /// What a platform says where it had to leave part of this message out.
    pub fn shortened_notice(&self, platform: &str) -> String {
        match &self.whole {
            Some(command) => format!("… Shortened to fit {platform}: `{command}` shows all of it."),
            None => format!("… Shortened to fit {platform}."),
        }
    }

    /// The message as one line of text, for notifications and logs of what was sent.
    pub fn summary(&self) -> String {
        let first_text = self.blocks.iter().find_map(|b| match b {
            Block::Text { text } => Some(text.as_str()),
            _ => None,
        });
        let text = self.header.as_deref().or(first_text).unwrap_or("");
        text.lines().next().unwrap_or("").to_string()
    }
}

impl Field {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Field {
            label: label.into(),
            value: value.into(),
        }
    }
}

impl Button {
    pub fn new(label: &str, command: String, style: ButtonStyle) -> Self {
        Button {
            label: label.to_string(),
            command,
            style,
            asks_for: None,
            options: Vec::new(),
        }
    }

    pub fn asking_for(mut self, input: Input) -> Self {
        self.asks_for = Some(input);
        self
    }

    /// Optional fields asked for beside the text (only with `asking_for`).
    pub fn with_options(mut self, options: Vec<FormOption>) -> Self {
        self.options = options;
        self
    }
}

/// Where an outgoing message goes: a configured channel (by its name in the config, such as
/// `marketing`), a person's direct messages, a group of people together, or a conversation a
/// platform told us of.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Destination {
    Channel(String),
    Person(PersonName),
    /// Where a command came from, such as the Teams chat or channel thread of a message:
    /// only `platform` reaches it, by an `address` only that platform reads.
    Conversation {
        platform: String,
        address: String,
    },
    /// Several people at once, each reached where a DM would reach them: on a platform with
    /// group chats one conversation with them all and the bot (Slack's group DM), elsewhere
    /// the same message in each one's direct messages (Teams, the shell).
    Group(Vec<PersonName>),
}

/// Names the one card a thing has in a channel, so later messages can update it or reply
/// under it. Platforms keep their own message IDs for it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardKey(String);

impl CardKey {
    pub fn request(id: RequestId) -> Self {
        CardKey(id.to_string())
    }

    /// The card of a prompt round, where the answers are shared: `market-pulse/2026-12-04T16:00`.
    pub fn round(round: &RoundKey) -> Self {
        CardKey(round.to_string())
    }

    /// A visit's learnings in the Sales channel: `VIS-3`.
    pub fn visit(id: VisitId) -> Self {
        CardKey(id.to_string())
    }

    /// A launch review's result in one channel (it can go to several): `review/diwali/joint`.
    pub fn review(launch: &LaunchName, channel: &str) -> Self {
        CardKey(format!("review/{launch}/{channel}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", content = "card", rename_all = "snake_case")]
pub enum Op {
    /// A new message.
    Post,
    /// A new message that is the card for `CardKey`.
    PostCard(CardKey),
    /// Replace the card's content in place.
    UpdateCard(CardKey),
    /// A reply in the card's thread.
    ReplyToCard(CardKey),
    /// A form to fill in, where the platform shows forms in a conversation; `message` says
    /// what to type where it doesn't.
    PostForm(AnswerForm),
    /// The log-a-visit form, where the platform shows forms in a conversation (Teams).
    PostVisitForm(super::form::VisitForm),
}

/// A message the bot owes someone; it goes through the outbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    pub to: Destination,
    pub op: Op,
    pub message: Message,
}
