//! Slack's documented Block Kit limits, as the renderer budgets against them (IDs Tandem makes
//! are short by construction: `run:<n>`, `ask:<n>:<input>`, `q<n>`). Lengths of
//! `mrkdwn` texts count their escaped form (`&amp;` is five characters), since that is what
//! Slack measures. <https://api.slack.com/reference/block-kit/blocks>

/// Blocks in one message.
pub const MESSAGE_BLOCKS: usize = 50;
/// Blocks in a modal or a Home tab.
pub const VIEW_BLOCKS: usize = 100;
/// A section's text.
pub const SECTION_TEXT: usize = 3_000;
/// One field of a section, and how many fields a section has.
pub const FIELD_TEXT: usize = 2_000;
pub const FIELDS: usize = 10;
/// A header's plain text.
pub const HEADER_TEXT: usize = 150;
/// One element of a context block, and how many elements it has.
pub const CONTEXT_TEXT: usize = 2_000;
pub const CONTEXT_ELEMENTS: usize = 10;
/// Elements of an actions block.
pub const ACTION_ELEMENTS: usize = 25;
/// A button's text and value.
pub const BUTTON_TEXT: usize = 75;
pub const BUTTON_VALUE: usize = 2_000;
/// A modal's title, submit and close texts.
pub const MODAL_TITLE: usize = 24;
/// An input block's label.
pub const INPUT_LABEL: usize = 2_000;
/// A plain-text input's `max_length`, and its initial value.
pub const INPUT_TEXT: usize = 3_000;
/// A plain-text input's placeholder.
pub const PLACEHOLDER: usize = 150;
/// The top-level `text` of a message: Slack refuses a message over 40,000 characters and
/// shows notifications of far less, so the fallback is a line, budgeted like a section.
pub const FALLBACK_TEXT: usize = SECTION_TEXT;
/// Options of a static select, and an option's text and value.
pub const SELECT_OPTIONS: usize = 100;
pub const OPTION_TEXT: usize = 75;
pub const OPTION_VALUE: usize = 150;

/// How fast Tandem posts, below Slack's limits for `chat.postMessage` (about one message a
/// second per channel, short bursts allowed; "several hundred a minute" per workspace):
/// bursts of 3 to a channel or DM, then one a second; bursts of 20 across the workspace,
/// then 240 a minute. A card update counts like a post. A 2,000-DM prompt round takes about
/// eight minutes. <https://api.slack.com/methods/chat.postMessage#rate_limiting>
pub const PACE: crate::outbox::Pace = crate::outbox::Pace {
    per_destination: crate::outbox::Rate {
        burst: 3,
        every: chrono::Duration::seconds(1),
    },
    per_route: crate::outbox::Rate {
        burst: 20,
        every: chrono::Duration::milliseconds(250),
    },
};
