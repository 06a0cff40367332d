//! Cleaning of free text typed by people.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_stripped_and_line_breaks_become_spaces() {
        assert_eq!(sanitize("ack\u{7}\u{1b} REQ-1\nnow\u{0}"), "ack REQ-1 now");
    }

    #[test]
    fn ordinary_unicode_is_kept() {
        assert_eq!(sanitize("Pune West — ₹ दीवाली"), "Pune West — ₹ दीवाली");
    }
}
