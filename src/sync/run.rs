//! The syncer: reads each `[directory]` group from its platform, plans the next directory
//! (`domain::membership::plan`), keeps it, swaps it in, and says what needs saying. `step(now)`
//! is the step function (a lead's ask first, else the periodic sync when due); `run_until` is
//! the loop `serve` wraps around it.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use super::notes::{self, dm};
use crate::bot::{Bot, SyncAsk};
use crate::bot::{CURRENT, Counts, SyncStatus, Welcomed};
use crate::domain::membership::{Fetched, Plan, live_directory, plan};
use crate::domain::{Directory, PersonName, Team};
use crate::message::Outgoing;
use crate::platform::Adapter;
use crate::store::StoreError;

/// How often the loop looks at the clock between asks.
const LOOK_EVERY: StdDuration = StdDuration::from_secs(30);

/// What one sync did.
#[derive(Clone, Debug)]
pub enum Outcome {
    Synced(Plan),
    /// Not applied: it would remove more than half of a team.
    Held(Plan),
    /// Nothing changed; why.
    Failed(String),
}

pub struct Syncer {
    bot: Bot,
    adapters: Vec<Arc<dyn Adapter>>,
    /// When this process last synced: the first step always does.
    last: Mutex<Option<DateTime<Utc>>>,
}

impl Syncer {
    pub fn new(bot: Bot, adapters: Vec<Arc<dyn Adapter>>) -> Self {
        Syncer {
            bot,
            adapters,
            last: Mutex::new(None),
        }
    }

    /// A lead's ask if there is one, else the periodic sync if it is due at `now`.
    pub async fn step(&self, now: DateTime<Utc>) -> Option<Result<Outcome, StoreError>> {
        let settings = self.bot.settings().directory.as_ref()?;
        if let Some(ask) = self.bot.roster().take_ask() {
            return Some(self.asked(&ask).await);
        }
        let last = *self.last.lock().unwrap_or_else(|e| e.into_inner());
        let due = last.is_none_or(|last| now >= last + settings.sync_every);
        if !due {
            return None;
        }
        Some(self.sync(false, None).await)
    }

    async fn asked(&self, ask: &SyncAsk) -> Result<Outcome, StoreError> {
        let outcome = self.sync(ask.confirm, Some(&ask.by)).await?;
        let text = match &outcome {
            Outcome::Synced(plan) => format!(
                "Directory synced: {}. {}",
                notes::summary(plan),
                self.sizes()
            ),
            Outcome::Held(plan) => notes::held(&plan.held, plan),
            Outcome::Failed(why) => notes::failing(why),
        };
        self.send(vec![dm(&ask.by, text)]).await?;
        Ok(outcome)
    }

    fn sizes(&self) -> String {
        let directory = self.bot.directory();
        format!(
            "Sales has {}, Marketing {}.",
            directory.members_of(Team::Sales).count(),
            directory.members_of(Team::Marketing).count()
        )
    }

    /// Reads every group from its platform; the first failure, as a sentence.
    pub async fn fetch(&self) -> Result<Fetched, String> {
        let Some(settings) = &self.bot.settings().directory else {
            return Ok(Fetched::default());
        };
        let mut groups = Vec::new();
        for (group, sources) in &settings.groups {
            let mut members = Vec::new();
            for source in sources {
                let Some(adapter) = self.adapters.iter().find(|a| a.name() == source.platform)
                else {
                    return Err(format!(
                        "{} is not set up here, so {source} cannot be read",
                        source.platform
                    ));
                };
                members.extend(adapter.members(source).await.map_err(|e| e.to_string())?);
            }
            groups.push((*group, members));
        }
        Ok(Fetched { groups })
    }

    /// What a sync would change now, changing nothing (`check-config --sync`).
    pub async fn preview(&self) -> Result<Plan, String> {
        let fetched = self.fetch().await?;
        let previous = self
            .bot
            .store()
            .synced_directory()
            .map_err(|e| e.to_string())?;
        let now = self.bot.clock().now();
        Ok(plan(&self.bot.settings().people, &previous, &fetched, now))
    }

    /// One sync. `confirm` applies it even if it would halve a team; `asker` (a lead who
    /// asked) is told by `asked`, not among the leads.
    pub async fn sync(
        &self,
        confirm: bool,
        asker: Option<&PersonName>,
    ) -> Result<Outcome, StoreError> {
        let store = self.bot.store();
        let now = self.bot.clock().now();
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(now);
        let mut status = store.sync_status()?;
        status.last_attempt = Some(now);
        let fetched = match self.fetch().await {
            Ok(fetched) => fetched,
            Err(why) => return self.failed(status, why, asker).await,
        };
        let previous = store.synced_directory()?;
        let plan = plan(&self.bot.settings().people, &previous, &fetched, now);
        if !plan.held.is_empty() && !confirm {
            return self.held(status, plan, asker).await;
        }
        let directory = match live_directory(&self.bot.settings().people, &plan.synced) {
            Ok(directory) => directory,
            Err(error) => return self.failed(status, error.to_string(), asker).await,
        };
        let mut outgoing = Vec::new();
        // Told to the leads of the new directory: the first sync may be what names them.
        if status.failing.take().is_some() {
            outgoing.extend(to_leads(&directory, &notes::recovered(), asker));
        }
        status.held = None;
        if plan.refused != status.refused {
            if !plan.refused.is_empty() {
                outgoing.extend(to_leads(&directory, &notes::refused(&plan.refused), asker));
            }
            status.refused = plan.refused.clone();
        }
        for joiner in &plan.joiners {
            let Some(person) = directory.by_name(joiner.as_str()) else {
                continue;
            };
            if store.keep_new(joiner, &Welcomed(true))?.0 {
                outgoing.push(dm(joiner, notes::welcome(joiner, person.team)));
            }
        }
        status.last_ok = Some(now);
        status.counts = Counts {
            sales: directory.members_of(Team::Sales).count(),
            marketing: directory.members_of(Team::Marketing).count(),
            former: directory.former().len(),
            joined: plan.joiners.len(),
            left: plan.leavers.len(),
            moved: plan.movers.len(),
        };
        let _ = store.keep(CURRENT, &plan.synced)?;
        // Swapped in before the status says so, so that whoever reads the status finds it.
        self.bot.roster().replace(directory);
        let _ = store.keep(CURRENT, &status)?;
        self.send(outgoing).await?;
        tracing::info!(changes = %notes::summary(&plan), "directory synced");
        Ok(Outcome::Synced(plan))
    }

    async fn failed(
        &self,
        mut status: SyncStatus,
        why: String,
        asker: Option<&PersonName>,
    ) -> Result<Outcome, StoreError> {
        tracing::warn!(%why, "directory sync failed; the last good directory stays");
        let mut outgoing = Vec::new();
        if status.failing.as_deref() != Some(why.as_str()) {
            outgoing = to_leads(&self.bot.directory(), &notes::failing(&why), asker);
            status.failing = Some(why.clone());
        }
        let _ = self.bot.store().keep(CURRENT, &status)?;
        self.send(outgoing).await?;
        Ok(Outcome::Failed(why))
    }

    async fn held(
        &self,
        mut status: SyncStatus,
        plan: Plan,
        asker: Option<&PersonName>,
    ) -> Result<Outcome, StoreError> {
        let text = notes::held(&plan.held, &plan);
        tracing::warn!(%text, "directory sync held");
        let mut outgoing = Vec::new();
        if status.held.as_deref() != Some(text.as_str()) {
            outgoing = to_leads(&self.bot.directory(), &text, asker);
            status.held = Some(text);
        }
        let _ = self.bot.store().keep(CURRENT, &status)?;
        self.send(outgoing).await?;
        Ok(Outcome::Held(plan))
    }

    /// Queues `outgoing` and waits until it, and what was kept before it, is on disk.
    async fn send(&self, outgoing: Vec<Outgoing>) -> Result<(), StoreError> {
        let store = self.bot.store();
        let ticket = match outgoing.is_empty() {
            true => store.written(),
            false => store.enqueue(&outgoing, self.bot.clock().now())?,
        };
        store.durable(ticket).await
    }
}

/// A DM to each lead of both teams in `directory`, but the one who asked.
fn to_leads(directory: &Directory, text: &str, asker: Option<&PersonName>) -> Vec<Outgoing> {
    Team::ALL
        .iter()
        .flat_map(|team| directory.leads(*team))
        .filter(|lead| Some(&lead.name) != asker)
        .map(|lead| dm(&lead.name, text.to_string()))
        .collect()
}

/// Syncs at start, every `sync_every`, and whenever a lead asks, until `stop` completes;
/// wakes the outbox (`wake`) after each sync.
pub async fn run_until(syncer: Syncer, wake: Arc<Notify>, stop: impl Future<Output = ()>) {
    if syncer.bot.settings().directory.is_none() {
        return;
    }
    let roster = syncer.bot.roster().clone();
    roster.attach();
    tokio::pin!(stop);
    loop {
        let now = syncer.bot.clock().now();
        match syncer.step(now).await {
            Some(Ok(_)) => wake.notify_one(),
            Some(Err(error)) => tracing::error!(%error, "directory sync could not be kept"),
            None => {}
        }
        tokio::select! {
            () = &mut stop => break,
            () = roster.asked() => {}
            () = tokio::time::sleep(LOOK_EVERY) => {}
        }
    }
}
