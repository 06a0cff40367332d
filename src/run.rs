//! What the subcommands do, so that `main.rs` only parses arguments.

use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use chrono::{NaiveDate, TimeZone, Utc};

use crate::app::PLATFORMS;
use crate::bot::Bot;
use crate::clock::{Clock, ShiftedClock, SystemClock};
use crate::config::{Env, Settings};
use crate::domain::Month;
use crate::export::{self, Format};
use crate::platform::console::{Flow, Shell};
use crate::platform::seam;
use crate::store::{SledStore, Store};

/// Loads settings from `--config`, `TANDEM_CONFIG` or the default path, and checks every
/// platform's part of them (the IDs the file gives, the variables in the environment).
pub fn load_settings(config: Option<&Path>) -> anyhow::Result<Settings> {
    let env = Env::from_process();
    let path = env.config_path(config);
    let settings = Settings::load(&path, &env)?;
    seam::configure(&settings, PLATFORMS)?;
    Ok(settings)
}

/// A summary of valid settings, without secrets.
pub fn describe(settings: &Settings) -> String {
    let people = settings.people.all();
    let sales = people
        .iter()
        .filter(|p| p.team == crate::domain::Team::Sales)
        .count();
    format!(
        "{} is valid: {} people ({} in Sales, {} in Marketing), channels {}, {} prompt(s), digest {}, pairing {}, monthly scorecard {}, data in {}.",
        settings.source.display(),
        people.len(),
        sales,
        people.len() - sales,
        settings
            .channels
            .keys()
            .map(|c| format!("#{c}"))
            .collect::<Vec<_>>()
            .join(" "),
        settings.prompts.len(),
        if settings.digest.is_some() {
            "on"
        } else {
            "off"
        },
        if settings.pairing.is_some() {
            "on"
        } else {
            "off"
        },
        if settings.scorecard.is_some() {
            "on"
        } else {
            "off"
        },
        settings.store.path.display(),
    )
}

/// Runs the shell on the embedded store, reading lines from `input` until `:quit` or its end.
pub fn shell(
    settings: Settings,
    as_person: Option<&str>,
    input: impl BufRead,
    out: impl Write + Send + 'static,
    interactive: bool,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let store = open(&settings)?;
    let clock = Arc::new(ShiftedClock::default());
    let bot = Bot::new(Arc::new(settings), store, clock.clone());
    let mut shell = Shell::new(bot, clock, out, !interactive)?;
    if interactive {
        shell.greet();
    }
    if let Some(name) = as_person {
        shell.become_person(name).map_err(anyhow::Error::msg)?;
    }
    let mut input = input;
    let mut buffer = Vec::new();
    loop {
        if interactive {
            print!("{}", shell.prompt());
            let _ = std::io::stdout().flush();
        }
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            break;
        }
        let line = String::from_utf8_lossy(&buffer);
        if runtime.block_on(shell.line(&line)) == Flow::Quit {
            break;
        }
    }
    Ok(())
}

/// Writes requests filed on or after `since` (a day in the company's zone) to `out`.
pub fn export(
    settings: &Settings,
    format: Format,
    since: Option<NaiveDate>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let store = open(settings)?;
    let since = match since {
        Some(day) => {
            let midnight = day.and_hms_opt(0, 0, 0).context("midnight")?;
            settings
                .timezone
                .from_local_datetime(&midnight)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .context("that day has no midnight in the company's time zone")?
        }
        None => chrono::DateTime::<Utc>::MIN_UTC,
    };
    let requests = store.requests_filed_since(since)?;
    let directory = crate::bot::restored(settings, &*store);
    export::write(&requests, &directory, format, out)?;
    Ok(())
}

/// Writes launches dated on or after `since` (all without it), with their linked requests
/// and reviews, to `out`.
pub fn export_launches(
    settings: &Settings,
    format: Format,
    since: Option<NaiveDate>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let store = open(settings)?;
    let mut launches = Vec::new();
    for launch in store.launches()? {
        if since.is_some_and(|day| launch.on < day) {
            continue;
        }
        let ids = store
            .launch_requests(&launch.name)?
            .iter()
            .map(|r| r.id)
            .collect();
        launches.push((launch, ids));
    }
    crate::export_launches::write(&launches, format, out)?;
    Ok(())
}

/// Writes actions added on or after `since` (all without it), with their sources and the
/// words they came from, to `out`.
pub fn export_actions(
    settings: &Settings,
    format: Format,
    since: Option<NaiveDate>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let store = open(settings)?;
    let zone = settings.timezone;
    let actions: Vec<_> = store
        .all_actions()?
        .into_iter()
        .filter(|a| since.is_none_or(|day| a.added_at.with_timezone(&zone).date_naive() >= day))
        .collect();
    let directory = crate::bot::restored(settings, &*store);
    crate::export_actions::write(&actions, &directory, format, out)?;
    Ok(())
}

/// Writes plans due on or after `since` (all without it), with every version, to `out`.
pub fn export_plans(
    settings: &Settings,
    format: Format,
    since: Option<NaiveDate>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let store = open(settings)?;
    let plans: Vec<_> = store
        .plans()?
        .into_iter()
        .filter(|p| since.is_none_or(|day| p.due >= day))
        .collect();
    crate::export_plans::write(&plans, format, out)?;
    Ok(())
}

/// Writes visits dated on or after `since` (all without it), by date, to `out`.
pub fn export_visits(
    settings: &Settings,
    format: Format,
    since: Option<NaiveDate>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let store = open(settings)?;
    let from = since.unwrap_or(NaiveDate::MIN);
    let visits = store.visits_dated(from, NaiveDate::MAX)?;
    let directory = crate::bot::restored(settings, &*store);
    crate::export_visits::write(&visits, &directory, format, out)?;
    Ok(())
}

/// Writes the digest of the 7 days up to now to `out`, as plain text.
pub fn digest_preview(settings: Settings, out: &mut impl Write) -> anyhow::Result<()> {
    let store = open(&settings)?;
    let clock = Arc::new(SystemClock);
    let now = clock.now();
    let bot = Bot::new(Arc::new(settings), store, clock);
    let message = bot.digest_message(now)?;
    writeln!(out, "{}", crate::message::render_plain(&message))?;
    Ok(())
}

/// Writes the scorecard of `month` (`YYYY-MM`; the current month without it) to `out`, an
/// `.html` or `.png` file; says where. Bad input is refused before anything is written.
pub fn report(settings: Settings, month: Option<&str>, out: &Path) -> anyhow::Result<String> {
    report_at(settings, month, out, Arc::new(SystemClock))
}

/// `report`, at the time `clock` tells (tests and benches move it).
pub fn report_at(
    settings: Settings,
    month: Option<&str>,
    out: &Path,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<String> {
    let month = month.map(Month::parse).transpose()?;
    crate::report::Format::of(out)?;
    let store = open(&settings)?;
    let bot = Bot::new(Arc::new(settings), store, clock);
    bot.write_report(month, out)?;
    Ok(format!("Wrote the scorecard to {}.", out.display()))
}

/// Writes a backup of the store to `file` (the data directory must not be open elsewhere).
pub fn backup(settings: &Settings, file: &Path) -> anyhow::Result<String> {
    let store = SledStore::open(&settings.store)?;
    let summary = store
        .backup_to(file)
        .with_context(|| format!("backing up to {}", file.display()))?;
    Ok(format!(
        "Backed up {} records in {} trees to {} ({} bytes).",
        summary.records,
        summary.trees,
        file.display(),
        summary.bytes
    ))
}

/// Restores `file` into `data_dir` (new or empty), then opens it once to check it (and to bring
/// an older backup's schema forward).
pub fn restore(file: &Path, data_dir: &Path) -> anyhow::Result<String> {
    let summary = crate::store::backup::restore(file, data_dir)
        .with_context(|| format!("restoring {}", file.display()))?;
    let opened = SledStore::open(&crate::store::StoreOptions::at(data_dir))
        .context("opening the restored store")?;
    drop(opened);
    Ok(format!(
        "Restored {} records in {} trees into {}.",
        summary.records,
        summary.trees,
        data_dir.display()
    ))
}

fn open(settings: &Settings) -> anyhow::Result<Arc<dyn Store>> {
    let store = SledStore::open(&settings.store)?;
    Ok(Arc::new(store))
}
