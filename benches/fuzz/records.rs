//! The `store-record` target: damaged copies of the records a real store holds after the demo
//! script (`config/demo.tandem`) ran, each read back the way the store reads its tree.

use std::sync::Arc;

use proptest::prelude::*;
use tandem::bot::{Bot, Incoming, Outcome};
use tandem::clock::SystemClock;
use tandem::config::{Env, Settings};
use tandem::domain::Identity;
use tandem::store::fuzz::{Stored, read_stored};
use tandem::store::{SledStore, Store, StoreError, StoreOptions};

use crate::drive::Figures;
use crate::generators::{damage, edits};
use crate::targets::Run;

pub fn store_record(run: Run) -> Figures {
    let seeds = records();
    let strategy = (prop::sample::select(seeds), edits(), any::<bool>()).prop_map(
        |(mut stored, edits, key_too)| {
            damage(&mut stored.value, &edits);
            if key_too {
                damage(&mut stored.key, &edits[..1]);
            }
            stored
        },
    );
    run.drive("store-record", strategy, |stored| {
        match read_stored(&stored.tree, &stored.key, &stored.value) {
            Ok(()) => Ok("read"),
            Err(StoreError::Corrupt(what)) if !what.trim().is_empty() => Ok("a corrupt record"),
            Err(error) => Err(format!("the error {error:?}")),
        }
    })
}

/// Every non-empty value in a store after the demo script, and a journal entry of them.
fn records() -> Vec<Stored> {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(SledStore::open(&StoreOptions::at(dir.path())).expect("open store"));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let settings = Settings::load(&path.join("tandem.toml"), &Env::default()).expect("config");
    let bot = Bot::new(
        Arc::new(settings),
        store.clone() as Arc<dyn Store>,
        Arc::new(SystemClock),
    );
    let script = std::fs::read_to_string(path.join("demo.tandem")).expect("demo script");
    let mut person = String::from("Asha");
    let mut done = 0;
    for line in script.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix(":as ") {
            person = name.trim().to_string();
        } else if let Some(command) = line.strip_prefix("/tandem ") {
            let incoming = Incoming {
                from: Identity::Name(person.as_str().into()),
                text: command.to_string(),
            };
            done += usize::from(bot.handle_blocking(&incoming).outcome == Outcome::Done);
        }
    }
    let mut stored: Vec<Stored> = store.stored().expect("records");
    stored.retain(|s| !s.value.is_empty());
    stored.push(tandem::store::fuzz::journal_entry(&stored));
    let mut trees: Vec<&str> = stored.iter().map(|s| s.tree.as_str()).collect();
    trees.dedup();
    println!(
        "store-record: {} seed records from {done} demo commands, in {}",
        stored.len(),
        trees.join(", ")
    );
    stored
}
