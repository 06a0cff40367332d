//! Figures for pairing at 2,000 people (1,000 in Sales and 1,000 in Marketing, 5% leads):
//!
//! 1. forming a round as pure code (`domain::pairing::form`), after 12 rounds of history and
//!    with 500 open requests between people, same-level and cross-level;
//! 2. the whole scheduler step that forms a round on sled: read the history and everyone's
//!    standing, form, write the round, its 1,000 pairs and their 1,000 introductions as one
//!    change, for the 1st to the 13th round.
//!
//! Run with `cargo bench --bench pairing`. It prints figures; it asserts nothing about speed.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use tandem::bot::Bot;
use tandem::clock::{Clock, ManualClock};
use tandem::config::{Env, Settings};
use tandem::domain::pairing::{Candidate, History, MetAnswer, Rng, RoundInput, RoundKind, form};
use tandem::domain::{PersonName, Role, Team};
use tandem::schedule::Scheduler;
use tandem::store::{PairChange, PairingWrite, SledStore};

const PER_TEAM: usize = 1_000;
const LEADS_EVERY: usize = 20;
const HISTORY_ROUNDS: u64 = 12;
const OPEN_REQUESTS: usize = 500;
const RUNS: usize = 30;

fn main() {
    pure_formation();
    scheduler_step();
}

fn people() -> Vec<Candidate> {
    let mut people = Vec::new();
    for (team, prefix) in [(Team::Sales, "s"), (Team::Marketing, "m")] {
        for i in 0..PER_TEAM {
            let role = if i % LEADS_EVERY == 0 {
                Role::Lead
            } else {
                Role::Member
            };
            people.push(Candidate {
                name: PersonName::new(format!("{prefix}{i}")),
                team,
                role,
            });
        }
    }
    people
}

fn pure_formation() {
    let people = people();
    let mut rng = Rng::new(42);
    let open: HashSet<(PersonName, PersonName)> = (0..OPEN_REQUESTS)
        .map(|_| {
            let s = &people[rng.below(PER_TEAM)].name;
            let m = &people[PER_TEAM + rng.below(PER_TEAM)].name;
            (s.clone(), m.clone())
        })
        .collect();
    let mut history = History::default();
    for number in 1..=HISTORY_ROUNDS {
        let kind = RoundKind::of_round(number, true);
        let input = RoundInput {
            kind,
            people: &people,
            history: &history,
            open: &open,
            seed: number,
        };
        for group in form(&input).groups {
            history.record(number, &group.sales, &group.marketing);
        }
    }
    for kind in [RoundKind::SameLevel, RoundKind::CrossLevel] {
        let mut times = Vec::with_capacity(RUNS);
        let mut groups = 0;
        for run in 0..RUNS {
            let input = RoundInput {
                kind,
                people: &people,
                history: &history,
                open: &open,
                seed: 1_000 + run as u64,
            };
            let started = Instant::now();
            let formation = form(&input);
            times.push(started.elapsed());
            groups = formation.groups.len();
        }
        report(
            &format!(
                "form a {} round, {} people, {HISTORY_ROUNDS} rounds of history",
                kind.label(),
                people.len()
            ),
            &mut times,
            &format!("{groups} groups"),
        );
    }
}

/// Monday 4 January 2027, 10:00 in Kolkata, plus `weeks`.
fn monday(weeks: i64) -> DateTime<Utc> {
    let first = chrono_tz::Asia::Kolkata
        .with_ymd_and_hms(2027, 1, 4, 10, 0, 0)
        .single()
        .expect("valid");
    first.with_timezone(&Utc) + chrono::Duration::weeks(weeks)
}

fn settings(data: &Path) -> Settings {
    let mut text = String::from(
        "timezone = \"Asia/Kolkata\"\n[channels]\nsales = { slack = \"C1\" }\n\
         marketing = { slack = \"C2\" }\n[pairing]\n",
    );
    for person in people() {
        let team = match person.team {
            Team::Sales => "sales",
            Team::Marketing => "marketing",
        };
        let _ = write!(
            text,
            "[[people]]\nname = \"{}\"\nteam = \"{team}\"\nrole = \"{}\"\n",
            person.name,
            person.role.label()
        );
    }
    let data = data.display().to_string();
    let env = Env::from_pairs([("TANDEM_DATA_DIR", data.as_str())]);
    Settings::from_toml(&text, Path::new("bench.toml"), &env).expect("valid settings")
}

fn scheduler_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = settings(dir.path());
    let store = Arc::new(SledStore::open(&settings.store).expect("open"));
    let clock = Arc::new(ManualClock::at(monday(0) - chrono::Duration::hours(1)));
    let bot = Bot::new(Arc::new(settings), store, clock.clone());
    let mut scheduler = Scheduler::new(bot.clone());
    scheduler.tick(clock.now()).expect("first step");
    let mut times = Vec::new();
    for round in 0..=HISTORY_ROUNDS as i64 {
        let due = monday(2 * round);
        clock.set(due);
        let started = Instant::now();
        let report = scheduler.tick(due).expect("a step");
        times.push(started.elapsed());
        assert!(report.fired.iter().any(|(job, _)| job == "pairing"));
        answer_every_pair(&bot, due);
    }
    let started = Instant::now();
    let all = bot.store().pairs_since(1).expect("read");
    let read = started.elapsed();
    let started = Instant::now();
    let history = History::of(&all);
    println!(
        "(the step reads every earlier pair: {} pairs read in {:.1} ms, counted in {:.1} ms; {} times s1 × m1)",
        all.len(),
        read.as_secs_f64() * 1000.0,
        started.elapsed().as_secs_f64() * 1000.0,
        history.times(&PersonName::new("s1"), &PersonName::new("m1"))
    );
    let (round, pairs) = bot.current_round().expect("read").expect("formed");
    println!(
        "(round {} formed {} pairs; the last step read {} earlier pairs)",
        round.number,
        pairs.len(),
        (round.first_pair - 1)
    );
    let (first, last) = (times[0], *times.last().expect("steps"));
    report(
        "scheduler step forming a round on sled, rounds 1-13",
        &mut times,
        &format!(
            "1st {:.1} ms, 13th {:.1} ms",
            first.as_secs_f64() * 1000.0,
            last.as_secs_f64() * 1000.0
        ),
    );
}

/// Someone in every pair of the newest round says yes (else three unanswered rounds pause
/// everyone), in one change.
fn answer_every_pair(bot: &Bot, at: DateTime<Utc>) {
    let (_, pairs) = bot.current_round().expect("read").expect("formed");
    let changes = pairs
        .into_iter()
        .map(|mut pair| {
            let expected = Some(pair.version);
            let first = pair.sales[0].clone();
            pair.answer(&first, MetAnswer::Yes, None, at, at)
                .expect("in the pair");
            PairChange { pair, expected }
        })
        .collect();
    let write = PairingWrite {
        pairs: changes,
        ..PairingWrite::default()
    };
    let written = bot.store().save_pairing(&write, &[], at).expect("saved");
    bot.store().durable_blocking(written).expect("on disk");
}

fn report(what: &str, times: &mut [Duration], note: &str) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<70} median {:>7.1} ms   max {:>7.1} ms   ({} runs; {note})",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    );
}
