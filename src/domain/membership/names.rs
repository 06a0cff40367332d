//! Unique, stable names for synced people.

use std::collections::BTreeSet;

/// A name a platform gives: the short one it shows, and the full one when it has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wanted {
    pub shown: String,
    pub full: Option<String>,
}

/// Names for people new to the directory, in order, none of them in `taken` (compared
/// ignoring case) nor equal to another. A name nobody else has stays as it is; people who
/// share one get their first name and the initial of their last ("Asha K.", "Asha R."), then
/// their full name, then a number ("Asha 2"). Names already given are never changed, so a
/// record always finds its person.
pub fn disambiguate(wanted: &[Wanted], taken: &[String]) -> Vec<String> {
    let mut used: BTreeSet<String> = taken.iter().map(|n| n.to_lowercase()).collect();
    let shared = |name: &str| {
        wanted
            .iter()
            .filter(|w| w.shown.eq_ignore_ascii_case(name))
            .count()
            > 1
    };
    let mut given = Vec::with_capacity(wanted.len());
    for want in wanted {
        let full = want.full.clone().unwrap_or_else(|| want.shown.clone());
        let mut options = Vec::new();
        if !shared(&want.shown) {
            options.push(want.shown.clone());
        }
        options.extend(first_and_initial(&full));
        options.push(full.clone());
        let pick = options
            .into_iter()
            .find(|o| !used.contains(&o.to_lowercase()))
            .unwrap_or_else(|| numbered(&want.shown, &used));
        used.insert(pick.to_lowercase());
        given.push(pick);
    }
    given
}

/// "Asha Kulkarni" → "Asha K."; `None` for a one-word name.
fn first_and_initial(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let (first, last) = (words.first()?, words.last()?);
    let initial = last.chars().next()?;
    Some(format!("{first} {}.", initial.to_uppercase()))
}

fn numbered(base: &str, used: &BTreeSet<String>) -> String {
    (2..10_000)
        .map(|n| format!("{base} {n}"))
        .find(|candidate| !used.contains(&candidate.to_lowercase()))
        .unwrap_or_else(|| base.to_string())
}
