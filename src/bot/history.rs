//! A request's history in parts that fit every platform: `show` shows the newest steps, and
//! `show <ID> all [page:N]` pages through all of them, oldest first.
//!
//! Parts are measured in characters. With every typed text at most `Input::LONGEST` (2,000)
//! characters, a step is a line of at most about 2,100, and a part of `PAGE_CHARS` renders
//! within Slack's 50 blocks even if every character escapes to five (`&amp;`), and within
//! Teams' 80 KB even if every character takes four bytes. Page boundaries depend only on the
//! steps before them, so a page keeps its steps as the history grows.

use std::ops::Range;

use chrono_tz::Tz;

use super::format;
use super::views::sentence;
use crate::domain::Request;
use crate::message::Message;

/// `show` shows at most this many of the newest steps, of at most this many characters.
const SHOWN_STEPS: usize = 10;
const SHOWN_CHARS: usize = 6_000;
/// A page of `show <ID> all` holds at most this many steps, of at most this many characters.
const PAGE_STEPS: usize = 40;
const PAGE_CHARS: usize = 8_000;

/// One line per step, oldest first: `Mon 30 Nov 12:17 IST · Priya acknowledged it`.
pub fn lines(request: &Request, zone: Tz) -> Vec<String> {
    request
        .history
        .iter()
        .map(|e| format!("{} · {}", format::when(e.at, zone), sentence(e)))
        .collect()
}

/// Where the newest lines that `show` shows begin (at least the newest line is shown).
pub fn newest(lines: &[String]) -> usize {
    let mut chars = 0;
    let mut start = lines.len();
    for line in lines.iter().rev().take(SHOWN_STEPS) {
        chars += line.chars().count() + 1;
        if chars > SHOWN_CHARS && start < lines.len() {
            break;
        }
        start -= 1;
    }
    start
}

/// The pages of `lines`, oldest first; each holds at least one line.
pub fn pages(lines: &[String]) -> Vec<Range<usize>> {
    let mut pages = Vec::new();
    let (mut start, mut chars) = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        let len = line.chars().count() + 1;
        let full = i - start == PAGE_STEPS || chars + len > PAGE_CHARS;
        if i > start && full {
            pages.push(start..i);
            (start, chars) = (i, 0);
        }
        chars += len;
    }
    if start < lines.len() {
        pages.push(start..lines.len());
    }
    pages
}

/// Page `page` (from 1) of the request's history, or the number of pages if there is no such
/// page.
pub fn page(request: &Request, page: usize, zone: Tz) -> Result<Message, usize> {
    let lines = lines(request, zone);
    let pages = pages(&lines);
    let Some(range) = page.checked_sub(1).and_then(|i| pages.get(i)).cloned() else {
        return Err(pages.len());
    };
    let id = request.id;
    let mut place = format!(
        "Steps {}–{} of {} · page {page} of {}",
        range.start + 1,
        range.end,
        lines.len(),
        pages.len()
    );
    if page < pages.len() {
        place.push_str(&format!(" · next: `show {id} all page:{}`", page + 1));
    }
    Ok(
        Message::with_header(format!("{id} · {} · history", request.title))
            .paragraph(lines[range].join("\n"))
            .context(place),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{i} {}", "x".repeat(2_000)))
            .collect()
    }

    #[test]
    fn show_shows_the_newest_steps_within_its_budget() {
        let short: Vec<String> = (0..6).map(|i| format!("step {i}")).collect();
        assert_eq!(newest(&short), 0, "a short history is shown whole");
        let many: Vec<String> = (0..25).map(|i| format!("step {i}")).collect();
        assert_eq!(newest(&many), 15, "the newest ten");
        assert_eq!(newest(&long(60)), 58, "two long steps fit 6,000 characters");
        let one = vec!["y".repeat(9_000)];
        assert_eq!(newest(&one), 0, "the newest step always shows");
    }

    #[test]
    fn pages_cover_every_step_once_within_their_budget() {
        let mut lines = long(60);
        lines.extend((0..100).map(|i| format!("short {i}")));
        let pages = pages(&lines);
        let covered: Vec<usize> = pages.iter().flat_map(|r| r.clone()).collect();
        assert_eq!(covered, (0..lines.len()).collect::<Vec<_>>());
        for range in &pages {
            let chars: usize = lines[range.clone()].iter().map(|l| l.len() + 1).sum();
            assert!(
                chars <= PAGE_CHARS && range.len() <= PAGE_STEPS,
                "{range:?}"
            );
        }
        assert_eq!(pages[0], 0..3, "three long steps to a page");
        assert_eq!(pages[19], 57..97, "at most forty steps to a page");
        assert_eq!(pages.len(), 22);
    }
}
