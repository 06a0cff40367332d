//! Splits a command line into words, keeping quoted values together.

use super::error::ParseError;

/// Splits on whitespace; `"…"` (or typographic `“…”`, which Slack and phones substitute) keeps
/// spaces inside one word, also after a key: `market:"Pune West"` is the word `market:Pune West`.
pub fn words(line: &str) -> Result<Vec<String>, ParseError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut closing: Option<char> = None;
    for c in line.chars() {
        if let Some(close) = closing {
            if c == close || (close == '”' && c == '"') {
                closing = None;
            } else {
                current.push(c);
            }
            continue;
        }
        match c {
            '"' | '“' | '”' => {
                closing = Some(if c == '"' { '"' } else { '”' });
                in_word = true;
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if closing.is_some() {
        return Err(ParseError::UnclosedQuote);
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_stay_one_word() {
        let got = words(r#"request pos Shelf talkers market:"Pune West" qty:5"#);
        let want = [
            "request",
            "pos",
            "Shelf",
            "talkers",
            "market:Pune West",
            "qty:5",
        ];
        assert_eq!(got, Ok(want.map(String::from).to_vec()));
    }

    #[test]
    fn typographic_quotes_work_like_straight_ones() {
        let got = words("market:“Pune West” x");
        assert_eq!(
            got,
            Ok(vec!["market:Pune West".to_string(), "x".to_string()])
        );
    }

    #[test]
    fn an_empty_quoted_word_is_kept_and_an_unclosed_quote_is_an_error() {
        assert_eq!(
            words(r#"a "" b"#),
            Ok(vec!["a".into(), "".into(), "b".into()])
        );
        assert_eq!(words(r#"market:"Pune"#), Err(ParseError::UnclosedQuote));
    }

    #[test]
    fn apostrophes_are_ordinary_letters() {
        assert_eq!(
            words("Diwali's best"),
            Ok(vec!["Diwali's".into(), "best".into()])
        );
    }
}
