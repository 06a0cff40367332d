//! The scheduled parts of the config: prompts, the digest, and working hours.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

use super::file::{DigestSection, PromptSection, QuietHoursSection};
use super::validate::Check;
use super::{
    BackupSettings, ChannelIds, ConfigError, DEFAULT_BACKUP_CRON, DEFAULT_CATCH_UP,
    DEFAULT_REMIND_AFTER, DigestSettings, PromptSettings,
};
use crate::domain::duration::humanize;
use crate::domain::prompt::MAX_QUESTIONS;
use crate::domain::{Input, Team, WorkingHours};

/// How many due times are looked at to find the shortest time between two of them.
const GAPS_LOOKED_AT: usize = 60;

pub(super) fn prompts(
    check: &Check<'_>,
    sections: &[PromptSection],
) -> Result<Vec<PromptSettings>, ConfigError> {
    let mut prompts: Vec<PromptSettings> = Vec::new();
    for section in sections {
        let id = prompt_id(check, &section.id, &prompts)?;
        let key = |field: &str| format!("prompts[{id}].{field}");
        let team =
            Team::from_str(&section.team).or_else(|reason| check.fail(key("team"), reason))?;
        let cron = check.cron(&key("cron"), &section.cron)?;
        let questions = questions(check, &key("questions"), &section.questions)?;
        let remind_after = match &section.remind_after {
            Some(text) => check.duration(&key("remind_after"), text)?,
            None => DEFAULT_REMIND_AFTER,
        };
        let gap = shortest_gap(check, &key("cron"), &section.cron, &cron)?;
        if remind_after >= gap {
            return check.fail(
                key("remind_after"),
                format!(
                    "{} is not shorter than the time between two rounds of this prompt ({})",
                    humanize(remind_after),
                    humanize(gap)
                ),
            );
        }
        prompts.push(PromptSettings {
            id: id.to_string(),
            team,
            cron,
            questions,
            remind_after,
            catch_up: catch_up(check, &key("catch_up"), section.catch_up.as_deref())?,
        });
    }
    Ok(prompts)
}

/// One word that no other prompt uses (ignoring case): people type it to answer.
fn prompt_id<'a>(
    check: &Check<'_>,
    id: &'a str,
    earlier: &[PromptSettings],
) -> Result<&'a str, ConfigError> {
    let id = id.trim();
    let key = format!("prompts[{id}].id");
    if id.is_empty() {
        return check.fail("prompts.id", "a prompt needs an id");
    }
    let word = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !word {
        return check.fail(
            key,
            "an id is one word of letters, digits, - or _ (people type it to answer)",
        );
    }
    let max = Input::Name.max_chars();
    if id.chars().count() > max {
        return check.fail(key, format!("an id is at most {max} characters"));
    }
    if earlier.iter().any(|p| p.id.eq_ignore_ascii_case(id)) {
        return check.fail(key, "two prompts have this id");
    }
    Ok(id)
}

fn questions(
    check: &Check<'_>,
    key: &str,
    questions: &[String],
) -> Result<Vec<String>, ConfigError> {
    if questions.is_empty() {
        return check.fail(key, "a prompt needs at least one question");
    }
    if questions.len() > MAX_QUESTIONS {
        return check.fail(
            key,
            format!(
                "{} questions; a prompt asks at most {MAX_QUESTIONS}",
                questions.len()
            ),
        );
    }
    let mut cleaned = Vec::new();
    for (i, question) in questions.iter().enumerate() {
        let question = question.trim();
        if question.is_empty() {
            return check.fail(key, format!("question {} is empty", i + 1));
        }
        let (chars, max) = (question.chars().count(), Input::Question.max_chars());
        if chars > max {
            return check.fail(
                key,
                format!(
                    "question {} is {chars} characters long; the limit is {max}",
                    i + 1
                ),
            );
        }
        cleaned.push(question.to_string());
    }
    Ok(cleaned)
}

pub(super) fn digest(
    check: &Check<'_>,
    section: Option<&DigestSection>,
    channels: &BTreeMap<String, ChannelIds>,
) -> Result<Option<DigestSettings>, ConfigError> {
    let Some(section) = section else {
        return Ok(None);
    };
    if !channels.contains_key(&section.channel) {
        return check.fail(
            "digest.channel",
            format!("\"{}\" is not defined under [channels]", section.channel),
        );
    }
    let cron = check.cron("digest.cron", &section.cron)?;
    shortest_gap(check, "digest.cron", &section.cron, &cron)?;
    Ok(Some(DigestSettings {
        cron,
        channel: section.channel.clone(),
        catch_up: catch_up(check, "digest.catch_up", section.catch_up.as_deref())?,
    }))
}

/// Backups: daily at 02:00 and 14 kept unless the file says otherwise; `cron = "off"` stops them.
pub(super) fn backup(
    check: &Check<'_>,
    section: &super::file::BackupSection,
) -> Result<BackupSettings, ConfigError> {
    let cron = match section.cron.as_deref().map(str::trim) {
        Some("off") => None,
        Some(text) => Some(check.cron("backup.cron", text)?),
        None => Some(check.cron("backup.cron", DEFAULT_BACKUP_CRON)?),
    };
    let keep = section.keep.unwrap_or(14);
    if keep == 0 {
        return check.fail("backup.keep", "keep at least one backup");
    }
    Ok(BackupSettings {
        cron,
        dir: section.dir.as_ref().map(PathBuf::from),
        keep,
    })
}

pub(super) fn working_hours(
    check: &Check<'_>,
    section: &QuietHoursSection,
) -> Result<WorkingHours, ConfigError> {
    let days = section.working_days.as_deref().unwrap_or("Mon-Fri");
    let window = section.working_hours.as_deref().unwrap_or("09:00-18:00");
    WorkingHours::parse(days, window).or_else(|e| {
        let key = match e {
            crate::domain::HoursError::Days(_) => "quiet_hours.working_days",
            _ => "quiet_hours.working_hours",
        };
        check.fail(key, e.to_string())
    })
}

fn catch_up(check: &Check<'_>, key: &str, text: Option<&str>) -> Result<Duration, ConfigError> {
    match text {
        Some(text) => check.duration(key, text),
        None => Ok(DEFAULT_CATCH_UP),
    }
}

/// The shortest time between two due times of `schedule` (wall clock, from 2000 on); a
/// schedule that never comes is refused.
pub(super) fn shortest_gap(
    check: &Check<'_>,
    key: &str,
    line: &str,
    schedule: &cron::Schedule,
) -> Result<Duration, ConfigError> {
    let start = DateTime::<Utc>::from_timestamp(946_684_800, 0).unwrap_or_default();
    let times: Vec<DateTime<Utc>> = schedule.after(&start).take(GAPS_LOOKED_AT).collect();
    if times.is_empty() {
        return check.fail(key, format!("\"{line}\" never comes"));
    }
    let gap = times.windows(2).map(|w| w[1] - w[0]).min();
    // A schedule that comes once only has no gap: any reminder fits.
    Ok(gap.unwrap_or(Duration::MAX))
}
