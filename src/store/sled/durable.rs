//! Group commit on a thread of its own: writers take a ticket, one flusher thread runs
//! `flush()` for everything written before it began, and each writer hears when its ticket is
//! covered — by blocking (`wait`) or from an async task (`covered`), which then holds no thread
//! while the disk works.
//!
//! sled's `flush_async` deadlocks once ~16 flushes overlap (sled #1308), so the flusher calls
//! the blocking `flush()`, one at a time. That writes sled's buffers out with
//! `sync_file_range`, which leaves the file's size and the disk's write cache to sled's
//! background `sync_all` (every 500 ms): enough after a crash of the process, not after a power
//! cut. So the flusher then calls `fdatasync` on sled's log file too: once per flush, shared by
//! every writer waiting, it cost about 10% of the filings a second in the load benchmark.
//!
//! When writers came in while the last flush ran, they come in a stream: the flusher then waits
//! a moment while more keep arriving (`GATHER_STEP`, at most `GATHER_MAX`), so that one flush
//! covers them all. Every flush costs a trip through sled's I/O threads, and on two cores
//! fewer flushes measured more filings a second and a lower p99 (see BENCHMARKS.md). A lone
//! writer never waits for company.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::super::StoreError;

/// How long the flusher waits for one more writer to join a flush (a sleep this short lasts
/// about twice as long, with Linux's timer slack).
const GATHER_STEP: Duration = Duration::from_micros(50);
/// The longest it gathers writers before flushing.
const GATHER_MAX: Duration = Duration::from_micros(300);

pub struct Flusher {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    /// Wakes the flusher thread.
    work: Condvar,
    /// Wakes writers waiting by blocking.
    finished: Condvar,
    /// The same progress, for writers waiting in async tasks.
    progress: watch::Sender<Progress>,
}

#[derive(Default)]
struct State {
    /// Tickets handed out: each is a point after some write that wants to be durable.
    requested: u64,
    progress: Progress,
    stop: bool,
}

/// How far flushing got.
#[derive(Clone, Debug, Default)]
struct Progress {
    /// Every ticket up to this one was covered by a flush that finished (well or not).
    finished: u64,
    /// Every ticket up to this one is durable.
    durable: u64,
    /// Why the last flush failed, if it did.
    error: Option<String>,
}

impl Progress {
    /// `None` while `ticket` waits for its flush, else how it went. A later flush that went
    /// well covers every write before it, so it makes an earlier failure good.
    fn outcome(&self, ticket: u64) -> Option<Result<(), StoreError>> {
        if self.durable >= ticket {
            Some(Ok(()))
        } else if self.finished >= ticket {
            let error = self.error.clone().unwrap_or_default();
            Some(Err(StoreError::Backend(format!("flush failed: {error}"))))
        } else {
            None
        }
    }
}

impl Flusher {
    /// Starts the flusher of `db`, whose log is the file `log` (`None`: sled's flush alone).
    pub fn start(db: sled::Db, log: Option<std::fs::File>) -> Result<Self, StoreError> {
        let shared = Arc::new(Shared {
            state: Mutex::default(),
            work: Condvar::new(),
            finished: Condvar::new(),
            progress: watch::Sender::new(Progress::default()),
        });
        let thread = std::thread::Builder::new()
            .name("tandem-flush".into())
            .spawn({
                let shared = shared.clone();
                move || {
                    let _ended = Ended(&shared);
                    shared.run(&db, log.as_ref());
                }
            })
            .map_err(|e| StoreError::Backend(format!("could not start the flush thread: {e}")))?;
        Ok(Flusher {
            shared,
            thread: Some(thread),
        })
    }

    /// A ticket covering every write made before this call.
    pub fn ticket(&self) -> u64 {
        let mut state = self.shared.lock();
        state.requested += 1;
        self.shared.work.notify_one();
        state.requested
    }

    /// Blocks until everything written before this call is on disk.
    pub fn wait(&self) -> Result<(), StoreError> {
        let ticket = self.ticket();
        let mut state = self.shared.lock();
        loop {
            if let Some(outcome) = state.progress.outcome(ticket) {
                return outcome;
            }
            state = self
                .shared
                .finished
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Resolves once `ticket` is covered, holding no thread meanwhile.
    pub fn covered(
        &self,
        ticket: u64,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send + 'static {
        let mut progress = self.shared.progress.subscribe();
        async move {
            let seen = progress
                .wait_for(|p| p.outcome(ticket).is_some())
                .await
                .map_err(|_| StoreError::Backend("the store was closed".into()))?;
            seen.outcome(ticket).unwrap_or(Ok(()))
        }
    }
}

impl Drop for Flusher {
    /// Flushes what is still asked for, then lets the thread (and its handle on sled) go.
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.work.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Everything written so far, onto the disk.
fn flush(db: &sled::Db, log: Option<&std::fs::File>) -> Result<(), String> {
    db.flush().map_err(|e| e.to_string())?;
    match log {
        Some(file) => file.sync_data().map_err(|e| format!("fdatasync: {e}")),
        None => Ok(()),
    }
}

/// When the flusher thread ends — closing, or a panic inside sled — every ticket not yet
/// durable fails instead of waiting for ever.
struct Ended<'a>(&'a Shared);

impl Drop for Ended<'_> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.progress.finished = u64::MAX;
        state.progress.error = Some("the store's flush thread stopped".into());
        self.0.progress.send_replace(state.progress.clone());
        self.0.finished.notify_all();
    }
}

impl Shared {
    fn run(&self, db: &sled::Db, log: Option<&std::fs::File>) {
        // Whether writers came in while the last flush ran.
        let mut company = false;
        loop {
            let covers = {
                let mut state = self.lock();
                while state.requested == state.progress.finished && !state.stop {
                    state = self.work.wait(state).unwrap_or_else(|e| e.into_inner());
                }
                if state.requested == state.progress.finished {
                    return;
                }
                if company {
                    state = self.gather(state);
                }
                state.requested
            };
            let result = flush(db, log);
            let mut state = self.lock();
            let progress = &mut state.progress;
            progress.finished = covers;
            match result {
                Ok(()) => {
                    progress.durable = covers;
                    progress.error = None;
                }
                Err(error) => {
                    tracing::error!(%error, "flushing the store failed");
                    progress.error = Some(error);
                }
            }
            self.progress.send_replace(progress.clone());
            self.finished.notify_all();
            company = state.requested > covers;
        }
    }

    /// Waits while more writers keep arriving, a step at a time, at most `GATHER_MAX`.
    fn gather<'a>(&'a self, mut state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        let started = Instant::now();
        loop {
            let seen = state.requested;
            drop(state);
            std::thread::sleep(GATHER_STEP);
            state = self.lock();
            if state.requested == seen || state.stop || started.elapsed() >= GATHER_MAX {
                return state;
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether any file of the database holds `bytes` (sled writes values as they are).
    fn on_disk(dir: &std::path::Path, bytes: &[u8]) -> bool {
        let mut found = false;
        for entry in walk(dir) {
            let data = std::fs::read(&entry).unwrap_or_default();
            found |= data.windows(bytes.len()).any(|w| w == bytes);
        }
        found
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
        files
    }

    #[tokio::test]
    async fn a_ticket_is_covered_only_once_its_writes_reached_the_disk() {
        let dir = tempfile::tempdir().expect("temp dir");
        // No background flushing: only the flusher puts writes on disk.
        let db = sled::Config::new()
            .path(dir.path())
            .flush_every_ms(None)
            .open()
            .expect("open");
        let log = std::fs::File::open(dir.path().join("db")).expect("sled's log file");
        let flusher = Flusher::start(db.clone(), Some(log)).expect("start");

        let first = b"first-value-waiting-for-the-disk";
        db.insert("a", &first[..]).expect("insert");
        assert!(!on_disk(dir.path(), first), "still in memory");
        flusher.covered(flusher.ticket()).await.expect("covered");
        assert!(on_disk(dir.path(), first));

        let second = b"second-value-a-blocking-writer-waits-for";
        db.insert("b", &second[..]).expect("insert");
        flusher.wait().expect("durable");
        assert!(on_disk(dir.path(), second));

        let third = b"third-value-asked-for-before-closing";
        db.insert("c", &third[..]).expect("insert");
        let _ = flusher.ticket();
        drop(flusher);
        assert!(on_disk(dir.path(), third), "closing flushes what was asked");
    }

    #[test]
    fn once_the_flush_thread_is_gone_a_ticket_fails_instead_of_waiting() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = sled::Config::new().path(dir.path()).open().expect("open");
        let flusher = Flusher::start(db, None).expect("start");
        let durable = flusher.ticket();
        flusher.wait().expect("durable");
        let shared = flusher.shared.clone();
        drop(flusher);
        let progress = shared.lock().progress.clone();
        assert!(matches!(progress.outcome(durable), Some(Ok(()))));
        assert!(matches!(progress.outcome(durable + 2), Some(Err(_))));
    }
}
