//! A launch review in the shell: answers stay hidden, `:wait` closes the round, and the result
//! shows Sales and Marketing as two labelled blocks.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tandem::bot::Bot;
use tandem::clock::ManualClock;
use tandem::platform::console::Shell;
use tandem::store::{SledStore, StoreOptions};

use crate::helpers::{demo_settings, monday};

#[derive(Clone, Default)]
struct Screen(Arc<Mutex<Vec<u8>>>);

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
    fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().expect("screen"))).expect("utf-8")
    }
}

async fn type_lines(shell: &mut Shell<Screen>, screen: &Screen, lines: &str) -> String {
    for line in lines.lines() {
        shell.line(line).await;
    }
    screen.take()
}

#[tokio::test]
async fn a_review_runs_in_the_shell_and_wait_closes_it_with_both_teams_side_by_side() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SledStore::open(&StoreOptions::at(dir.path())).expect("open");
    let clock = Arc::new(ManualClock::at(monday()));
    let bot = Bot::new(Arc::new(demo_settings()), Arc::new(store), clock.clone());
    let screen = Screen::default();
    let mut shell = Shell::new(bot, clock, screen.clone(), false).expect("the shell starts");
    let out = type_lines(
        &mut shell,
        &screen,
        ":as Priya\n/tandem launch add diwali-27 on:2026-12-10 markets:\"Pune West\" Diwali gift packs\n\
         :as Asha\n/tandem request pos Shelf talkers launch:diwali-27\n\
         :as Meera\n/tandem launch review diwali-27 closes:2026-12-02",
    )
    .await;
    assert!(out.contains("[#marketing] REQ-1 · Shelf talkers"), "{out}");
    assert!(out.contains("Launch: diwali-27"), "{out}");
    assert!(
        out.contains("[DM → Asha] Launch review · diwali-27 · Diwali gift packs"),
        "{out}"
    );
    assert!(
        out.contains(
            "• REQ-1 · Shelf talkers (Asha): filed Mon 30 Nov 10:00 IST · no answer from Marketing"
        ),
        "{out}"
    );

    let out = type_lines(
        &mut shell,
        &screen,
        ":as Asha\n/tandem answer diwali-27 2:\"priced above the kirana sweet spot\" cause:pricing score:2\n\
         :as Priya\n/tandem answer diwali-27 2:\"the talkers reached stores late\" cause:timing score:3\n\
         /tandem launch show diwali-27\n:as Meera\n/tandem launch show diwali-27",
    )
    .await;
    assert!(
        out.contains("Saved your answers to the review of diwali-27"),
        "{out}"
    );
    assert!(
        !out.contains("priced above the kirana sweet spot"),
        "Asha's answer is hers alone: {out}"
    );
    assert_eq!(
        out.matches("2. the talkers reached stores late").count(),
        1,
        "Priya sees hers; Meera doesn't: {out}"
    );
    assert!(
        out.contains("Sales answered: 1 of 3 · Marketing answered: 1 of 3"),
        "{out}"
    );

    let out = type_lines(&mut shell, &screen, ":wait 3d").await;
    assert!(
        out.contains(
            "── Thu 3 Dec 00:00 IST ──\n[#joint] Launch review · diwali-27 · Diwali gift packs"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "    2. What held the launch back?\n    Sales:\n      • Asha (ANS-1): priced above the kirana sweet spot\n    \
             Marketing:\n      • Priya (ANS-2): the talkers reached stores late"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Sales mean score: 2.0 of 5 (1 score) · Marketing mean score: 3.0 of 5 (1 score)"
        ),
        "{out}"
    );
}

fn tandem(args: &[&str], data: &std::path::Path, stdin: &str) -> std::process::Output {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .env("TANDEM_CONFIG", crate::cli::demo_config())
        .env("TANDEM_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tandem");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("tandem finishes")
}

#[test]
fn export_launches_leaves_answers_out_until_the_round_closes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = ":as Priya\nlaunch add holi-30 on:2030-03-01 Holi colours\n\
                  :as Rohan\nlaunch review holi-30\n\
                  :as Asha\nanswer holi-30 2:\"colours ran out in Nashik\" cause:placement score:2\n";
    let out = tandem(&["shell"], dir.path(), script);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let open = tandem(&["export", "--launches"], dir.path(), "");
    let open = String::from_utf8_lossy(&open.stdout).into_owned();
    assert!(
        open.contains("\"name\": \"holi-30\"") && open.contains("\"state\": \"open\""),
        "{open}"
    );
    assert!(!open.contains("colours ran out"), "blind: {open}");

    tandem(&["shell"], dir.path(), ":as Meera\nlaunch close holi-30\n");
    let json = tandem(&["export", "--launches"], dir.path(), "");
    let json = String::from_utf8_lossy(&json.stdout).into_owned();
    assert!(
        json.contains("\"state\": \"closed\"") && json.contains("colours ran out in Nashik"),
        "{json}"
    );
    let csv = tandem(&["export", "--launches", "--format", "csv"], dir.path(), "");
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "launch,launch_date,markets,review_closed_at,team,person,cause,score,answers,linked_requests"
    );
    assert!(rows[1].starts_with("holi-30,2030-03-01,,"), "{csv}");
    assert!(
        rows[1].contains(",Sales,Asha,placement,2,2. colours ran out in Nashik,"),
        "{csv}"
    );
    let later = tandem(
        &["export", "--launches", "--since", "2030-03-02"],
        dir.path(),
        "",
    );
    assert_eq!(String::from_utf8_lossy(&later.stdout).trim(), "[]");
}
