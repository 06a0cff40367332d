//! `[reviews]`: the questions, causes and rules of launch reviews.

use chrono::Duration;

use super::file::ReviewsSection;
use super::validate::Check;
use super::{ConfigError, ReviewSettings};
use crate::domain::prompt::MAX_QUESTIONS;

/// What a review asks when the config does not say.
pub const DEFAULT_QUESTIONS: [&str; 4] = [
    "What went well?",
    "What held the launch back?",
    "What should the other team do differently?",
    "What should we do differently?",
];

/// The causes a review offers when the config does not say.
pub const DEFAULT_CAUSES: [&str; 8] = [
    "product",
    "pricing",
    "placement",
    "promotion",
    "timing",
    "execution",
    "support",
    "other",
];

/// The one reminder to whoever has not answered comes this long after the round opened.
pub const DEFAULT_REMIND_AFTER: Duration = Duration::days(3);

pub(super) fn reviews(
    check: &Check<'_>,
    section: &ReviewsSection,
) -> Result<ReviewSettings, ConfigError> {
    let questions = match &section.questions {
        Some(list) => questions(check, list)?,
        None => DEFAULT_QUESTIONS.map(String::from).to_vec(),
    };
    let causes = match &section.causes {
        Some(list) => causes(check, list)?,
        None => DEFAULT_CAUSES.map(String::from).to_vec(),
    };
    let review_after = match &section.review_after {
        Some(text) => Some(check.duration("reviews.review_after", text)?),
        None => None,
    };
    let remind_after = match &section.remind_after {
        Some(text) => check.duration("reviews.remind_after", text)?,
        None => DEFAULT_REMIND_AFTER,
    };
    Ok(ReviewSettings {
        questions,
        causes,
        anonymous: section.anonymous.unwrap_or(false),
        review_after,
        remind_after,
    })
}

fn questions(check: &Check<'_>, list: &[String]) -> Result<Vec<String>, ConfigError> {
    let key = "reviews.questions";
    if list.is_empty() {
        return check.fail(key, "a review needs at least one question");
    }
    if list.len() > MAX_QUESTIONS {
        return check.fail(
            key,
            format!(
                "{} questions; a review asks at most {MAX_QUESTIONS}",
                list.len()
            ),
        );
    }
    let mut cleaned = Vec::new();
    for (i, question) in list.iter().enumerate() {
        let question = question.trim();
        if question.is_empty() {
            return check.fail(key, format!("question {} is empty", i + 1));
        }
        cleaned.push(question.to_string());
    }
    Ok(cleaned)
}

/// Causes are typed (`cause:pricing`): one lower-case word each, none twice.
fn causes(check: &Check<'_>, list: &[String]) -> Result<Vec<String>, ConfigError> {
    let key = "reviews.causes";
    if list.is_empty() {
        return check.fail(key, "the list of causes is empty");
    }
    let mut cleaned: Vec<String> = Vec::new();
    for cause in list {
        let cause = cause.trim();
        let word = !cause.is_empty()
            && cause
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !word || cause.to_lowercase() != cause {
            return check.fail(
                key,
                format!("\"{cause}\" must be one lower-case word (people type cause:{cause})"),
            );
        }
        if cleaned.iter().any(|c| c == cause) {
            return check.fail(key, format!("\"{cause}\" is listed twice"));
        }
        cleaned.push(cause.to_string());
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Env, Settings};

    const MINIMAL: &str = r#"
[channels]
sales = { slack = "C0SALES" }
marketing = { slack = "C0MKTG" }
[[people]]
name = "Asha"
team = "sales"
"#;

    fn load(extra: &str) -> Result<Settings, String> {
        let text = format!("{MINIMAL}{extra}");
        Settings::from_toml(&text, Path::new("tandem.toml"), &Env::default())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reviews_have_defaults_and_take_their_own_questions_and_causes() {
        let settings = load("").expect("valid");
        let reviews = &settings.reviews;
        assert_eq!(reviews.questions.len(), 4);
        assert_eq!(reviews.questions[1], "What held the launch back?");
        assert_eq!(reviews.causes[1], "pricing");
        assert!(!reviews.anonymous);
        assert_eq!(reviews.review_after, None, "a lead opens reviews");
        assert_eq!(reviews.remind_after, chrono::Duration::days(3));
        assert_eq!(
            settings.joint_channel(),
            None,
            "no digest, no joint channel"
        );
        let own = load(
            "[reviews]\nquestions = [\" Why? \"]\ncauses = [\"price\", \"stock\"]\n\
             anonymous = true\nreview_after = \"30d\"\nremind_after = \"2d\"",
        )
        .expect("valid");
        assert_eq!(own.reviews.questions, vec!["Why?".to_string()]);
        assert_eq!(own.reviews.causes, vec!["price", "stock"]);
        assert!(own.reviews.anonymous);
        assert_eq!(own.reviews.review_after, Some(chrono::Duration::days(30)));
    }

    #[test]
    fn bad_review_settings_name_the_key() {
        let cases = [
            (
                "questions = []",
                "reviews.questions: a review needs at least one question",
            ),
            (
                "questions = [\"a\", \" \"]",
                "reviews.questions: question 2 is empty",
            ),
            ("causes = []", "reviews.causes: the list of causes is empty"),
            (
                "causes = [\"Price\"]",
                "reviews.causes: \"Price\" must be one lower-case word",
            ),
            (
                "causes = [\"a b\"]",
                "reviews.causes: \"a b\" must be one lower-case word",
            ),
            (
                "causes = [\"x\", \"x\"]",
                "reviews.causes: \"x\" is listed twice",
            ),
            (
                "review_after = \"soon\"",
                "reviews.review_after: \"soon\" is not a duration",
            ),
            ("remind_after = \"0d\"", "reviews.remind_after:"),
            ("anonymus = true", "unknown field `anonymus`"),
        ];
        for (line, expected) in cases {
            let error = load(&format!("[reviews]\n{line}")).expect_err(line);
            assert!(error.contains(expected), "{line} → {error}");
        }
    }
}
