//! Integration tests: one binary, named as sentences.

/// Runs each store contract case (a `fn(&dyn Store)` in the calling module) against both
/// stores: `memory::<case>` on a `MemoryStore`, `sled::<case>` on a fresh `SledStore`.
macro_rules! store_suite {
    ($($case:ident),* $(,)?) => {
        mod memory {
            $(#[test] fn $case() { super::$case(&tandem::store::MemoryStore::new()); })*
        }
        mod sled {
            $(#[test] fn $case() {
                let dir = tempfile::tempdir().expect("temp dir");
                let options = tandem::store::StoreOptions::at(dir.path());
                let store = tandem::store::SledStore::open(&options).expect("open");
                super::$case(&store);
            })*
        }
    };
}

mod action_anonymity;
mod action_shell;
mod actions;
mod backup;
mod bot;
mod cli;
mod crash;
mod digest;
mod directory;
mod durability;
mod faults;
mod former;
mod fuzz;
#[path = "../generators/mod.rs"]
mod generators;
mod helpers;
mod launch_rules;
mod launch_shell;
mod launches;
mod lifecycle;
mod limits;
mod looping;
mod pairing;
mod planning;
mod planning_record;
mod planning_reminders;
mod planning_show;
mod prompts;
mod reminders;
mod schedule;
mod scorecard;
mod shell;
mod slack;
mod store;
mod store_actions;
mod store_directory;
mod store_launches;
mod store_pairing;
mod store_planning;
mod store_schedule;
mod store_visits;
mod teams;
mod upgrades;
mod visit_export;
mod visit_forms;
mod visits;
