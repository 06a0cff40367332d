//! Backups: a consistent snapshot of every tree in one file, and restoring one into an empty
//! data directory.
//!
//! A snapshot is taken with the writer paused (`Writer::paused`): every change is applied
//! whole or not begun, so the file holds the store as it was between two changes. Reads go on
//! meanwhile; changes wait for it (about a second per few hundred thousand records here).
//!
//! The file: `TANDEM-BACKUP 1\n`, then for each tree (every tree sled holds, by name, so a
//! record kind added later is included without a change here) a tree record and its entries,
//! then an end mark and the SHA-256 of everything before it. Numbers are big-endian `u32`.
//! Restoring checks the digest before it writes anything, and only into an empty directory.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::super::StoreError;
use super::SledStore;

const MAGIC: &[u8] = b"TANDEM-BACKUP 1\n";
const TREE: u8 = 1;
const ENTRY: u8 = 2;
const END: u8 = 0;
/// A key or value longer than this is not one Tandem wrote: the file is damaged.
const MAX_LEN: u32 = 64 * 1024 * 1024;

/// What a backup holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupSummary {
    pub trees: usize,
    pub records: usize,
    pub bytes: u64,
}

impl SledStore {
    /// Writes a snapshot of the whole store to `path` (through a temporary file beside it,
    /// renamed once complete and on disk).
    pub fn backup_to(&self, path: &Path) -> Result<BackupSummary, StoreError> {
        let partial = partial_path(path);
        let result = self.write_backup(&partial);
        match result {
            Ok(summary) => {
                std::fs::rename(&partial, path).map_err(|e| io("finishing the backup", e))?;
                Ok(summary)
            }
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                Err(error)
            }
        }
    }

    fn write_backup(&self, partial: &Path) -> Result<BackupSummary, StoreError> {
        let file = File::create(partial).map_err(|e| io("creating the backup file", e))?;
        let mut out = Hashing::new(BufWriter::new(file));
        let summary = self
            .writer
            .paused(|| -> Result<BackupSummary, StoreError> {
                let mut summary = BackupSummary::default();
                out.put(MAGIC)?;
                let mut names = self.db.tree_names();
                names.sort();
                for name in names {
                    let tree = self.db.open_tree(&name)?;
                    out.put(&[TREE])?;
                    out.put_bytes(&name)?;
                    summary.trees += 1;
                    for item in tree.iter() {
                        let (key, value) = item?;
                        out.put(&[ENTRY])?;
                        out.put_bytes(&key)?;
                        out.put_bytes(&value)?;
                        summary.records += 1;
                    }
                }
                Ok(summary)
            })??;
        out.put(&[END])?;
        let (mut inner, digest, bytes) = out.finish();
        inner
            .write_all(&digest)
            .and_then(|()| inner.flush())
            .map_err(|e| io("writing the backup", e))?;
        let file = inner
            .into_inner()
            .map_err(|e| io("writing the backup", e.into_error()))?;
        file.sync_all().map_err(|e| io("writing the backup", e))?;
        Ok(BackupSummary {
            bytes: bytes + digest.len() as u64,
            ..summary
        })
    }
}

/// Checks `backup` and writes it into `data_dir`, which must be empty or not exist yet. Opens
/// nothing else: the store is opened (and migrated, if the backup is older) as usual after.
pub fn restore(backup: &Path, data_dir: &Path) -> Result<BackupSummary, StoreError> {
    if data_dir.exists() {
        let mut entries =
            std::fs::read_dir(data_dir).map_err(|e| io("reading the target directory", e))?;
        if entries.next().is_some() {
            return Err(StoreError::Backend(format!(
                "{} is not empty; restore into a new directory",
                data_dir.display()
            )));
        }
    }
    verify(backup)?;
    let db = sled::Config::new().path(data_dir).open()?;
    let mut reader = Reader::open(backup)?;
    reader.magic()?;
    let mut summary = BackupSummary::default();
    let mut tree: Option<sled::Tree> = None;
    let mut batch = sled::Batch::default();
    loop {
        match reader.byte()? {
            TREE => {
                if let Some(tree) = tree.take() {
                    tree.apply_batch(std::mem::take(&mut batch))?;
                }
                tree = Some(db.open_tree(reader.bytes()?)?);
                summary.trees += 1;
            }
            ENTRY => {
                let (key, value) = (reader.bytes()?, reader.bytes()?);
                if tree.is_none() {
                    return Err(damaged("a record before its tree"));
                }
                batch.insert(key, value);
                summary.records += 1;
                if summary.records % 10_000 == 0 {
                    if let Some(tree) = &tree {
                        tree.apply_batch(std::mem::take(&mut batch))?;
                    }
                }
            }
            END => break,
            other => return Err(damaged(&format!("an unknown record kind {other}"))),
        }
    }
    if let Some(tree) = tree {
        tree.apply_batch(batch)?;
    }
    db.flush()?;
    summary.bytes = std::fs::metadata(backup).map(|m| m.len()).unwrap_or(0);
    Ok(summary)
}

/// Checks that `backup` is whole: its digest matches what it holds.
pub fn verify(backup: &Path) -> Result<(), StoreError> {
    let length = std::fs::metadata(backup)
        .map_err(|e| io("reading the backup", e))?
        .len();
    if length < (MAGIC.len() + 1 + 32) as u64 {
        return Err(damaged("too short"));
    }
    let mut file = BufReader::new(File::open(backup).map_err(|e| io("reading the backup", e))?);
    let mut hasher = Sha256::new();
    let mut left = length - 32;
    let mut buffer = vec![0; 64 * 1024];
    while left > 0 {
        let want = buffer.len().min(left as usize);
        file.read_exact(&mut buffer[..want])
            .map_err(|e| io("reading the backup", e))?;
        hasher.update(&buffer[..want]);
        left -= want as u64;
    }
    let mut stored = [0; 32];
    file.read_exact(&mut stored)
        .map_err(|e| io("reading the backup", e))?;
    let digest: [u8; 32] = hasher.finalize().into();
    if digest != stored {
        return Err(damaged(
            "its checksum does not match (damaged or cut short)",
        ));
    }
    Ok(())
}

/// Removes all but the newest `keep` backups (by name, which sorts by time) in `dir`.
pub fn prune(dir: &Path, keep: usize) -> Result<usize, StoreError> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io("reading the backup directory", e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("tandem-") && n.ends_with(".backup"))
        })
        .collect();
    backups.sort();
    let extra = backups.len().saturating_sub(keep.max(1));
    for old in &backups[..extra] {
        std::fs::remove_file(old).map_err(|e| io("removing an old backup", e))?;
    }
    Ok(extra)
}

/// When the newest backup in `dir` was written, by its name.
pub fn newest(dir: &Path) -> Option<chrono::DateTime<chrono::Utc>> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| {
            let stamp = name.strip_prefix("tandem-")?.strip_suffix(".backup")?;
            chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").ok()
        })
        .max()
        .map(|at| at.and_utc())
}

/// A name for a backup written now: `tandem-<UTC time>.backup`.
pub fn file_name(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("tandem-{}.backup", at.format("%Y%m%dT%H%M%SZ"))
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

fn io(what: &str, error: std::io::Error) -> StoreError {
    StoreError::Backend(format!("{what}: {error}"))
}

fn damaged(why: &str) -> StoreError {
    StoreError::Corrupt(format!("the backup: {why}"))
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Hashing<W> {
    fn new(inner: W) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        self.hasher.update(bytes);
        self.bytes += bytes.len() as u64;
        self.inner
            .write_all(bytes)
            .map_err(|e| io("writing the backup", e))
    }

    fn put_bytes(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        let length = u32::try_from(bytes.len()).map_err(|_| damaged("a record over 4 GiB"))?;
        self.put(&length.to_be_bytes())?;
        self.put(bytes)
    }

    fn finish(self) -> (W, [u8; 32], u64) {
        (self.inner, self.hasher.finalize().into(), self.bytes)
    }
}

struct Reader {
    file: BufReader<File>,
}

impl Reader {
    fn open(path: &Path) -> Result<Reader, StoreError> {
        let file = File::open(path).map_err(|e| io("reading the backup", e))?;
        Ok(Reader {
            file: BufReader::new(file),
        })
    }

    fn magic(&mut self) -> Result<(), StoreError> {
        let mut magic = [0; MAGIC.len()];
        self.read(&mut magic)?;
        if magic != MAGIC {
            return Err(damaged("not a Tandem backup (or one of a newer format)"));
        }
        Ok(())
    }

    fn byte(&mut self) -> Result<u8, StoreError> {
        let mut byte = [0];
        self.read(&mut byte)?;
        Ok(byte[0])
    }

    fn bytes(&mut self) -> Result<Vec<u8>, StoreError> {
        let mut length = [0; 4];
        self.read(&mut length)?;
        let length = u32::from_be_bytes(length);
        if length > MAX_LEN {
            return Err(damaged("a record longer than any Tandem writes"));
        }
        let mut bytes = vec![0; length as usize];
        self.read(&mut bytes)?;
        Ok(bytes)
    }

    fn read(&mut self, into: &mut [u8]) -> Result<(), StoreError> {
        self.file
            .read_exact(into)
            .map_err(|_| damaged("it ends too early"))
    }
}
