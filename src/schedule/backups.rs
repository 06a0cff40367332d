//! Scheduled backups, for `serve`: at each `[backup] cron` time (company zone) a backup of the
//! whole store goes into the backup directory, and only the newest `keep` stay. A due time that
//! passed while Tandem was down is caught up once, at start; a new install waits for its first.

use std::future::Future;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::bot::Bot;
use crate::store::backup;

/// How often the loop looks at the clock.
const LOOK_EVERY: StdDuration = StdDuration::from_secs(30);

/// Whether a backup is due at `now`: a due time of `cron` has passed since the last backup
/// (or, when there is none, since `since`).
pub fn backup_due(
    cron: &cron::Schedule,
    zone: Tz,
    last: Option<DateTime<Utc>>,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    let from = last.unwrap_or(since).with_timezone(&zone);
    cron.after(&from).next().is_some_and(|due| due <= now)
}

/// Backs up on schedule until `stop` completes.
pub async fn run_until(bot: Bot, stop: impl Future<Output = ()>) {
    let settings = bot.settings().clone();
    let Some(cron) = settings.backup.cron.clone() else {
        return;
    };
    let dir = settings.backup_dir();
    let started = bot.clock().now();
    tokio::pin!(stop);
    loop {
        let now = bot.clock().now();
        if backup_due(&cron, settings.timezone, backup::newest(&dir), started, now) {
            let (store, dir, keep) = (bot.store().clone(), dir.clone(), settings.backup.keep);
            // It reads the whole store: off the async threads.
            let made =
                tokio::task::spawn_blocking(move || store.backup_into(&dir, now, keep)).await;
            match made {
                Ok(Ok((file, summary))) => tracing::info!(
                    file = %file.display(), records = summary.records, bytes = summary.bytes,
                    "backed up"
                ),
                Ok(Err(error)) => tracing::error!(%error, "scheduled backup failed"),
                Err(error) => tracing::error!(%error, "scheduled backup stopped"),
            }
        }
        tokio::select! {
            () = &mut stop => break,
            () = tokio::time::sleep(LOOK_EVERY) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::TimeZone;

    use super::*;

    #[test]
    fn due_once_a_cron_time_passed_since_the_last_backup_or_the_start() {
        let daily = cron::Schedule::from_str("0 0 2 * * *").expect("cron");
        let zone = chrono_tz::Asia::Kolkata;
        let at = |d, h, m| {
            zone.with_ymd_and_hms(2026, 12, d, h, m, 0)
                .single()
                .expect("time")
                .with_timezone(&Utc)
        };
        let started = at(3, 10, 0);
        assert!(
            !backup_due(&daily, zone, None, started, at(3, 23, 0)),
            "a new install waits"
        );
        assert!(
            backup_due(&daily, zone, None, started, at(4, 2, 0)),
            "its first at 02:00"
        );
        let last = Some(at(4, 2, 0));
        assert!(!backup_due(&daily, zone, last, started, at(4, 23, 59)));
        assert!(
            backup_due(&daily, zone, last, at(6, 9, 0), at(6, 9, 0)),
            "down over two nights: caught up once at start"
        );
    }
}
