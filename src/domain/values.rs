//! Small values that parse: a value of one of these types is already valid.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::limits::Input;

/// `REQ-<n>`, numbered from 1 per store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(u64);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("\"{0}\" is not a request ID; write it like REQ-12 or 12")]
pub struct RequestIdError(pub String);

impl RequestId {
    pub fn new(n: u64) -> Option<Self> {
        (n > 0).then_some(RequestId(n))
    }

    pub fn number(self) -> u64 {
        self.0
    }

    /// Accepts `REQ-12`, `req-12`, `#12` and `12`.
    pub fn parse(input: &str) -> Result<Self, RequestIdError> {
        numbered(input, "REQ-")
            .and_then(RequestId::new)
            .ok_or_else(|| RequestIdError(input.trim().to_string()))
    }
}

/// The number of an ID typed as `<prefix>n` (any case), `#n` or `n`: how every `REQ-`, `VIS-`
/// and `PAIR-` number is read.
pub fn numbered(input: &str, prefix: &str) -> Option<u64> {
    let text = input.trim();
    let digits = text
        .get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &text[prefix.len()..])
        .or_else(|| text.strip_prefix('#'))
        .unwrap_or(text);
    let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| digits.parse().ok()).flatten()
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "REQ-{}", self.0)
    }
}

/// What kind of material is asked for; one of the configured kinds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Kind(String);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("\"{kind}\" is not a request kind; use one of: {}", allowed.join(", "))]
pub struct KindError {
    pub kind: String,
    pub allowed: Vec<String>,
}

impl Kind {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The configured list of request kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kinds(Vec<String>);

impl Default for Kinds {
    fn default() -> Self {
        let names = ["pos", "pop", "collateral", "pricing", "samples", "other"];
        Kinds(names.iter().map(|k| k.to_string()).collect())
    }
}

impl Kinds {
    /// Kinds are lower-case words without spaces; the list must not be empty or repeat one.
    pub fn new(names: Vec<String>) -> Result<Self, String> {
        if names.is_empty() {
            return Err("the list of kinds is empty".into());
        }
        for (i, name) in names.iter().enumerate() {
            let word = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '-');
            if !word || name.to_lowercase() != *name {
                return Err(format!("\"{name}\" must be one lower-case word"));
            }
            if names[..i].contains(name) {
                return Err(format!("\"{name}\" is listed twice"));
            }
        }
        Ok(Kinds(names))
    }

    pub fn parse(&self, input: &str) -> Result<Kind, KindError> {
        let wanted = input.trim().to_lowercase();
        match self.0.iter().find(|k| **k == wanted) {
            Some(k) => Ok(Kind(k.clone())),
            None => Err(KindError {
                kind: input.trim().to_string(),
                allowed: self.0.clone(),
            }),
        }
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }
}

/// A request's title: 1 to `Input::Title.max_chars()` (200) characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Title(String);

impl Title {
    pub fn parse(input: &str) -> Result<Self, TextError> {
        Text::parse(input, Input::Title).map(|text| Title(text.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Non-empty free text (a reason, a note, a comment, a market), at most as long as its kind of
/// input allows (`Input::max_chars`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(String);

#[derive(Debug, Error, PartialEq, Eq)]
pub enum TextError {
    #[error("it is empty")]
    Empty,
    #[error("it is {chars} characters long; the limit is {max}")]
    TooLong { chars: usize, max: usize },
}

impl Text {
    /// Cleans `input` (control characters out, runs of white space as one space) and checks it
    /// against the limit of its `kind`.
    pub fn parse(input: &str, kind: Input) -> Result<Self, TextError> {
        let cleaned = crate::domain::text::sanitize(input);
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        if words.is_empty() {
            return Err(TextError::Empty);
        }
        let text = words.join(" ");
        let chars = text.chars().count();
        let max = kind.max_chars();
        if chars > max {
            return Err(TextError::TooLong { chars, max });
        }
        Ok(Text(text))
    }

    /// Like `parse`, for text Tandem writes itself from stored parts: cut to the limit (ending
    /// in `…`) rather than refused; `—` when there is nothing.
    pub fn parse_cut(input: &str, kind: Input) -> Self {
        let cleaned = crate::domain::text::sanitize(input);
        let text = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Text("—".into());
        }
        let max = kind.max_chars();
        if text.chars().count() <= max {
            return Text(text);
        }
        let cut: String = text.chars().take(max - 1).collect();
        Text(format!("{}…", cut.trim_end()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How many items, at least 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Quantity(u32);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("quantity must be a whole number of at least 1, not \"{0}\"")]
pub struct QuantityError(pub String);

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || QuantityError(s.to_string());
        let digits = s.trim().replace([',', '_'], "");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error());
        }
        match digits.parse::<u32>() {
            Ok(n) if n > 0 => Ok(Quantity(n)),
            _ => Err(error()),
        }
    }
}

impl Quantity {
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A satisfaction rating from 1 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rating(u8);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("a rating is a whole number from 1 to 5, not \"{0}\"")]
pub struct RatingError(pub String);

impl FromStr for Rating {
    type Err = RatingError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().parse::<u8>() {
            Ok(n @ 1..=5) => Ok(Rating(n)),
            _ => Err(RatingError(s.to_string())),
        }
    }
}

impl Rating {
    pub fn get(self) -> u8 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_accept_every_documented_form() {
        for form in ["REQ-12", "req-12", "Req-12", "#12", "12", " 12 "] {
            assert_eq!(
                RequestId::parse(form).map(|id| id.number()),
                Ok(12),
                "{form}"
            );
        }
        for bad in [
            "REQ-", "REQ-0", "0", "twelve", "REQ-1a", "-3", "#", "REQ--1", "１２",
        ] {
            assert!(RequestId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            RequestId::parse("7").map(|i| i.to_string()),
            Ok("REQ-7".into())
        );
    }

    #[test]
    fn kinds_are_matched_ignoring_case_and_unknown_ones_list_the_choices() {
        let kinds = Kinds::default();
        assert_eq!(kinds.parse("POS").map(|k| k.to_string()), Ok("pos".into()));
        let error = kinds.parse("posters").expect_err("unknown kind");
        assert!(
            error
                .to_string()
                .contains("pos, pop, collateral, pricing, samples, other")
        );
        assert!(Kinds::new(vec![]).is_err());
        assert!(Kinds::new(vec!["pos".into(), "pos".into()]).is_err());
        assert!(Kinds::new(vec!["Big Banner".into()]).is_err());
    }

    #[test]
    fn titles_are_one_to_two_hundred_characters() {
        assert_eq!(Title::parse("   "), Err(TextError::Empty));
        assert!(Title::parse(&"é".repeat(200)).is_ok());
        let long = Title::parse(&"x".repeat(201));
        assert_eq!(
            long,
            Err(TextError::TooLong {
                chars: 201,
                max: 200
            })
        );
        assert_eq!(
            Title::parse(" shelf   talkers ").map(|t| t.to_string()),
            Ok("shelf talkers".into())
        );
    }

    #[test]
    fn texts_are_held_to_their_kinds_limit() {
        let market = "m".repeat(Input::Market.max_chars());
        assert!(Text::parse(&market, Input::Market).is_ok());
        assert_eq!(
            Text::parse(&format!("{market}m"), Input::Market),
            Err(TextError::TooLong {
                chars: 101,
                max: 100
            })
        );
        assert!(Text::parse(&format!("{market}m"), Input::Comment).is_ok());
    }

    #[test]
    fn quantities_are_positive_whole_numbers() {
        assert_eq!("500".parse::<Quantity>().map(Quantity::get), Ok(500));
        assert_eq!("1,000".parse::<Quantity>().map(Quantity::get), Ok(1000));
        for bad in ["0", "-5", "five", "", "2.5", "99999999999"] {
            assert!(bad.parse::<Quantity>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ratings_run_from_one_to_five() {
        assert_eq!("5".parse::<Rating>().map(Rating::get), Ok(5));
        for bad in ["0", "6", "-1", "great", ""] {
            assert!(bad.parse::<Rating>().is_err(), "{bad}");
        }
    }
}
