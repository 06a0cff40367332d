//! A shell killed with SIGKILL mid-way loses nothing it had acknowledged.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use tandem::domain::RequestId;
use tandem::store::{SledStore, Store, StoreOptions};

const KILL_AFTER: usize = 40;
const MAX_LINES: usize = 5_000;

#[test]
fn every_request_the_shell_reported_filed_exists_after_a_sigkill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["shell", "--as", "Asha"])
        .env("TANDEM_CONFIG", crate::cli::demo_config())
        .env("TANDEM_DATA_DIR", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tandem");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        for n in 0..MAX_LINES {
            if writeln!(stdin, "request pos Crash test item {n}").is_err() {
                break; // the child is gone
            }
        }
    });
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut acknowledged = Vec::new();
    for line in stdout.lines() {
        let Ok(line) = line else { break };
        if let Some(id) = line
            .strip_prefix("Filed ")
            .and_then(|rest| rest.split(' ').next())
        {
            acknowledged.push(RequestId::parse(id).expect("an ID"));
            if acknowledged.len() == KILL_AFTER {
                child.kill().expect("SIGKILL");
                break;
            }
        }
    }
    child.wait().expect("reaped");
    writer.join().expect("writer stops");
    assert_eq!(
        acknowledged.len(),
        KILL_AFTER,
        "the shell filed requests before it was killed"
    );

    let store = SledStore::open(&StoreOptions::at(dir.path())).expect("reopen after the crash");
    for id in acknowledged {
        assert!(
            store.request(id).expect("readable").is_some(),
            "{id} was acknowledged but is gone"
        );
    }
}
