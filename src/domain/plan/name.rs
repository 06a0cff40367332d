//! A plan's name: one word, like a launch's, so people can type it.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One word of letters, digits and `-`, kept in lower case: `FY27` and `fy27` are one plan.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PlanName(String);

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PlanNameError {
    #[error("a plan needs a name")]
    Empty,
    #[error("\"{0}\" is not a plan name; use one word of letters, digits and -, like fy27-west")]
    NotOneWord(String),
    #[error("a plan name is at most {max} characters; \"{name}\" is longer")]
    TooLong { name: String, max: usize },
}

impl PlanName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(input: &str) -> Result<Self, PlanNameError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(PlanNameError::Empty);
        }
        let word = name.chars().all(|c| c.is_alphanumeric() || c == '-')
            && name.starts_with(char::is_alphanumeric);
        if !word {
            return Err(PlanNameError::NotOneWord(name.to_string()));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(PlanNameError::TooLong {
                name: name.to_string(),
                max: Self::MAX_CHARS,
            });
        }
        Ok(PlanName(name.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PlanName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_name_is_one_lower_case_word() {
        assert_eq!(
            PlanName::parse(" FY27 ").map(|n| n.to_string()),
            Ok("fy27".into())
        );
        for bad in ["two words", "-x", "a_b", "q1/q2"] {
            assert!(
                matches!(PlanName::parse(bad), Err(PlanNameError::NotOneWord(_))),
                "{bad}"
            );
        }
        assert_eq!(PlanName::parse(""), Err(PlanNameError::Empty));
        assert!(matches!(
            PlanName::parse(&"a".repeat(41)),
            Err(PlanNameError::TooLong { .. })
        ));
    }
}
