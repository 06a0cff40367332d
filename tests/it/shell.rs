//! The shell, driven like a person would: lines in, labelled output out.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tandem::bot::Bot;
use tandem::clock::ManualClock;
use tandem::platform::console::{Flow, Shell};
use tandem::store::{SledStore, StoreOptions};

use crate::helpers::{demo_settings, monday};

/// Output that the test can read while the shell owns the writer.
#[derive(Clone, Default)]
pub struct Screen(Arc<Mutex<Vec<u8>>>);

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("screen").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Screen {
    pub fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().expect("screen"))).expect("utf-8")
    }
}

pub fn shell_on(dir: &Path) -> (Shell<Screen>, Screen) {
    let store = SledStore::open(&StoreOptions::at(dir)).expect("open");
    let clock = Arc::new(ManualClock::at(monday()));
    let bot = Bot::new(Arc::new(demo_settings()), Arc::new(store), clock.clone());
    let screen = Screen::default();
    (
        Shell::new(bot, clock, screen.clone(), false).expect("the shell starts"),
        screen,
    )
}

pub async fn type_lines(shell: &mut Shell<Screen>, lines: &str) -> Flow {
    for line in lines.lines() {
        if shell.line(line).await == Flow::Quit {
            return Flow::Quit;
        }
    }
    Flow::Continue
}

#[tokio::test]
async fn the_request_loop_runs_in_the_shell_with_labelled_deliveries() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut shell, screen) = shell_on(dir.path());
    type_lines(&mut shell, ":as Asha\n/tandem request pos Diwali shelf talkers by:2026-12-10 qty:500 market:\"Pune West\"").await;
    let out = screen.take();
    assert!(out.contains("Filed REQ-1 · Diwali shelf talkers."), "{out}");
    assert!(
        out.contains("[#marketing] REQ-1 · Diwali shelf talkers"),
        "{out}"
    );
    type_lines(&mut shell, ":as Priya\n/tandem ack REQ-1").await;
    let out = screen.take();
    assert!(
        out.contains("You are now Priya (Marketing member)."),
        "{out}"
    );
    assert!(out.contains("[#marketing, card REQ-1 updated]"), "{out}");
    assert!(
        out.contains("[#marketing, thread REQ-1] Priya acknowledged it."),
        "{out}"
    );
    assert!(
        out.contains("[DM → Asha] REQ-1 · Diwali shelf talkers\n    Priya acknowledged it."),
        "{out}"
    );
}

#[tokio::test]
async fn wait_moves_the_clock_that_the_bot_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut shell, screen) = shell_on(dir.path());
    type_lines(
        &mut shell,
        ":as Asha\nrequest pos Talkers\n:as Priya\n:wait 3d\nack 1\nshow 1",
    )
    .await;
    let out = screen.take();
    assert!(
        out.contains("The clock moved forward 3d; it is now Thu 3 Dec 2026 10:00 IST."),
        "{out}"
    );
    assert!(out.contains("Time to acknowledge: 3d"), "{out}");
}

#[tokio::test]
async fn shell_mistakes_get_short_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut shell, screen) = shell_on(dir.path());
    type_lines(
        &mut shell,
        "/tandem list\n:as Nobody\n:wait soon\n:dance\n# a comment\n",
    )
    .await;
    let out = screen.take();
    assert!(
        out.contains("Pick who you are first, like `:as Asha`."),
        "{out}"
    );
    assert!(
        out.contains("Nobody called \"Nobody\" is configured. People: Asha (Sales)"),
        "{out}"
    );
    assert!(out.contains("\"soon\" is not a duration"), "{out}");
    assert!(
        out.contains("There's no shell command :dance; :help lists them."),
        "{out}"
    );
    assert!(!out.contains("a comment"), "comments are skipped: {out}");
    assert_eq!(
        type_lines(&mut shell, ":help\n:quit\n:as Asha").await,
        Flow::Quit
    );
    assert!(screen.take().contains(":wait DURATION"));
}

#[tokio::test]
async fn history_is_the_same_after_restarting_on_the_same_data_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let (mut shell, _) = shell_on(dir.path());
        type_lines(
            &mut shell,
            ":as Asha\nrequest pos Talkers\n:as Priya\nack 1\nblock 1 vendor",
        )
        .await;
    }
    let (mut shell, screen) = shell_on(dir.path());
    type_lines(&mut shell, ":as Asha\nshow REQ-1\nrequest pop Endcaps").await;
    let out = screen.take();
    assert!(out.contains("Priya marked it blocked: vendor"), "{out}");
    assert!(out.contains("Filed REQ-2 · Endcaps."), "{out}");
}

#[tokio::test]
async fn the_bundled_demo_script_runs_without_a_single_refusal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut shell, screen) = shell_on(dir.path());
    let script =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/demo.tandem"))
            .expect("demo script");
    type_lines(&mut shell, &script).await;
    let out = screen.take();
    for refusal in [
        "Only ",
        "doesn't exist",
        "There's no",
        "needs ",
        "Usage:",
        "wrong",
    ] {
        assert!(!out.contains(refusal), "the demo hit {refusal:?}:\n{out}");
    }
    assert!(
        out.contains("Asha confirmed receipt, rated 5/5: arrived in time"),
        "{out}"
    );
    assert!(
        out.contains("Time to acknowledge: 0s · time to deliver: 3d"),
        "{out}"
    );
    assert!(
        out.contains("[DM → Asha] Marketing will act on what you said · ACT-1"),
        "{out}"
    );
    assert!(
        out.contains("→ Priya did (3 Dec): 'a 40-rupee kirana pack is on the 2027 price list'"),
        "{out}"
    );
    assert!(out.contains("addressed it: 1 👍, 0 👎"), "{out}");
}

#[tokio::test]
async fn wait_shows_the_week_happening_in_order_labelled_by_time_and_destination() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut shell, screen) = shell_on(dir.path());
    type_lines(&mut shell, ":as Asha\nrequest pos Talkers\n:wait 7d").await;
    let out = screen.take();
    let milestones = [
        "── Tue 1 Dec 11:00 IST ──\n[DM → Rohan] A request waits for you",
        "── Fri 4 Dec 15:00 IST ──\n[DM → Priya] field-needs · your questions for Fri 4 Dec",
        "── Fri 4 Dec 16:00 IST ──\n[DM → Asha] market-pulse · your questions for Fri 4 Dec",
        "── Fri 4 Dec 20:30 IST ──\n[DM → Arjun] field-needs · your questions for Fri 4 Dec",
        "── Mon 7 Dec 09:00 IST ──\n[#joint] Weekly digest · Mon 30 Nov – Mon 7 Dec 2026",
        "[DM → Asha] market-pulse · a gentle reminder",
        "The clock moved forward 7d; it is now Mon 7 Dec 2026 10:00 IST.",
    ];
    let mut from = 0;
    for milestone in milestones {
        let Some(at) = out[from..].find(milestone) else {
            panic!("{milestone:?} missing, or out of order, in:\n{out}");
        };
        from += at + milestone.len();
    }
    assert_eq!(out.matches("[#joint] Weekly digest").count(), 1, "{out}");
    type_lines(
        &mut shell,
        "answer market-pulse 1:\"smaller packs\" 2:\"posters\"",
    )
    .await;
    let out = screen.take();
    assert!(
        out.contains("[#marketing] Sales feedback · market-pulse · Fri 4 Dec"),
        "{out}"
    );
    assert!(
        out.contains("[#marketing, thread market-pulse/2026-12-04T16:00] Asha answered (ANS-1):\n    1. What are customers saying this week?\n    → smaller packs"),
        "{out}"
    );
}

#[tokio::test]
async fn waiting_a_week_forms_a_pairing_round_and_another_asks_whether_they_met() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut shell, screen) = shell_on(dir.path());
    type_lines(&mut shell, ":as Asha\n:wait 7d").await;
    let out = screen.take();
    assert!(out.contains("── Mon 7 Dec 10:00 IST ──"), "{out}");
    let intro = out
        .lines()
        .find(|l| l.starts_with("[DM → Asha] PAIR-"))
        .unwrap_or_else(|| panic!("no introduction for Asha in:\n{out}"));
    // `[DM → Asha] PAIR-1 · Asha (Sales) × Priya (Marketing)`: the same line to her partner.
    let (_, title) = intro.split_once("] ").expect("labelled");
    let partner = ["Priya", "Arjun"]
        .into_iter()
        .find(|p| title.contains(&format!("{p} (Marketing)")))
        .unwrap_or_else(|| panic!("no marketer in {title}"));
    assert!(out.contains(&format!("[DM → {partner}] {title}")), "{out}");
    let id = title.split(" · ").next().expect("an ID").to_string();

    type_lines(&mut shell, ":wait 7d").await;
    let out = screen.take();
    assert!(
        out.contains(&format!("[DM → Asha] {id} · did you meet {partner}?")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "↳ /tandem pair met {id} yes | /tandem pair met {id} not-yet | /tandem pair met {id} no"
        )),
        "{out}"
    );
    type_lines(&mut shell, &format!("pair met {id} yes smaller packs sell")).await;
    let out = screen.take();
    assert!(
        out.contains(&format!("Thanks: {id} counts as met.")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "[DM → {partner}] {id} · Asha's takeaway\n    “smaller packs sell”"
        )),
        "{out}"
    );
}
