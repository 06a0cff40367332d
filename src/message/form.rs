//! Forms a platform can show in place of a typed line.

use serde::{Deserialize, Serialize};

/// A prompt's answer form: one field per question, filled with any answers so far. Submitting
/// it is `Command::Answer` with the fields by number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerForm {
    pub prompt: String,
    /// The round's local date and time, for the form's title.
    pub round: String,
    pub questions: Vec<String>,
    pub answers: Vec<Option<String>>,
}
