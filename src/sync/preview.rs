//! `tandem check-config --sync`: what a directory sync would change now, changing nothing.

use std::sync::Arc;

use anyhow::Context;
use tokio::sync::Notify;

use super::run::Syncer;
use crate::bot::Bot;
use crate::clock::SystemClock;
use crate::config::Settings;
use crate::domain::PersonName;
use crate::domain::membership::Plan;
use crate::platform::seam::Kind;
use crate::platform::{Wiring, seam};
use crate::store::{MemoryStore, SledStore, Store};

/// Reads every `[directory]` group and says what a sync would change against the last good
/// one in the store (or against `[[people]]` alone while `serve` holds the store). An error
/// when a group cannot be read.
pub fn preview(settings: Settings, platforms: &[Kind]) -> anyhow::Result<String> {
    anyhow::ensure!(
        settings.directory.is_some(),
        "{} has no [directory]: the teams are its [[people]] blocks, and there is nothing to sync",
        settings.source.display()
    );
    let (store, note): (Arc<dyn Store>, &str) = match SledStore::open(&settings.store) {
        Ok(store) => (Arc::new(store), ""),
        Err(_) => (
            Arc::new(MemoryStore::new()),
            " (the store is in use, so this compares with [[people]] alone)",
        ),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let plan = runtime.block_on(async move {
        let configured = seam::configure(&settings, platforms)?;
        let bot = Bot::new(Arc::new(settings), store, Arc::new(SystemClock));
        let wiring = Wiring {
            bot: bot.clone(),
            wake: Arc::new(Notify::new()),
        };
        let mut adapters = Vec::new();
        for platform in configured {
            adapters.push(platform.start(&wiring)?.adapter());
        }
        Syncer::new(bot, adapters)
            .preview()
            .await
            .map_err(anyhow::Error::msg)
            .context("the directory sync would fail")
    })?;
    Ok(describe(&plan, note))
}

fn describe(plan: &Plan, note: &str) -> String {
    let names = |list: &[PersonName]| match list.is_empty() {
        true => "nobody".to_string(),
        false => list
            .iter()
            .map(PersonName::as_str)
            .collect::<Vec<_>>()
            .join(", "),
    };
    let synced = &plan.synced;
    let mut lines = vec![
        format!("Directory sync preview, nothing changed{note}:"),
        format!(
            "  Sales {}, Marketing {} synced people",
            synced.count(crate::domain::Team::Sales),
            synced.count(crate::domain::Team::Marketing)
        ),
        format!("  joined: {}", names(&plan.joiners)),
        format!("  left: {}", names(&plan.leavers)),
    ];
    let moved: Vec<String> = plan
        .movers
        .iter()
        .map(|(name, from, to)| format!("{name} ({} → {})", from.label(), to.label()))
        .collect();
    lines.push(format!(
        "  moved: {}",
        if moved.is_empty() {
            "nobody".into()
        } else {
            moved.join(", ")
        }
    ));
    for hold in &plan.held {
        lines.push(format!(
            "  held: it would remove {} of {} people from {}; `/tandem admin sync --confirm` applies it",
            hold.removed,
            hold.of,
            hold.team.label()
        ));
    }
    if !plan.refused.is_empty() {
        lines.push(format!(
            "  refused, in both teams' groups: {}",
            plan.refused.join(", ")
        ));
    }
    if !plan.unmatched.is_empty() {
        lines.push(format!(
            "  [[people]] whose platform ID no group contains (kept): {}",
            names(&plan.unmatched)
        ));
    }
    lines.join("\n")
}
