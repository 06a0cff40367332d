//! The jobs the configuration asks for: a prompt per person, the digest, and the reminder
//! sweep.

use std::str::FromStr;

use chrono::Duration;

use crate::config::{DEFAULT_CATCH_UP, Settings};
use crate::domain::{Directory, PersonName};

/// Reminders are looked at every hour, on the hour, so they go out when working hours start.
pub const REMINDER_SWEEP: &str = "0 0 * * * *";
pub const DIGEST_JOB: &str = "digest";
pub const REMINDERS_JOB: &str = "reminders";
/// Launch reviews are looked at on the same hourly sweep: rounds close, open and remind.
pub const REVIEWS_JOB: &str = "reviews";
pub const PAIRING_JOB: &str = "pairing";
/// Planning rounds' reminders are looked at hourly too.
pub const PLANNING_JOB: &str = "planning";
pub const PAIRING_CHECKS_JOB: &str = "pairing-checks";
/// The monthly scorecard, looked at each `[scorecard] cron` time.
pub const SCORECARD_JOB: &str = "scorecard";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// The prompt at this index of `Settings::prompts`, for one person, in their zone.
    Prompt { prompt: usize, person: PersonName },
    /// The digest, in the company's zone.
    Digest,
    /// Request and prompt reminders, in the company's zone (each reminder then waits for its
    /// recipient's own working hours).
    Reminders,
    /// Launch review rounds: closing at their date, opening by themselves, the one reminder.
    Reviews,
    /// Planning rounds' reminders: inputs before the due date, leads after it.
    Planning,
    /// A pairing round, in the company's zone, when the last one is old enough.
    PairingRound,
    /// "Did you meet?" to pairs whose check time came, hourly (each waits for its recipient's
    /// working hours).
    PairingChecks,
    /// The monthly scorecard, in the company's zone: posted at the month's first working-day
    /// due time.
    Scorecard,
}

#[derive(Clone, Debug)]
pub struct Job {
    /// Names the job in the store: `prompt/market-pulse/Asha`, `digest`, `reminders`.
    pub key: String,
    pub kind: JobKind,
    pub schedule: cron::Schedule,
    /// A due time missed while Tandem was down still fires within this.
    pub catch_up: Duration,
}

/// Every job of `settings`, in a fixed order.
pub fn jobs(settings: &Settings, directory: &Directory) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (index, prompt) in settings.prompts.iter().enumerate() {
        for person in directory.members_of(prompt.team) {
            jobs.push(Job {
                key: format!("prompt/{}/{}", prompt.id, person.name),
                kind: JobKind::Prompt {
                    prompt: index,
                    person: person.name.clone(),
                },
                schedule: prompt.cron.clone(),
                catch_up: prompt.catch_up,
            });
        }
    }
    if let Some(digest) = &settings.digest {
        jobs.push(Job {
            key: DIGEST_JOB.into(),
            kind: JobKind::Digest,
            schedule: digest.cron.clone(),
            catch_up: digest.catch_up,
        });
    }
    if let Ok(schedule) = cron::Schedule::from_str(REMINDER_SWEEP) {
        jobs.push(Job {
            key: REMINDERS_JOB.into(),
            kind: JobKind::Reminders,
            schedule,
            catch_up: DEFAULT_CATCH_UP,
        });
    }
    if let Ok(schedule) = cron::Schedule::from_str(REMINDER_SWEEP) {
        jobs.push(Job {
            key: REVIEWS_JOB.into(),
            kind: JobKind::Reviews,
            schedule,
            catch_up: DEFAULT_CATCH_UP,
        });
    }
    if let Ok(schedule) = cron::Schedule::from_str(REMINDER_SWEEP) {
        jobs.push(Job {
            key: PLANNING_JOB.into(),
            kind: JobKind::Planning,
            schedule,
            catch_up: DEFAULT_CATCH_UP,
        });
    }
    if let Some(pairing) = &settings.pairing {
        jobs.push(Job {
            key: PAIRING_JOB.into(),
            kind: JobKind::PairingRound,
            schedule: pairing.cron.clone(),
            catch_up: pairing.catch_up,
        });
        if let Ok(schedule) = cron::Schedule::from_str(REMINDER_SWEEP) {
            jobs.push(Job {
                key: PAIRING_CHECKS_JOB.into(),
                kind: JobKind::PairingChecks,
                schedule,
                catch_up: DEFAULT_CATCH_UP,
            });
        }
    }
    if let Some(scorecard) = &settings.scorecard {
        jobs.push(Job {
            key: SCORECARD_JOB.into(),
            kind: JobKind::Scorecard,
            schedule: scorecard.cron.clone(),
            catch_up: scorecard.catch_up,
        });
    }
    jobs
}
