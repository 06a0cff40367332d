//! Parsing `answer`, `pause`: the commands of the feedback loop.

use chrono::Duration;

use super::error::ParseError;
use super::grammar::{Command, CommandName};
use crate::domain::prompt::MAX_QUESTIONS;
use crate::domain::{Given, Input, Score, Text, TextError, parse_duration};

/// The longest pause.
pub const MAX_PAUSE: Duration = Duration::weeks(26);

/// `answer <prompt>`: the form. `answer <prompt> <N> <text…>`: one question, the text kept
/// verbatim. `answer <prompt> 1:<text…> 2:<text…>`: several, each text running to the next
/// `N:` (quotes around a text are dropped). `answer <prompt> <text…>`: question 1. With
/// `cause:CAUSE` or `score:N` anywhere (outside quotes) it answers a launch review.
pub fn parse_answer(rest: &str) -> Result<Command, ParseError> {
    let command = CommandName::Answer;
    let rest = rest.trim();
    let (prompt, body) = match rest.split_once(char::is_whitespace) {
        Some((prompt, body)) => (prompt, body.trim()),
        None => (rest, ""),
    };
    if prompt.is_empty() {
        return Err(ParseError::Missing {
            command,
            what: "the prompt to answer, like market-pulse",
        });
    }
    let prompt = prompt.to_string();
    let (rest, cause, score) = review_options(body)?;
    if cause.is_some() || score.is_some() {
        let given = Given {
            answers: numbered_answers(&rest)?,
            cause,
            score,
        };
        return Ok(Command::AnswerReview {
            launch: prompt,
            given,
        });
    }
    if body.is_empty() {
        return Ok(Command::AnswerForm { prompt });
    }
    let answers = numbered_answers(body)?;
    Ok(Command::Answer { prompt, answers })
}

/// The answers of a body: `<N> <text…>`, `1:<text…> 2:<text…>`, or `<text…>` for question 1.
fn numbered_answers(body: &str) -> Result<Vec<(usize, Text)>, ParseError> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let parts = match body.split_once(char::is_whitespace) {
        Some((first, text)) if is_number(first) => vec![(number(first)?, text)],
        None if is_number(body) => vec![(number(body)?, "")],
        _ if marker(body).is_some() => numbered(body)?,
        _ => vec![(1, body)],
    };
    let mut answers: Vec<(usize, Text)> = Vec::new();
    for (number, text) in parts {
        if answers.iter().any(|(n, _)| *n == number) {
            return Err(ParseError::RepeatedQuestion { number });
        }
        answers.push((number, answer_text(number, text)?));
    }
    Ok(answers)
}

/// Takes a launch review's `cause:CAUSE` and `score:N` out of a body (not from inside quotes);
/// returns the rest.
fn review_options(body: &str) -> Result<(String, Option<String>, Option<Score>), ParseError> {
    let command = CommandName::Answer;
    let mut kept = Vec::new();
    let (mut cause, mut score) = (None, None);
    let mut in_quote = false;
    for word in body.split_whitespace() {
        let option = (!in_quote)
            .then(|| word.split_once(':'))
            .flatten()
            .filter(|(_, value)| !value.is_empty());
        for c in word.chars() {
            match c {
                '"' => in_quote = !in_quote,
                '“' => in_quote = true,
                '”' => in_quote = false,
                _ => {}
            }
        }
        let Some((key, value)) = option else {
            kept.push(word);
            continue;
        };
        let value = unquote(value);
        let repeated = match key.to_lowercase().as_str() {
            "cause" => cause.replace(value.to_lowercase()).is_some(),
            "score" => {
                let parsed = value
                    .parse::<Score>()
                    .map_err(|source| ParseError::Score { source })?;
                score.replace(parsed).is_some()
            }
            _ => {
                kept.push(word);
                false
            }
        };
        if repeated {
            let key = if key.eq_ignore_ascii_case("cause") {
                "cause"
            } else {
                "score"
            };
            return Err(ParseError::Repeated { command, key });
        }
    }
    Ok((kept.join(" "), cause, score))
}

/// `pause <duration>`, at most `MAX_PAUSE`.
pub fn parse_pause(rest: &str) -> Result<Command, ParseError> {
    let command = CommandName::Pause;
    let rest = rest.trim();
    if rest.is_empty() {
        return Err(ParseError::Missing {
            command,
            what: "how long, like 2w or 3d",
        });
    }
    let duration =
        parse_duration(rest).map_err(|source| ParseError::Duration { command, source })?;
    if duration > MAX_PAUSE {
        return Err(ParseError::PauseTooLong);
    }
    Ok(Command::Pause(duration))
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

fn number(word: &str) -> Result<usize, ParseError> {
    match word.parse::<usize>() {
        Ok(n @ 1..=MAX_QUESTIONS) => Ok(n),
        _ => Err(ParseError::QuestionNumber {
            input: word.to_string(),
        }),
    }
}

/// The `N:` at the start of `text`: the number and where the answer starts.
fn marker(text: &str) -> Option<(&str, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && text[digits..].starts_with(':')).then(|| (&text[..digits], digits + 1))
}

/// Splits `1:a b 2:c` at each word that starts with `N:`.
fn numbered(body: &str) -> Result<Vec<(usize, &str)>, ParseError> {
    let mut starts = Vec::new();
    let mut at_word_start = true;
    for (i, c) in body.char_indices() {
        if at_word_start && marker(&body[i..]).is_some() {
            starts.push(i);
        }
        at_word_start = c.is_whitespace();
    }
    let mut parts = Vec::new();
    for (k, start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(body.len());
        let (digits, skip) = marker(&body[*start..]).unwrap_or(("", 0));
        parts.push((number(digits)?, &body[start + skip..end]));
    }
    Ok(parts)
}

fn answer_text(number: usize, text: &str) -> Result<Text, ParseError> {
    let text = unquote(text.trim());
    Text::parse(text, Input::Answer).map_err(|source| match source {
        TextError::Empty => ParseError::EmptyAnswer { number },
        source => ParseError::TooLong {
            command: CommandName::Answer,
            input: Input::Answer,
            source,
        },
    })
}

/// Drops one pair of quotes around the whole text (straight or typographic).
fn unquote(text: &str) -> &str {
    for (open, close) in [('"', '"'), ('“', '”'), ('“', '"'), ('"', '”')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            return inner;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::command::{Command, ParseContext, parse};
    use crate::domain::Kinds;

    fn run(line: &str) -> Result<Command, crate::command::ParseError> {
        let kinds = Kinds::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("valid date");
        parse(
            line,
            &ParseContext {
                kinds: &kinds,
                today,
            },
        )
    }

    fn ok(line: &str) -> Command {
        run(line).unwrap_or_else(|e| panic!("{line:?} should parse, got: {e}"))
    }

    fn err(line: &str) -> String {
        match run(line) {
            Ok(command) => panic!("{line:?} should fail, got {command:?}"),
            Err(e) => e.explain(),
        }
    }

    fn answers(line: &str) -> (String, Vec<(usize, String)>) {
        match ok(line) {
            Command::Answer { prompt, answers } => (
                prompt,
                answers
                    .into_iter()
                    .map(|(n, t)| (n, t.to_string()))
                    .collect(),
            ),
            other => panic!("{line:?} gave {other:?}"),
        }
    }

    #[test]
    fn answer_takes_every_question_at_once_or_one_by_number() {
        let (prompt, got) =
            answers(r#"answer market-pulse 1:"shops want smaller packs" 2:posters helped"#);
        assert_eq!(prompt, "market-pulse");
        assert_eq!(
            got,
            vec![
                (1, "shops want smaller packs".into()),
                (2, "posters helped".into())
            ]
        );
        let (_, one) = answers(r#"answer market-pulse 2 they said "too sweet", 2:1 against"#);
        assert_eq!(
            one,
            vec![(2, r#"they said "too sweet", 2:1 against"#.into())]
        );
        let (_, plain) = answers("answer field-needs sell-through data for Pune");
        assert_eq!(plain, vec![(1, "sell-through data for Pune".into())]);
        assert_eq!(
            ok("answer market-pulse"),
            Command::AnswerForm {
                prompt: "market-pulse".into()
            }
        );
    }

    #[test]
    fn bad_answer_lines_say_what_is_wrong() {
        let usage = "Usage: `answer <prompt> [N:<text…> …] | answer <prompt> <N> <text…> | answer <launch> [N:<text…> …] [cause:CAUSE] [score:1-5]`";
        let cases = [
            (
                "answer",
                "`answer` needs the prompt to answer, like market-pulse.",
            ),
            ("answer p 1:a 1:b", "Question 1 is answered twice"),
            ("answer p 1:a 2:", "Answer 2 is empty"),
            ("answer p 2", "Answer 2 is empty"),
            ("answer p 0 zero", "\"0\" is not a question number"),
            ("answer p 11:x", "\"11\" is not a question number"),
        ];
        for (line, expected) in cases {
            let message = err(line);
            assert!(message.contains(expected), "{line:?} → {message:?}");
            assert!(message.ends_with(usage), "{line:?} → {message:?}");
        }
        let max = crate::domain::Input::Answer.max_chars();
        let long = format!("answer p 1:{}", "x".repeat(max + 1));
        assert!(
            err(&long)
                .contains("The answer is too long: it is 1001 characters long; the limit is 1000")
        );
        assert!(matches!(
            ok(&format!("answer p 1:{}", "x".repeat(max))),
            Command::Answer { .. }
        ));
    }

    #[test]
    fn pause_takes_a_duration_of_up_to_half_a_year_and_resume_and_digest_take_nothing() {
        assert_eq!(ok("pause 2w"), Command::Pause(chrono::Duration::weeks(2)));
        assert_eq!(
            ok("pause 1d12h"),
            Command::Pause(chrono::Duration::hours(36))
        );
        assert!(err("pause").contains("`pause` needs how long, like 2w or 3d."));
        assert!(err("pause soon").contains("\"soon\" is not a duration"));
        assert!(err("pause 27w").starts_with("A pause lasts at most 26 weeks"));
        assert_eq!(ok("resume"), Command::Resume);
        assert_eq!(ok("digest"), Command::Digest);
        assert!(err("digest now").contains("`digest` takes nothing after the command"));
    }
}
