//! Commands given as form fields (a Slack modal, a Teams card) rather than one line: the same
//! values, the same checks, with each problem tied to its field.

use super::error::ParseError;
use super::grammar::Command;
use super::parse::{ParseContext, parse_date};
use crate::domain::{
    Given, Input, NewRequest, Quantity, Score, ScoreError, Text, TextError, Title,
};

/// The fields of a new-request form, as typed.
#[derive(Clone, Debug, Default)]
pub struct RequestFields {
    pub kind: String,
    pub title: String,
    pub quantity: Option<String>,
    pub market: Option<String>,
    pub needed_by: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Kind,
    Title,
    Quantity,
    Market,
    NeededBy,
}

/// Validates every field; on failure, says what is wrong with each field that is.
pub fn parse_request_form(
    fields: &RequestFields,
    ctx: &ParseContext<'_>,
) -> Result<NewRequest, Vec<(FormField, String)>> {
    let mut errors = Vec::new();
    let kind = ctx
        .kinds
        .parse(&fields.kind)
        .map_err(|e| errors.push((FormField::Kind, format!("{e}."))))
        .ok();
    let title = match Title::parse(&fields.title) {
        Ok(title) => Some(title),
        Err(TextError::Empty) => {
            errors.push((FormField::Title, "Give the request a title.".into()));
            None
        }
        Err(source) => {
            errors.push((FormField::Title, ParseError::Title { source }.to_string()));
            None
        }
    };
    let quantity = optional(&fields.quantity).and_then(|q| {
        q.parse::<Quantity>()
            .map_err(|source| {
                errors.push((
                    FormField::Quantity,
                    ParseError::Quantity { source }.to_string(),
                ))
            })
            .ok()
    });
    let market = optional(&fields.market).and_then(|m| {
        Text::parse(m, Input::Market)
            .map_err(|e| errors.push((FormField::Market, format!("The market is too long: {e}."))))
            .ok()
    });
    let needed_by = optional(&fields.needed_by).and_then(|d| {
        parse_date(d, ctx.today)
            .map_err(|e| errors.push((FormField::NeededBy, e.to_string())))
            .ok()
    });
    match (kind, title) {
        (Some(kind), Some(title)) if errors.is_empty() => Ok(NewRequest {
            kind,
            title,
            quantity,
            market,
            needed_by,
        }),
        _ => Err(errors),
    }
}

fn optional(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// What is wrong with an answer form.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnswerFormError {
    #[error("Answer at least one question.")]
    Empty,
    #[error("Too long: {error}.")]
    TooLong { question: usize, error: TextError },
}

impl AnswerFormError {
    /// The question to show the problem beside.
    pub fn question(&self) -> usize {
        match self {
            AnswerFormError::Empty => 1,
            AnswerFormError::TooLong { question, .. } => *question,
        }
    }
}

/// The fields of an answer form, by question number (from 1), as `Command::Answer` with the
/// fields that are not empty. Each is held to the longest a form of answers holds (a plan's
/// input); the bot holds a prompt's and a review's answers to their own limit.
pub fn parse_answer_form(
    prompt: &str,
    fields: impl IntoIterator<Item = (usize, String)>,
) -> Result<Command, AnswerFormError> {
    let mut answers = Vec::new();
    for (question, text) in fields {
        match Text::parse(&text, Input::PlanText) {
            Ok(text) => answers.push((question, text)),
            Err(TextError::Empty) => {}
            Err(error) => return Err(AnswerFormError::TooLong { question, error }),
        }
    }
    if answers.is_empty() {
        return Err(AnswerFormError::Empty);
    }
    answers.sort_by_key(|(number, _)| *number);
    Ok(Command::Answer {
        prompt: prompt.trim().to_string(),
        answers,
    })
}

/// What is wrong with a launch review's answer form.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewFormError {
    #[error("Answer a question, or choose a cause or a score.")]
    Empty,
    #[error("Too long: {error}.")]
    TooLong { question: usize, error: TextError },
    #[error("Invalid score: {0}.")]
    Score(ScoreError),
}

/// Where a review form's problem is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewFormField {
    Question(usize),
    Score,
}

impl ReviewFormError {
    pub fn field(&self) -> ReviewFormField {
        match self {
            ReviewFormError::Empty => ReviewFormField::Question(1),
            ReviewFormError::TooLong { question, .. } => ReviewFormField::Question(*question),
            ReviewFormError::Score(_) => ReviewFormField::Score,
        }
    }
}

/// The fields of a launch review's form (questions by number, a cause and a score chosen
/// from lists) as `Command::AnswerReview` with what is not empty; the bot checks the cause
/// against the round's list.
pub fn parse_review_form(
    launch: &str,
    fields: impl IntoIterator<Item = (usize, String)>,
    cause: Option<&str>,
    score: Option<&str>,
) -> Result<Command, ReviewFormError> {
    let mut answers = Vec::new();
    for (question, text) in fields {
        match Text::parse(&text, Input::Answer) {
            Ok(text) => answers.push((question, text)),
            Err(TextError::Empty) => {}
            Err(error) => return Err(ReviewFormError::TooLong { question, error }),
        }
    }
    answers.sort_by_key(|(number, _)| *number);
    let cause = optional_str(cause).map(str::to_lowercase);
    let score = optional_str(score)
        .map(|s| s.parse::<Score>().map_err(ReviewFormError::Score))
        .transpose()?;
    if answers.is_empty() && cause.is_none() && score.is_none() {
        return Err(ReviewFormError::Empty);
    }
    Ok(Command::AnswerReview {
        launch: launch.trim().to_string(),
        given: Given {
            answers,
            cause,
            score,
        },
    })
}

fn optional_str(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kinds;
    use chrono::NaiveDate;

    fn check(fields: RequestFields) -> Result<NewRequest, Vec<(FormField, String)>> {
        let kinds = Kinds::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        parse_request_form(
            &fields,
            &ParseContext {
                kinds: &kinds,
                today,
            },
        )
    }

    #[test]
    fn a_complete_form_becomes_a_request() {
        let fields = RequestFields {
            kind: "pos".into(),
            title: "Shelf \"talkers\"".into(),
            quantity: Some("500".into()),
            market: Some("Pune West".into()),
            needed_by: Some("2026-12-10".into()),
        };
        let new = check(fields).expect("valid");
        assert_eq!(new.title.as_str(), "Shelf \"talkers\"");
        assert_eq!(new.quantity.map(|q| q.get()), Some(500));
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let fields = RequestFields {
            kind: "posters".into(),
            title: " ".into(),
            quantity: Some("0".into()),
            market: None,
            needed_by: Some("2026-11-01".into()),
        };
        let errors = check(fields).expect_err("invalid");
        let by_field = |f| {
            errors
                .iter()
                .find(|(field, _)| *field == f)
                .map(|(_, m)| m.as_str())
        };
        assert!(by_field(FormField::Kind).is_some_and(|m| m.contains("is not a request kind")));
        assert_eq!(
            by_field(FormField::Title),
            Some("Give the request a title.")
        );
        assert!(by_field(FormField::Quantity).is_some_and(|m| m.contains("at least 1")));
        assert!(by_field(FormField::NeededBy).is_some_and(|m| m.contains("is in the past")));
        assert_eq!(errors.len(), 4);
    }

    #[test]
    fn an_answer_form_keeps_the_fields_not_empty_and_needs_one() {
        let fields = vec![(2, "Late talkers".to_string()), (1, "  ".to_string())];
        let Ok(Command::Answer { prompt, answers }) = parse_answer_form("market-pulse", fields)
        else {
            panic!("an answer");
        };
        assert_eq!(prompt, "market-pulse");
        assert_eq!(answers.len(), 1);
        assert_eq!((answers[0].0, answers[0].1.as_str()), (2, "Late talkers"));
        let empty = parse_answer_form("market-pulse", vec![(1, " ".to_string())]);
        assert_eq!(empty, Err(AnswerFormError::Empty));
        let long =
            parse_answer_form("market-pulse", vec![(2, "x".repeat(2_001))]).expect_err("too long");
        assert_eq!(long.question(), 2);
        assert!(long.to_string().starts_with("Too long: "), "{long}");
    }

    #[test]
    fn a_review_form_needs_an_answer_a_cause_or_a_score() {
        let Ok(Command::AnswerReview { launch, given }) = parse_review_form(
            "diwali-27",
            vec![(3, "late".to_string())],
            Some("Timing"),
            Some("4"),
        ) else {
            panic!("a review answer");
        };
        assert_eq!(launch, "diwali-27");
        assert_eq!(given.answers[0].0, 3);
        assert_eq!(
            (given.cause.as_deref(), given.score.map(Score::get)),
            (Some("timing"), Some(4))
        );
        let score_only = parse_review_form("d", vec![(1, " ".to_string())], Some(""), Some("2"));
        assert!(matches!(score_only, Ok(Command::AnswerReview { .. })));
        let empty = parse_review_form("d", vec![(1, " ".to_string())], None, Some(" "));
        assert_eq!(empty, Err(ReviewFormError::Empty));
        let bad = parse_review_form("d", Vec::new(), None, Some("9")).expect_err("bad score");
        assert_eq!(bad.field(), ReviewFormField::Score);
        let long = parse_review_form("d", vec![(2, "x".repeat(2_001))], None, None);
        assert_eq!(
            long.map_err(|e| e.field()),
            Err(ReviewFormField::Question(2))
        );
    }
}
