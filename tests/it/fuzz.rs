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

/// How many cases a property runs: `default`, or `PROPTEST_CASES` when it is set.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Words the grammar knows, so generated lines get past the first word often.
const WORDS: &[&str] = &[
    "request",
    "ack",
    "start",
    "block",
    "deliver",
    "decline",
    "assign",
    "comment",
    "confirm",
    "reopen",
    "list",
    "show",
    "answer",
    "pause",
    "resume",
    "help",
    "admin",
    "digest",
    "REQ-1",
    "REQ-0",
    "REQ-99999999999999999999",
    "pos",
    "by:2027-01-01",
    "by:2027-02-30",
    "qty:5",
    "qty:-1",
    "qty:99999999999999999999",
    "market:\"Pune West\"",
    "rating:5",
    "rating:0",
    "page:2",
    "all",
    "mine",
    "open",
    "@Priya",
    "@U0PRIYA",
    "1:\"yes\"",
    "\"",
    "'",
    "`",
    ":",
    "market-pulse",
    "4h",
    "3d",
    "outbox",
    "backup",
    "<@U0ASHA>",
    "&amp;",
    "\u{202e}",
    "😀",
];

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(WORDS).prop_map(str::to_string),
                "[ -~]{0,12}",
                any::<String>().prop_map(|s| s.chars().take(8).collect()),
            ],
            0..12,
        )
        .prop_map(|words| words.join(" ")),
    ]
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

/// Fragments of a config file, in and out of place.
const CONFIG_PARTS: &[&str] = &[
    "timezone = \"Asia/Kolkata\"\n",
    "timezone = \"Mars/Olympus\"\n",
    "[channels]\n",
    "sales = { slack = \"C0SALES\" }\n",
    "marketing = { slack = \"C0MKTG\", teams = \"19:x\" }\n",
    "joint = { gchat = \"x\" }\n",
    "[[people]]\n",
    "name = \"Asha\"\n",
    "name = \"\"\n",
    "team = \"sales\"\n",
    "team = \"marketing\"\n",
    "role = \"lead\"\n",
    "slack = \"U0ASHA\"\n",
    "slak = 5\n",
    "[requests]\n",
    "kinds = []\n",
    "acknowledge_within = \"1d\"\n",
    "acknowledge_within = \"soon\"\n",
    "[[prompts]]\n",
    "id = \"p\"\n",
    "cron = \"0 0 16 * * Fri\"\n",
    "cron = \"* * *\"\n",
    "questions = [\"?\"]\n",
    "remind_after = \"99999999999d\"\n",
    "[digest]\n",
    "channel = \"joint\"\n",
    "[backup]\n",
    "keep = 0\n",
    "[quiet_hours]\n",
    "working_hours = \"25:00-01:00\"\n",
    "working_days = \"Sun-Mon\"\n",
    "[store]\n",
    "cache_mb = 18446744073709551615\n",
    "= = =\n",
    "[[\n",
];

fn config_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(CONFIG_PARTS), 0..24)
            .prop_map(|parts| parts.concat()),
    ]
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
