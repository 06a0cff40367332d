//! Forms a platform can show in place of a typed line.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::Input;

/// The log-a-visit form (`visit log` alone, for a marketer): market, date (today by default),
/// a Sales companion and a kind to choose, and the learnings. Submitting it is `visit log`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitForm {
    /// The configured Sales people, by name.
    pub companions: Vec<String>,
    /// `[visits] kinds`.
    pub kinds: Vec<String>,
    /// The marketer's today, the date's default.
    pub today: NaiveDate,
}

/// A prompt's answer form: one field per question, filled with any answers so far. Submitting
/// it is `Command::Answer` with the fields by number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerForm {
    pub prompt: String,
    /// The round's local date and time, for the form's title.
    pub round: String,
    pub questions: Vec<String>,
    pub answers: Vec<Option<String>>,
    /// Set for a launch review's form, which also asks for a cause and a score; `prompt` is
    /// then the launch's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewChoices>,
    /// What each field holds, and so its limit: a prompt's or a review's answer, or a plan's
    /// input (which may be as long as when typed).
    #[serde(default = "answer_input")]
    pub input: Input,
}

fn answer_input() -> Input {
    Input::Answer
}

/// What a review's form asks beyond the questions: one cause of a list, and a score of 1–5,
/// filled with the person's earlier choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewChoices {
    pub causes: Vec<String>,
    pub cause: Option<String>,
    pub score: Option<u8>,
}
