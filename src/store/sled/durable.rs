//! Group commit on a thread of its own. A writer's ticket (see `Ticket`) is covered once a
//! flush that began after its change was applied has finished; waiting for it asks the flusher
//! thread to flush, and one `flush()` covers every ticket handed out before it began. A writer
//! waits by blocking (`durable_blocking`) or from an async task (`durable`), which then holds
//! no thread while the disk works. A change nobody waits for reaches the disk with the next
//! flush, or with sled's own every 500 ms.
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
//!
//! A failed flush fails every ticket it was to cover with `StoreError::Unconfirmed` (the change
//! is in sled's memory and may still reach the disk). While a change that failed part way
//! waits to be rolled back (see `writer`), tickets of changes that never finished fail the
//! same way.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::super::{StoreError, Ticket};
use super::writer::Writer;

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
    /// The highest ticket someone waits for.
    requested: u64,
    progress: Progress,
    stop: bool,
}

/// How far flushing got.
#[derive(Clone, Debug, Default)]
struct Progress {
    /// Every ticket up to this one has its outcome.
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
            Some(Err(StoreError::Unconfirmed(format!(
                "flush failed: {error}"
            ))))
        } else {
            None
        }
    }
}

/// What the flusher flushes, and what tells it how far writes got.
pub struct Disk {
    pub db: sled::Db,
    /// sled's log file, fdatasync'd after each flush (`None`: sled's flush alone).
    pub log: Option<std::fs::File>,
    pub writer: Arc<Writer>,
    #[cfg(any(test, feature = "faults"))]
    pub faults: Option<crate::store::Faults>,
}

impl Flusher {
    pub fn start(disk: Disk) -> Result<Self, StoreError> {
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
                    shared.run(&disk);
                }
            })
            .map_err(|e| StoreError::Backend(format!("could not start the flush thread: {e}")))?;
        Ok(Flusher {
            shared,
            thread: Some(thread),
        })
    }

    /// Why the last flush failed, until one succeeds.
    pub fn failure(&self) -> Option<String> {
        let state = self.shared.lock();
        let error = state.progress.error.as_ref()?;
        Some(format!("flushing to disk failed: {error}"))
    }

    /// Blocks until `ticket` is on disk.
    pub fn durable_blocking(&self, ticket: Ticket) -> Result<(), StoreError> {
        let ticket = ticket.sequence();
        let mut state = self.shared.lock();
        if let Some(Ok(())) = state.progress.outcome(ticket) {
            return Ok(());
        }
        self.shared.ask(&mut state, ticket);
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

    /// Resolves once `ticket` is on disk, holding no thread meanwhile.
    pub fn durable(
        &self,
        ticket: Ticket,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send + 'static {
        let ticket = ticket.sequence();
        let mut progress = self.shared.progress.subscribe();
        {
            let mut state = self.shared.lock();
            if !matches!(state.progress.outcome(ticket), Some(Ok(()))) {
                self.shared.ask(&mut state, ticket);
            }
        }
        async move {
            let seen = progress
                .wait_for(|p| p.outcome(ticket).is_some())
                .await
                .map_err(|_| StoreError::Unconfirmed("the store was closed".into()))?;
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
fn flush(disk: &Disk) -> Result<(), String> {
    #[cfg(any(test, feature = "faults"))]
    if let Some(faults) = &disk.faults {
        faults.at(crate::store::faults::Point::Flush)?;
    }
    disk.db.flush().map_err(|e| e.to_string())?;
    match &disk.log {
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
    /// Asks the flusher to cover `ticket`: with the next flush, or with a new one if the
    /// flush that was to cover it failed (whoever waited then heard so; this asker waits for
    /// another try).
    fn ask(&self, state: &mut State, ticket: u64) {
        let progress = &mut state.progress;
        if progress.durable < ticket && progress.finished >= ticket {
            progress.finished = progress.durable;
            self.progress.send_replace(progress.clone());
        }
        state.requested = state.requested.max(ticket);
        self.work.notify_one();
    }

    fn run(&self, disk: &Disk) {
        // Whether writers came in while the last flush ran.
        let mut company = false;
        loop {
            {
                let mut state = self.lock();
                while state.requested <= state.progress.finished && !state.stop {
                    state = self.work.wait(state).unwrap_or_else(|e| e.into_inner());
                }
                if state.stop && state.requested <= state.progress.finished {
                    return;
                }
                if company {
                    drop(self.gather(state));
                }
            }
            // Every change up to here is applied in full; the flush covers them all.
            let covers = disk.writer.applied();
            let result = flush(disk);
            let mut state = self.lock();
            let asked = state.requested;
            let progress = &mut state.progress;
            progress.finished = progress.finished.max(covers);
            match result {
                Ok(()) => {
                    progress.durable = progress.durable.max(covers);
                    progress.error = None;
                }
                Err(error) => {
                    tracing::error!(%error, "flushing the store failed");
                    progress.error = Some(error);
                }
            }
            if let Some(why) = disk.writer.stuck() {
                // Changes past `covers` never finished, and none will: their tickets fail.
                progress.finished = progress.finished.max(asked);
                progress.error.get_or_insert_with(|| why.to_string());
            }
            self.progress.send_replace(progress.clone());
            self.finished.notify_all();
            company = asked > covers;
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
    use super::super::journal::{TreeId, WriteSet};
    use super::super::trees::Trees;
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

    fn put(key: &str, value: &[u8]) -> WriteSet {
        let mut set = WriteSet::default();
        set.put(TreeId::Kv, key.as_bytes().to_vec(), value.to_vec());
        set
    }

    /// A database that only the flusher writes to disk, with its flusher.
    fn disk(dir: &std::path::Path) -> (Trees, Arc<Writer>, Flusher) {
        let db = sled::Config::new()
            .path(dir)
            .flush_every_ms(None)
            .open()
            .expect("open");
        let log = std::fs::File::open(dir.join("db")).expect("sled's log file");
        let trees = Trees::open(&db).expect("trees");
        let writer = Arc::new(Writer::new(None, None));
        let flusher = Flusher::start(Disk {
            db,
            log: Some(log),
            writer: writer.clone(),
            faults: None,
        })
        .expect("start");
        (trees, writer, flusher)
    }

    #[tokio::test]
    async fn a_ticket_is_covered_only_once_its_write_reached_the_disk() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (trees, writer, flusher) = disk(dir.path());

        let first = b"first-value-waiting-for-the-disk";
        let ticket = writer.write(&trees, &put("a", first)).expect("write");
        assert!(!on_disk(dir.path(), first), "still in memory");
        flusher.durable(ticket).await.expect("durable");
        assert!(on_disk(dir.path(), first));

        let second = b"second-value-a-blocking-writer-waits-for";
        let ticket = writer.write(&trees, &put("b", second)).expect("write");
        flusher.durable_blocking(ticket).expect("durable");
        assert!(on_disk(dir.path(), second));

        let third = b"third-value-asked-for-before-closing";
        let ticket = writer.write(&trees, &put("c", third)).expect("write");
        let asked = flusher.durable(ticket);
        drop(flusher);
        assert!(on_disk(dir.path(), third), "closing flushes what was asked");
        assert!(asked.await.is_ok());
    }

    #[test]
    fn a_change_nobody_waits_for_stays_in_memory_until_a_later_flush() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (trees, writer, flusher) = disk(dir.path());
        let lazy = b"a-delivery-record-nobody-waits-for";
        let _ = writer.write(&trees, &put("lazy", lazy)).expect("write");
        assert!(!on_disk(dir.path(), lazy));
        let ticket = writer.write(&trees, &put("later", b"x")).expect("write");
        flusher.durable_blocking(ticket).expect("durable");
        assert!(on_disk(dir.path(), lazy), "a later flush covers it");
    }

    #[test]
    fn once_the_flush_thread_is_gone_a_ticket_fails_instead_of_waiting() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (trees, writer, flusher) = disk(dir.path());
        let durable = writer.write(&trees, &put("a", b"1")).expect("write");
        flusher.durable_blocking(durable).expect("durable");
        let shared = flusher.shared.clone();
        drop(flusher);
        let progress = shared.lock().progress.clone();
        assert!(matches!(progress.outcome(durable.sequence()), Some(Ok(()))));
        assert!(matches!(
            progress.outcome(durable.sequence() + 2),
            Some(Err(StoreError::Unconfirmed(_)))
        ));
    }
}
