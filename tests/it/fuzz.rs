//! Generated inputs: the command parser and the config loader answer anything they are fed
//! with a result, never a panic, and an error is a short sentence. (The Slack and Teams entry
//! points are fed in `slack::fuzz` and `teams::fuzz`.) Each property runs a few hundred cases
//! here; `PROPTEST_CASES` runs more.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;
use tandem::command::{ParseContext, parse};
use tandem::config::{Env, Settings};
use tandem::domain::Kinds;

use crate::generators::{config_text, line};

/// How many cases a property runs: `default`, or `PROPTEST_CASES` when it is set.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_parser_answers_any_line_with_a_command_or_a_short_explanation(line in line()) {
        let kinds = Kinds::default();
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
        let ctx = ParseContext { kinds: &kinds, today };
        if let Err(error) = parse(&line, &ctx) {
            let text = error.explain();
            prop_assert!(!text.trim().is_empty());
            // Explanations quote what was typed only in part, so they stay one message.
            prop_assert!(text.chars().count() <= 3_000, "{} chars", text.chars().count());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_config_loader_answers_any_text_with_settings_or_one_line(text in config_text()) {
        if let Err(error) = Settings::from_toml(&text, Path::new("fuzz.toml"), &Env::default()) {
            let message = error.to_string();
            prop_assert!(message.starts_with("fuzz.toml"), "{message}");
            prop_assert!(!message.contains('\n'), "{message}");
        }
    }
}
