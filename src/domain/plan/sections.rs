//! A plan's sections: named by the config or by `plan open … sections:"A, B"`.

use thiserror::Error;

/// The most sections a plan has: each is a field of the input form, and ten fit a Teams card.
pub const MAX_SECTIONS: usize = 10;
/// The longest section name.
pub const SECTION_CHARS: usize = 100;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SectionsError {
    #[error("a plan needs at least one section")]
    Empty,
    #[error("{0} sections; a plan has at most {MAX_SECTIONS}")]
    TooMany(usize),
    #[error("section \"{0}\" is longer than {SECTION_CHARS} characters")]
    TooLong(String),
    #[error("section \"{0}\" is listed twice")]
    Twice(String),
}

/// `"Products, Pricing"` as a list of sections.
pub fn parse_sections(text: &str) -> Result<Vec<String>, SectionsError> {
    let names: Vec<&str> = text.split(',').collect();
    check_sections(&names)
}

/// The sections, trimmed, with empty entries left out; each at most `SECTION_CHARS`, none
/// twice (ignoring case).
pub fn check_sections(names: &[&str]) -> Result<Vec<String>, SectionsError> {
    let mut sections: Vec<String> = Vec::new();
    for name in names {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            continue;
        }
        if name.chars().count() > SECTION_CHARS {
            return Err(SectionsError::TooLong(name));
        }
        if sections.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
            return Err(SectionsError::Twice(name));
        }
        sections.push(name);
    }
    match sections.len() {
        0 => Err(SectionsError::Empty),
        n if n > MAX_SECTIONS => Err(SectionsError::TooMany(n)),
        _ => Ok(sections),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_a_comma_separated_list_without_repeats() {
        assert_eq!(
            parse_sections(" Products ,Pricing,, "),
            Ok(vec!["Products".to_string(), "Pricing".to_string()])
        );
        assert_eq!(parse_sections(" , "), Err(SectionsError::Empty));
        assert_eq!(
            parse_sections("A, a"),
            Err(SectionsError::Twice("a".into()))
        );
        let many = (0..11).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        assert_eq!(parse_sections(&many), Err(SectionsError::TooMany(11)));
    }
}
