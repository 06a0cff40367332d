//! `[planning]`: the sections a planning round has by default, and the gap between the two
//! teams' figures that needs an agreed figure.

use serde::Deserialize;

use super::validate::Check;
use super::{ConfigError, PlanningSettings};
use crate::domain::plan::{check_sections, parse_sections};

/// The sections of a plan when neither the config nor `plan open` names them.
pub const DEFAULT_SECTIONS: [&str; 5] = [
    "Products",
    "Pricing",
    "Volumes by market",
    "Launch calendar",
    "POS/POP budget",
];
/// A line whose figures differ by more than this (percent) needs an agreed figure.
pub const DEFAULT_GAP_PERCENT: u32 = 15;
/// The largest gap threshold: two figures differ by at most 200% of their average.
const MAX_GAP_PERCENT: u32 = 200;

/// `[planning]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanningSection {
    /// A list (`["Products", "Pricing"]`) or one comma-separated string.
    pub sections: Option<SectionList>,
    pub gap_percent: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum SectionList {
    List(Vec<String>),
    Text(String),
}

pub(super) fn planning(
    check: &Check<'_>,
    section: &PlanningSection,
) -> Result<PlanningSettings, ConfigError> {
    let sections = match &section.sections {
        None => Ok(DEFAULT_SECTIONS.map(String::from).to_vec()),
        Some(SectionList::Text(text)) => parse_sections(text),
        Some(SectionList::List(list)) => {
            let names: Vec<&str> = list.iter().map(String::as_str).collect();
            check_sections(&names)
        }
    };
    let sections = sections.or_else(|e| check.fail("planning.sections", e.to_string()))?;
    let gap_percent = match section.gap_percent {
        None => DEFAULT_GAP_PERCENT,
        Some(n) => match u32::try_from(n) {
            Ok(n) if n <= MAX_GAP_PERCENT => n,
            _ => {
                return check.fail(
                    "planning.gap_percent",
                    format!("{n} is not a percentage from 0 to {MAX_GAP_PERCENT}"),
                );
            }
        },
    };
    Ok(PlanningSettings {
        sections,
        gap_percent,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Env, Settings};

    const MINIMAL: &str = r#"
[channels]
sales = { slack = "C1" }
marketing = { slack = "C2" }
"#;

    fn load(extra: &str) -> Result<Settings, String> {
        Settings::from_toml(
            &format!("{MINIMAL}\n{extra}"),
            Path::new("t.toml"),
            &Env::default(),
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn planning_has_five_sections_and_a_15_percent_gap_by_default() {
        let settings = load("").expect("loads");
        assert_eq!(settings.planning.sections.len(), 5);
        assert_eq!(settings.planning.sections[4], "POS/POP budget");
        assert_eq!(settings.planning.gap_percent, 15);
    }

    #[test]
    fn sections_may_be_a_list_or_one_comma_separated_line() {
        let list = load("[planning]\nsections = [\"Products\", \"Pricing\"]\ngap_percent = 10")
            .expect("loads");
        assert_eq!(list.planning.sections, vec!["Products", "Pricing"]);
        assert_eq!(list.planning.gap_percent, 10);
        let line = load("[planning]\nsections = \"Products, Pricing\"").expect("loads");
        assert_eq!(line.planning.sections, vec!["Products", "Pricing"]);
    }

    #[test]
    fn a_bad_planning_line_names_its_key() {
        for (extra, says) in [
            (
                "[planning]\nsections = []",
                "planning.sections: a plan needs at least one section",
            ),
            (
                "[planning]\nsections = \"A, a\"",
                "planning.sections: section \"a\" is listed twice",
            ),
            (
                "[planning]\ngap_percent = -1",
                "planning.gap_percent: -1 is not a percentage",
            ),
            (
                "[planning]\ngap_percent = 500",
                "planning.gap_percent: 500 is not a percentage",
            ),
            ("[planning]\ngap = 5", "unknown field `gap`"),
        ] {
            let error = load(extra).expect_err(extra);
            assert!(error.contains(says), "{extra}: {error}");
        }
    }
}
