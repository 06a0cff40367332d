//! The scheduler's step: `tick(now)` fires every job that is due, each due time once.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::jobs::{self, Job, JobKind};
use super::times::{Due, next_due};
use super::{
    actions, pair_checks, pairing, planning, prompts, reminders, reviews, scorecard, visits,
};
use crate::bot::Bot;
use crate::domain::duration::humanize;
use crate::message::{Destination, Op, Outgoing};
use crate::store::{JobMark, ScheduleWrite, StoreError};

/// Jobs per atomic write: 2,000 prompts due at once go to disk in a few writes, not 2,000.
const JOBS_PER_WRITE: usize = 250;
/// Due times looked at for one job in one step (a minutely job over a 12-hour window is 720).
const MAX_DUES: usize = 10_000;

/// What one step did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Jobs fired, with the due time each fired for.
    pub fired: Vec<(String, DateTime<Utc>)>,
    /// Jobs that missed a due time older than their catch-up window, with the first one.
    pub skipped: Vec<(String, DateTime<Utc>)>,
    /// Messages queued.
    pub queued: usize,
}

/// The last due time the store holds for a job, and the next one, computed in `zone`.
#[derive(Clone, Copy, Debug)]
struct Known {
    last: DateTime<Utc>,
    zone: Tz,
    next: Option<Due>,
}

struct Step {
    job: usize,
    fire: Option<Due>,
    mark: JobMark,
}

pub struct Scheduler {
    bot: Bot,
    jobs: Vec<Job>,
    known: HashMap<String, Known>,
    /// The roster's generation the jobs were made for (`Roster::generation`).
    generation: u64,
}

impl Scheduler {
    pub fn new(bot: Bot) -> Self {
        let generation = bot.roster().generation();
        let jobs = jobs::jobs(bot.settings(), &bot.directory());
        Scheduler {
            bot,
            jobs,
            known: HashMap::new(),
            generation,
        }
    }

    /// Makes the jobs again after a directory sync changed who is in which team: a joiner's
    /// prompts start counting from their first step, a leaver's stop.
    fn refresh(&mut self) {
        let generation = self.bot.roster().generation();
        if generation != self.generation {
            self.jobs = jobs::jobs(self.bot.settings(), &self.bot.directory());
            self.generation = generation;
        }
    }

    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// Fires every job due at `now`: each due time once, a missed one if it is within the
    /// job's catch-up window (only the latest, when several were missed), older ones skipped
    /// and logged. A job seen for the first time starts counting from `now`.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Result<TickReport, StoreError> {
        self.refresh();
        let mut report = TickReport::default();
        let mut steps = Vec::new();
        for (index, job) in self.jobs.iter().enumerate() {
            let zone = zone(&self.bot, job);
            let Some(known) = known(&self.bot, &mut self.known, job, zone)? else {
                steps.push(Step {
                    job: index,
                    fire: None,
                    mark: mark(job, None, now),
                });
                continue;
            };
            let decision = decide(job, zone, &known, now);
            if let Some(missed) = decision.missed {
                tracing::warn!(
                    job = %job.key, %missed, catch_up = %humanize(job.catch_up),
                    "a due time passed while Tandem was down, longer ago than the catch-up window; skipped"
                );
                report.skipped.push((job.key.clone(), missed));
            }
            let due = decision.fire.map_or(now, |d| d.at);
            if decision.fire.is_some() || decision.missed.is_some() {
                steps.push(Step {
                    job: index,
                    fire: decision.fire,
                    mark: mark(job, Some(known.last), due),
                });
            }
        }
        steps.sort_by_key(|s| (s.fire.map(|d| d.at), s.job));
        self.run(steps, now, &mut report)?;
        Ok(report)
    }

    /// The earliest next due time of any job this scheduler has seen (call `tick` once
    /// first, so that every job is).
    pub fn next_due(&mut self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.refresh();
        let mut earliest: Option<DateTime<Utc>> = None;
        for job in &self.jobs {
            let zone = zone(&self.bot, job);
            let Some(known) = known(&self.bot, &mut self.known, job, zone)? else {
                continue;
            };
            if let Some(due) = known.next {
                earliest = Some(earliest.map_or(due.at, |e| e.min(due.at)));
            }
        }
        Ok(earliest)
    }

    fn run(
        &mut self,
        steps: Vec<Step>,
        now: DateTime<Utc>,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        let mut write = ScheduleWrite::new(now);
        for step in steps {
            let job = &self.jobs[step.job];
            if let Some(due) = step.fire {
                fire(&self.bot, job, due, now, &mut write)?;
                report.fired.push((job.key.clone(), due.at));
            }
            write.jobs.push(step.mark);
            if write.jobs.len() == JOBS_PER_WRITE {
                self.commit(&mut write, report)?;
            }
        }
        self.commit(&mut write, report)
    }

    fn commit(
        &mut self,
        write: &mut ScheduleWrite,
        report: &mut TickReport,
    ) -> Result<(), StoreError> {
        if write.is_empty() {
            return Ok(());
        }
        // Not waited for: the outbox sends nothing that is not on disk, so a crash that loses
        // this step only makes it run again.
        match self.bot.store().commit_schedule(write) {
            Ok(_) => {
                for mark in &write.jobs {
                    self.known.remove(&mark.job);
                }
                report.queued += write.outgoing.len();
                *write = ScheduleWrite::new(write.at);
                Ok(())
            }
            Err(error) => {
                // Whoever got there first wrote other due times: read them again next time.
                for mark in &write.jobs {
                    self.known.remove(&mark.job);
                }
                Err(error)
            }
        }
    }
}

fn mark(job: &Job, previous: Option<DateTime<Utc>>, due: DateTime<Utc>) -> JobMark {
    JobMark {
        job: job.key.clone(),
        previous,
        due,
    }
}

fn zone(bot: &Bot, job: &Job) -> Tz {
    match &job.kind {
        JobKind::Prompt { person, .. } => bot
            .directory()
            .by_name(person.as_str())
            .map_or(bot.settings().timezone, |p| bot.zone_of(p)),
        JobKind::Digest
        | JobKind::Reminders
        | JobKind::Reviews
        | JobKind::Planning
        | JobKind::PairingRound
        | JobKind::PairingChecks
        | JobKind::Scorecard => bot.settings().timezone,
    }
}

/// What the store holds for `job` (cached), with its next due time in `zone`; `None` for a
/// job the store has never seen.
fn known(
    bot: &Bot,
    cache: &mut HashMap<String, Known>,
    job: &Job,
    zone: Tz,
) -> Result<Option<Known>, StoreError> {
    if let Some(known) = cache.get(&job.key).filter(|k| k.zone == zone) {
        return Ok(Some(*known));
    }
    let Some(last) = bot.store().job_last_due(&job.key)? else {
        return Ok(None);
    };
    let known = Known {
        last,
        zone,
        next: next_due(&job.schedule, zone, last),
    };
    cache.insert(job.key.clone(), known);
    Ok(Some(known))
}

struct Decision {
    /// The due time to fire for: the latest one at or before now, within the window.
    fire: Option<Due>,
    /// The first due time missed beyond the catch-up window, if any.
    missed: Option<DateTime<Utc>>,
}

fn decide(job: &Job, zone: Tz, known: &Known, now: DateTime<Utc>) -> Decision {
    let nothing = Decision {
        fire: None,
        missed: None,
    };
    let last = known.last;
    let Some(first) = known.next else {
        return nothing;
    };
    if first.at > now {
        return nothing;
    }
    let window_start = now - job.catch_up;
    let too_old = first.at < window_start;
    // Due times older than the window are not walked one by one: start just before it.
    let mut cursor = if too_old {
        window_start - Duration::milliseconds(1)
    } else {
        last
    };
    let mut latest = None;
    for _ in 0..MAX_DUES {
        match next_due(&job.schedule, zone, cursor) {
            Some(due) if due.at <= now => {
                latest = Some(due);
                cursor = due.at;
            }
            _ => break,
        }
    }
    Decision {
        fire: latest,
        missed: too_old.then_some(first.at),
    }
}

fn fire(
    bot: &Bot,
    job: &Job,
    due: Due,
    now: DateTime<Utc>,
    write: &mut ScheduleWrite,
) -> Result<(), StoreError> {
    match &job.kind {
        JobKind::Prompt { prompt, person } => prompts::fire(bot, *prompt, person, due, write),
        JobKind::Reminders => {
            reminders::sweep(bot, now, write)?;
            visits::sweep(bot, now, write)?;
            if let Err(error) = bot.close_delivered_actions() {
                tracing::warn!(%error, "could not close the actions of delivered requests");
            }
            actions::sweep(bot, now, write)
        }
        JobKind::Reviews => reviews::sweep(bot, now, write),
        JobKind::Planning => planning::sweep(bot, now, write),
        JobKind::PairingRound => pairing::form(bot, due, write),
        JobKind::PairingChecks => pair_checks::sweep(bot, now, write),
        JobKind::Scorecard => match &bot.settings().scorecard {
            Some(settings) => scorecard::fire(bot, settings, due, write),
            None => Ok(()),
        },
        JobKind::Digest => {
            let Some(settings) = &bot.settings().digest else {
                return Ok(());
            };
            write.outgoing.push(Outgoing {
                to: Destination::Channel(settings.channel.clone()),
                op: Op::Post,
                message: bot.digest_message(due.at)?,
            });
            Ok(())
        }
    }
}
