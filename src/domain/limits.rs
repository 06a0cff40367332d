//! How long each kind of typed text may be: one table for the grammar, Slack's forms and
//! Teams' cards alike. Each limit is chosen so that any allowed value renders validly on both
//! platforms (the renderers budget what they send; `bot::history` sizes its pages for texts of
//! at most `Input::LONGEST` characters). Changing a limit is a contract change: the README's
//! table of limits says the same.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A kind of text people type into Tandem (or an operator writes into the config).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// A request's title: what is asked for.
    Title,
    /// Where a request is for: a place, as it sits in a card's field.
    Market,
    /// Why a request is blocked, declined or reopened. (Cards stored before this table carry
    /// the label `Reason`.)
    #[serde(alias = "Reason")]
    Reason,
    /// A note on a delivery or a confirmation.
    Note,
    /// A comment on a request.
    Comment,
    /// One answer to one question of a feedback prompt: the ten answers of a round fit one
    /// Teams card.
    Answer,
    /// A feedback prompt's question (in the config).
    Question,
    /// A one-word name people type: a prompt's id (in the config); a launch's or a plan's name.
    Name,
    /// What a market visit taught (the visits loop).
    Learning,
    /// A plan section's input or draft (the planning loop).
    PlanText,
    /// A plan line's label (the planning loop).
    LineLabel,
    /// What an action promises, or what was done (the "you said → we did" loop).
    ActionText,
}

impl Input {
    pub const ALL: [Input; 12] = [
        Input::Title,
        Input::Market,
        Input::Reason,
        Input::Note,
        Input::Comment,
        Input::Answer,
        Input::Question,
        Input::Name,
        Input::Learning,
        Input::PlanText,
        Input::LineLabel,
        Input::ActionText,
    ];

    /// The longest text of any kind: what the renderers' budgets are sized for.
    pub const LONGEST: usize = 2_000;

    /// The most characters a text of this kind may have.
    pub const fn max_chars(self) -> usize {
        match self {
            Input::Title => 200,
            Input::Market => 100,
            Input::Reason | Input::Note | Input::Comment => 2_000,
            Input::Answer => 1_000,
            Input::Question => 300,
            Input::Name => 40,
            Input::Learning | Input::PlanText => 2_000,
            Input::LineLabel => 100,
            Input::ActionText => 500,
        }
    }

    /// The word for it in sentences and in button IDs: `reason`.
    pub const fn name(self) -> &'static str {
        match self {
            Input::Title => "title",
            Input::Market => "market",
            Input::Reason => "reason",
            Input::Note => "note",
            Input::Comment => "comment",
            Input::Answer => "answer",
            Input::Question => "question",
            Input::Name => "name",
            Input::Learning => "learning",
            Input::PlanText => "text",
            Input::LineLabel => "label",
            Input::ActionText => "action",
        }
    }

    /// What a form calls its field: `Reason`.
    pub const fn label(self) -> &'static str {
        match self {
            Input::Title => "Title",
            Input::Market => "Market",
            Input::Reason => "Reason",
            Input::Note => "Note",
            Input::Comment => "Comment",
            Input::Answer => "Answer",
            Input::Question => "Question",
            Input::Name => "Name",
            Input::Learning => "What you learnt",
            Input::PlanText => "Text",
            Input::LineLabel => "Label",
            Input::ActionText => "What you'll do",
        }
    }

    /// The kind `word` names (its name or its label, any case).
    pub fn from_name(word: &str) -> Option<Input> {
        Input::ALL
            .into_iter()
            .find(|i| i.name().eq_ignore_ascii_case(word) || i.label().eq_ignore_ascii_case(word))
    }
}

/// What `text` weighs where a message is budgeted: the larger of its length once `&`, `<`
/// and `>` are escaped as entities (as Slack counts its texts) and its UTF-8 bytes (as Teams
/// counts a card). Views that cut long content into pages size them by this.
pub fn weight(text: &str) -> usize {
    let escaped: usize = text
        .chars()
        .map(|c| match c {
            '&' => 5,
            '<' | '>' => 4,
            _ => 1,
        })
        .sum();
    escaped.max(text.len())
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_weighs_its_escaped_length_or_its_bytes_whichever_is_more() {
        assert_eq!(weight("ok"), 2);
        assert_eq!(weight("R&D <ok>"), 18);
        assert_eq!(weight("🎉"), 4);
        assert_eq!(weight("दी"), 6);
    }

    #[test]
    fn no_limit_is_over_the_longest_the_renderers_are_sized_for() {
        for input in Input::ALL {
            assert!(input.max_chars() <= Input::LONGEST, "{input}");
            assert!(input.max_chars() > 0, "{input}");
        }
    }

    #[test]
    fn a_kind_is_found_by_its_name_or_its_label_and_stored_labels_still_read() {
        for input in Input::ALL {
            assert_eq!(Input::from_name(input.name()), Some(input));
            assert_eq!(Input::from_name(input.label()), Some(input));
        }
        assert_eq!(Input::from_name("REASON"), Some(Input::Reason));
        assert_eq!(Input::from_name("colour"), None);
        let stored: Input = serde_json::from_str("\"Reason\"").expect("an old card's label");
        assert_eq!(stored, Input::Reason);
        assert_eq!(
            serde_json::to_string(&Input::Reason).expect("serialises"),
            "\"reason\""
        );
    }

    #[test]
    fn form_labels_fit_a_slack_modal_title() {
        // A Slack modal's title holds at most 24 characters; the reason form's is the label.
        for input in Input::ALL {
            assert!(input.label().chars().count() <= 24, "{input}");
        }
    }
}
