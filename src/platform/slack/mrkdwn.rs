//! Text as Slack reads it: `mrkdwn` escaping of `&`, `<` and `>` (and undoing it for what people
//! type), and cutting text to a limit measured after escaping, so that escaping can never push
//! a text over its limit.

/// The character that marks a text as cut short.
pub const ELLIPSIS: char = '…';

/// Slack's mrkdwn treats `&`, `<` and `>` as markup.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// How many characters `text` takes once escaped.
pub fn escaped_len(text: &str) -> usize {
    text.chars().map(escaped_char_len).sum()
}

/// `text` escaped, at most `max` characters long; a text that is cut ends in "…".
pub fn shorten(text: &str, max: usize) -> String {
    if escaped_len(text) <= max {
        return escape(text);
    }
    let end = fitting_end(text, max.saturating_sub(1));
    format!("{}{ELLIPSIS}", escape(text[..end].trim_end()))
}

/// Plain text (which Slack does not unescape) at most `max` characters long, ending in "…"
/// when cut.
pub fn shorten_plain(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}{ELLIPSIS}", cut.trim_end())
}

/// `text` escaped, in pieces of at most `max` characters each (`max` at least 5): lines are
/// kept together where they fit, and a line too long for one piece fills what is left of the
/// piece before it and is cut at a space where there is one late enough. Empty pieces are
/// left out.
pub fn split(text: &str, max: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for line in text.split('\n') {
        let len = escaped_len(line);
        if let Some((piece, used)) = &mut current {
            if *used + 1 + len <= max {
                piece.push('\n');
                piece.push_str(&escape(line));
                *used += 1 + len;
                continue;
            }
        }
        let mut rest = line;
        if let Some((mut piece, used)) = current.take() {
            // A line that must be cut anyway first fills what is left of the piece before it.
            let room = max.saturating_sub(used + 1);
            if len > max && room >= max / 4 {
                let end = cut_point(rest, room);
                piece.push('\n');
                piece.push_str(&escape(rest[..end].trim_end()));
                rest = rest[end..].trim_start();
            }
            pieces.push(piece);
        }
        while escaped_len(rest) > max {
            let end = cut_point(rest, max);
            pieces.push(escape(rest[..end].trim_end()));
            rest = rest[end..].trim_start();
        }
        current = Some((escape(rest), escaped_len(rest)));
    }
    pieces.extend(current.map(|(piece, _)| piece));
    pieces.retain(|piece| !piece.trim().is_empty());
    pieces
}

/// What people typed, as the bot reads it: Slack's escaping undone, and a user mention
/// (`<@U0PRIYA>`, `<@U0PRIYA|priya>`) written `@U0PRIYA`, which the directory resolves.
pub fn incoming(text: &str) -> String {
    let text = unescape(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<@") {
        out.push_str(&rest[..start]);
        let mention = &rest[start + 2..];
        match mention.find('>') {
            Some(end) => {
                let inner = &mention[..end];
                out.push('@');
                out.push_str(inner.split('|').next().unwrap_or(inner));
                rest = &mention[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Undoes Slack's escaping of what people typed.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn escaped_char_len(c: char) -> usize {
    match c {
        '&' => 5,
        '<' | '>' => 4,
        _ => 1,
    }
}

/// The byte index where the longest start of `text` that fits `max` escaped characters ends.
fn fitting_end(text: &str, max: usize) -> usize {
    let mut used = 0;
    for (index, c) in text.char_indices() {
        used += escaped_char_len(c);
        if used > max {
            return index;
        }
    }
    text.len()
}

/// Where to cut a line too long for `max` escaped characters: after the last space in the
/// part that fits, if that keeps at least half of it, else where it stops fitting. Always
/// past the first character, so that cutting goes on.
fn cut_point(text: &str, max: usize) -> usize {
    let end = fitting_end(text, max);
    let first = text.chars().next().map_or(0, char::len_utf8);
    let space = text[..end]
        .rfind(char::is_whitespace)
        .filter(|&at| at >= end / 2);
    space.map_or(end, |at| at + 1).max(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips() {
        assert_eq!(unescape(&escape("a < b && c > d")), "a < b && c > d");
        assert_eq!(unescape("&lt;@U0PRIYA&gt;"), "<@U0PRIYA>");
    }

    #[test]
    fn user_mentions_arrive_as_at_ids() {
        assert_eq!(incoming("assign 2 <@U0PRIYA|priya>"), "assign 2 @U0PRIYA");
        assert_eq!(
            incoming("<@U0PRIYA> and <@U0ARJUN>"),
            "@U0PRIYA and @U0ARJUN"
        );
        assert_eq!(incoming("a &lt; b &amp; c"), "a < b & c");
        assert_eq!(
            incoming("half <@U0PRIYA"),
            "half <@U0PRIYA",
            "left as typed"
        );
    }

    #[test]
    fn shortening_is_measured_after_escaping_and_never_cuts_an_entity() {
        let text = "&".repeat(1_000);
        let short = shorten(&text, 2_000);
        assert_eq!(escaped_len(&text), 5_000);
        assert!(short.chars().count() <= 2_000, "{}", short.len());
        assert!(short.ends_with("&amp;…"), "whole entities, then the mark");
        assert_eq!(shorten("a & b", 9), "a &amp; b");
        assert_eq!(shorten("a & b", 8), "a &amp;…");
        assert_eq!(shorten("a & b", 7), "a…");
        assert_eq!(shorten_plain("Acknowledge", 5), "Ackn…");
    }

    #[test]
    fn a_long_text_is_split_into_pieces_that_fit_keeping_lines_together() {
        let text = format!("first line\n{}\nlast < line", "word& ".repeat(1_000));
        let pieces = split(&text, 3_000);
        assert!(pieces.iter().all(|p| p.chars().count() <= 3_000));
        assert!(pieces.len() >= 4, "{} pieces", pieces.len());
        assert!(pieces[0].starts_with("first line\n"), "{}", pieces[0]);
        assert!(pieces.iter().all(|p| !p.ends_with('&')), "no entity is cut");
        assert!(pieces.last().is_some_and(|p| p.ends_with("last &lt; line")));
        let joined: String = pieces.concat();
        assert_eq!(joined.matches("&amp;").count(), 1_000, "nothing is lost");
        assert_eq!(split("a\nb", 3_000), vec!["a\nb".to_string()]);
        assert!(split(" \n ", 3_000).is_empty());
    }

    #[test]
    fn a_line_without_spaces_is_cut_where_it_stops_fitting() {
        let pieces = split(&"x".repeat(7_000), 3_000);
        let lengths: Vec<usize> = pieces.iter().map(|p| p.chars().count()).collect();
        assert_eq!(lengths, vec![3_000, 3_000, 1_000]);
    }
}
