//! Teams synced from the chat platforms' own groups: where a team's people come from
//! (`Source`), who a platform lists (`Member`), and the pure rules of a sync (`plan`): names,
//! overrides, merges, refusals, joiners, leavers, movers, and the guard against a broken group.

mod names;
mod plan;
mod source;

pub use names::{Wanted, disambiguate};
pub use plan::{Fetched, Hold, Plan, live_directory, plan};
pub use source::{Group, Member, Source, Synced, SyncedDirectory};

#[cfg(test)]
mod tests;
