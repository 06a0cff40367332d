//! A full disk, and a write that fails part way, while `tandem serve` runs: the command
//! answers that nothing was saved, reads go on, `/healthz` says the store cannot write, and
//! once the disk works again changes are taken, without a restart; the record then holds
//! exactly the changes that were answered "Filed". Once on a real small filesystem (a tmpfs
//! of 4 MiB, mounted where the test runs as root), once with an injected I/O error.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use reqwest::StatusCode;
use tandem::store::{Faults, Point, RequestQuery, SledStore, Store, StoreOptions};

use super::{FakeSlack, SlackApp, settings};

/// `request pos <title>` as Asha; the answer's text.
async fn file(app: &SlackApp, title: &str) -> String {
    let (status, answer) = app.command("U0ASHA", &format!("request pos {title}")).await;
    assert_eq!(status, StatusCode::OK);
    answer["text"].as_str().unwrap_or_default().to_string()
}

async fn health(app: &SlackApp) -> (StatusCode, String) {
    let response = app
        .raw()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("healthz answers");
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

/// The titles of every request in the store at `dir`, in order.
async fn titles(dir: &Path) -> Vec<String> {
    let store: SledStore = super::reopen(dir).await;
    let all = store.list_requests(&RequestQuery::All, 100).expect("list");
    let mut titles: Vec<(u64, String)> = all
        .requests
        .iter()
        .map(|r| (r.id.number(), r.title.as_str().to_string()))
        .collect();
    titles.sort();
    titles.into_iter().map(|(_, t)| t).collect()
}

/// What both tests check while writes fail: the answer, a read, and `/healthz`.
async fn while_it_cannot_write(app: &SlackApp, said: &str) {
    let answer = file(app, "Lost talkers").await;
    assert!(answer.contains(said), "{answer}");
    assert!(!answer.contains("Filed"), "{answer}");
    let (_, listed) = app.command("U0ASHA", "list all").await;
    let listed = listed["text"].as_str().unwrap_or_default().to_string();
    assert!(
        listed.starts_with("All requests (1)"),
        "reads go on: {listed}"
    );
    let (status, why) = health(app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(why.starts_with("the store cannot write: "), "{why}");
}

#[tokio::test]
async fn an_injected_write_error_saves_nothing_and_the_next_write_is_taken_without_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = FakeSlack::start().await;
    let failing = Arc::new(AtomicBool::new(false));
    let faults = Faults::new({
        let failing = failing.clone();
        move |point| match point == Point::Apply && failing.load(Ordering::SeqCst) {
            true => Err("I/O error: no space left on device".into()),
            false => Ok(()),
        }
    });
    let mut settings = settings(&fake, dir.path(), false);
    settings.store = settings.store.clone().with_faults(faults);
    let app = SlackApp::start_on(fake, settings).await;
    assert!(file(&app, "First talkers").await.starts_with("Filed REQ-1"));

    failing.store(true, Ordering::SeqCst);
    while_it_cannot_write(&app, "nothing was saved").await;
    let (_, why) = health(&app).await;
    assert!(why.contains("no space left on device"), "{why}");

    failing.store(false, Ordering::SeqCst);
    let answer = file(&app, "Second talkers").await;
    assert!(answer.starts_with("Filed REQ-"), "{answer}");
    assert_eq!(health(&app).await.0, StatusCode::OK);
    app.stop().await;
    assert_eq!(
        titles(dir.path()).await,
        ["First talkers", "Second talkers"]
    );
}

/// A tmpfs of `size` at a fresh directory, unmounted when dropped (lazily, so that a test that
/// failed with the store still open leaves no mount behind).
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// `Err` with the reason when it cannot be mounted (not root, no mount).
    fn mount(size: &str) -> Result<Tmpfs, String> {
        if !is_root() {
            return Err("not running as root".into());
        }
        let dir = std::env::temp_dir().join(format!("tandem-full-disk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("mkdir: {e}"))?;
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .status()
            .map_err(|e| format!("mount: {e}"))?;
        if !status.success() {
            let _ = std::fs::remove_dir(&dir);
            return Err(format!("mount -t tmpfs failed ({status})"));
        }
        Ok(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

fn is_root() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        == Some("0")
}

/// Fills the filesystem at `dir` until `leave` bytes are free; returns the filler.
fn fill(dir: &Path, leave: u64) -> PathBuf {
    let filler = dir.join("filler");
    let free = fs2::available_space(dir).expect("free space");
    let size = free.saturating_sub(leave);
    std::fs::write(&filler, vec![0u8; usize::try_from(size).expect("size")]).expect("filled");
    filler
}

#[tokio::test]
async fn a_full_disk_saves_nothing_and_writes_go_on_once_there_is_room_without_a_restart() {
    let disk = match Tmpfs::mount("4m") {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("skipped: a full disk needs a tmpfs mounted as root, and {why}");
            return;
        }
    };
    let data = disk.0.join("data");
    let fake = FakeSlack::start().await;
    let mut settings = settings(&fake, &data, false);
    settings.store = StoreOptions {
        min_free: 1024 * 1024,
        ..settings.store.clone()
    };
    let app = SlackApp::start_on(fake, settings).await;
    assert!(file(&app, "First talkers").await.starts_with("Filed REQ-1"));
    app.outbox_pass().await;

    let filler = fill(&disk.0, 512 * 1024);
    while_it_cannot_write(&app, "Nothing was saved: the disk").await;
    let (_, why) = health(&app).await;
    assert!(
        why.contains("free and Tandem keeps 1024 KiB spare"),
        "{why}"
    );

    std::fs::remove_file(&filler).expect("room again");
    assert_eq!(health(&app).await.0, StatusCode::OK);
    let answer = file(&app, "Second talkers").await;
    assert!(answer.starts_with("Filed REQ-"), "{answer}");
    app.stop().await;
    assert_eq!(titles(&data).await, ["First talkers", "Second talkers"]);
    drop(disk);
}
