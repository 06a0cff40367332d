//! "Did you mean …" for a mistyped command word.

use super::grammar::{CommandName, SPECS};

/// The command word closest to `word`, if it is close enough to be a typo.
pub fn closest_command(word: &str) -> Option<CommandName> {
    let word = word.to_lowercase();
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    SPECS
        .iter()
        .flat_map(|s| {
            std::iter::once(s.word)
                .chain(s.aliases.iter().copied())
                .map(move |w| (s.name, w))
        })
        .map(|(name, candidate)| (edit_distance(&word, candidate), name))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours each cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_suggest_the_intended_command() {
        assert_eq!(closest_command("reqest"), Some(CommandName::Request));
        assert_eq!(closest_command("delivr"), Some(CommandName::Deliver));
        assert_eq!(closest_command("lsit"), Some(CommandName::List));
        assert_eq!(closest_command("acknowlege"), Some(CommandName::Ack));
        assert_eq!(closest_command("CONFIRN"), Some(CommandName::Confirm));
    }

    #[test]
    fn unrelated_words_suggest_nothing() {
        assert_eq!(closest_command("banana"), None);
        assert_eq!(closest_command("xyz"), None);
    }
}
