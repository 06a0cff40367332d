//! The loop that runs itself: cron jobs in each person's zone, with catch-up after downtime.
//! `Scheduler::tick(now)` is the step; `serve` calls it in a small loop, the shell's `:wait`
//! for every due time it skips over.

mod actions;
pub mod backups;
mod jobs;
mod pair_checks;
mod pairing;
mod planning;
mod prompts;
mod reminders;
mod reviews;
mod runner;
mod scheduler;
mod scorecard;
pub mod times;
mod views;
mod visits;

pub use jobs::{
    DIGEST_JOB, Job, JobKind, PAIRING_CHECKS_JOB, PAIRING_JOB, PLANNING_JOB, REMINDER_SWEEP,
    REMINDERS_JOB, REVIEWS_JOB, SCORECARD_JOB,
};
pub use planning::{INPUT_REMINDER_WORKING_DAYS, MAX_LEAD_REMINDERS};
pub use runner::run_until;
pub use scheduler::{Scheduler, TickReport};
pub use times::{Due, next_due};
