//! Cleaning of free text typed by people, and cutting it short where a view quotes it.

/// Strips control characters; tabs and line breaks become single spaces.
///
/// Slack and Teams deliver text that a person pasted, so stray escape or zero-width control
/// characters are removed before anything is parsed or stored.
pub fn sanitize(input: &str) -> String {
    input
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// At most `max` characters of `text`; one that is cut ends in "…", so the cut shows.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_short_texts_and_marks_a_cut() {
        assert_eq!(clip("Pune West", 9), "Pune West");
        assert_eq!(clip("Pune West", 6), "Pune…");
        assert_eq!(clip("दीवाली", 3), "दी…");
    }

    #[test]
    fn control_characters_are_stripped_and_line_breaks_become_spaces() {
        assert_eq!(sanitize("ack\u{7}\u{1b} REQ-1\nnow\u{0}"), "ack REQ-1 now");
    }

    #[test]
    fn ordinary_unicode_is_kept() {
        assert_eq!(sanitize("Pune West — ₹ दीवाली"), "Pune West — ₹ दीवाली");
    }
}
