//! Scale: a store of 1,000,000 requests (about 4.7 million steps: filed, acknowledged,
//! delivered, confirmed, some blocked or declined) and 2,000,000 prompt asks (1,000 people a
//! team, four rounds a week for ten years, nearly all answered), built through the store's bulk
//! path. Then, as after a restart: the time to open it, `list open` and `show REQ-n` through the
//! bot (p50 and p99), the bytes on disk per request, and the resident memory of this process
//! with a 32 MiB page cache (`cache_mb = 32`).
//!
//! Run with `cargo bench --bench scale` (minutes: most of it is building the store). With
//! `TANDEM_SCALE=N` it builds N requests and N × 2 asks instead; with `TANDEM_BENCH_DIR` the
//! store is kept there and reused by the next run. It prints figures; it asserts nothing.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};
use chrono_tz::Asia::Kolkata;
use tandem::bot::{Bot, Incoming, Outcome};
use tandem::clock::ManualClock;
use tandem::config::{Env, Settings};
use tandem::domain::{
    Action, Ask, Identity, Kinds, NewRequest, Person, Request, RequestId, RoundKey, Text, Title,
};
use tandem::store::{SledStore, Store, StoreOptions};

const PEOPLE_PER_TEAM: usize = 1_000;
const REQUESTS: usize = 1_000_000;
/// Asks a week: two rounds of two prompts (one a team) for 1,000 people each.
const ASKS_PER_WEEK: usize = 4 * PEOPLE_PER_TEAM;
const BATCH: usize = 1_000;
const LIST_RUNS: usize = 200;
const SHOW_RUNS: usize = 2_000;
const CACHE: u64 = 32 * 1024 * 1024;

fn main() {
    let requests = std::env::var("TANDEM_SCALE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(REQUESTS);
    let weeks = (2 * requests).div_ceil(ASKS_PER_WEEK);
    let settings = Arc::new(settings());
    let end = monday_nine();
    let temp = tempfile::tempdir().expect("temp dir");
    let kept = std::env::var_os("TANDEM_BENCH_DIR").map(std::path::PathBuf::from);
    let path = kept.map_or(temp.path().join("scale"), |k| k.join("scale"));
    {
        let store = open(&path);
        if store
            .request(RequestId::new(1).expect("id"))
            .expect("read")
            .is_none()
        {
            let started = Instant::now();
            populate(store.as_ref(), &settings, end, requests, weeks);
            println!(
                "(built {requests} requests and {} asks in {:.0} s)",
                weeks * ASKS_PER_WEEK,
                started.elapsed().as_secs_f64()
            );
        }
    }
    let bytes = disk_bytes(&path);
    println!(
        "on disk: {:.0} MiB, {:.0} bytes per request (asks included)",
        bytes as f64 / (1024.0 * 1024.0),
        bytes as f64 / requests as f64
    );
    // As after a restart. sled 0.34 writes its snapshot (the page table) only while it opens,
    // after reading its log from the last snapshot on: the first open after the build reads
    // the whole log, the next ones only what was written since the open before.
    let first = timed_open(&path);
    println!("open after a restart (sled reads the log written since its last open): {first:.2} s");
    let sled_alone = {
        std::thread::sleep(StdDuration::from_millis(500));
        let started = Instant::now();
        let db = sled::Config::new()
            .path(&path)
            .cache_capacity(CACHE)
            .open()
            .expect("sled opens");
        let took = started.elapsed().as_secs_f64();
        drop(db);
        took
    };
    let again = timed_open(&path);
    println!(
        "open again, nothing written since: {again:.2} s (sled alone {sled_alone:.2} s, so Tandem's own work about {:.2} s)",
        (again - sled_alone).max(0.0)
    );
    std::thread::sleep(StdDuration::from_millis(500));
    let store = open(&path);
    let bot = Bot::new(settings, store, Arc::new(ManualClock::at(end)));
    let (list, open) = timed(LIST_RUNS, |_| {
        let reply = bot.handle_blocking(&say("M1", "list open"));
        assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
        reply.text().lines().next().unwrap_or_default().to_string()
    });
    report(&format!("list open ({open})"), &list);
    let (show, _) = timed(SHOW_RUNS, |n| {
        let id = 1 + (n * 7_919 * 104_729) % requests;
        let reply = bot.handle_blocking(&say("M1", &format!("show REQ-{id}")));
        assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
        String::new()
    });
    report("show REQ-n", &show);
    println!("resident memory: {} MiB (page cache 32 MiB)", rss_mib());
}

/// Opens and closes the store as `tandem serve` would; seconds it took to open.
fn timed_open(path: &Path) -> f64 {
    // sled lets its file lock go from a background thread.
    std::thread::sleep(StdDuration::from_millis(500));
    let started = Instant::now();
    let store = open(path);
    let took = started.elapsed().as_secs_f64();
    drop(store);
    took
}

fn open(path: &Path) -> Arc<dyn Store> {
    let options = StoreOptions {
        cache_capacity: CACHE,
        ..StoreOptions::at(path)
    };
    Arc::new(SledStore::open(&options).expect("open store"))
}

/// Runs `f` `runs` times; the latencies, and what the last run said.
fn timed(runs: usize, f: impl Fn(usize) -> String) -> (Vec<StdDuration>, String) {
    let mut latencies = Vec::with_capacity(runs);
    let mut said = String::new();
    for n in 0..runs {
        let t = Instant::now();
        said = f(n);
        latencies.push(t.elapsed());
    }
    (latencies, said)
}

fn report(what: &str, latencies: &[StdDuration]) {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let pick = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    let ms = |d: StdDuration| d.as_secs_f64() * 1e3;
    println!(
        "{what:<45} p50 {:>7.2} ms   p99 {:>7.2} ms",
        ms(pick(0.5)),
        ms(pick(0.99))
    );
}

fn say(name: &str, text: &str) -> Incoming {
    Incoming {
        from: Identity::Name(name.into()),
        text: text.into(),
    }
}

fn disk_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        total += match path.is_dir() {
            true => disk_bytes(&path),
            false => entry.metadata().map(|m| m.len()).unwrap_or(0),
        };
    }
    total
}

fn rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    kib / 1024
}

/// 1,000 people in Sales and 1,000 in Marketing, all in Kolkata; two prompts a team.
fn settings() -> Settings {
    let mut text = String::from(
        "timezone = \"Asia/Kolkata\"\n[channels]\nsales = { slack = \"C1\" }\nmarketing = { slack = \"C2\" }\njoint = { slack = \"C3\" }\n",
    );
    for (team, prefix) in [("sales", "S"), ("marketing", "M")] {
        for n in 0..PEOPLE_PER_TEAM {
            let role = if n == 0 { "lead" } else { "member" };
            text.push_str(&format!(
                "[[people]]\nname = \"{prefix}{n}\"\nteam = \"{team}\"\nrole = \"{role}\"\n"
            ));
        }
    }
    for (id, team, cron) in [
        ("market-pulse", "sales", "0 0 16 * * Fri"),
        ("wins", "sales", "0 0 11 * * Tue"),
        ("field-needs", "marketing", "0 0 16 * * Fri"),
        ("plans", "marketing", "0 0 11 * * Tue"),
    ] {
        text.push_str(&format!(
            "[[prompts]]\nid = \"{id}\"\nteam = \"{team}\"\ncron = \"{cron}\"\nquestions = [\"What did you see in the market this week?\", \"What would help you most next week?\"]\n"
        ));
    }
    Settings::from_toml(&text, Path::new("bench.toml"), &Env::default()).expect("valid")
}

fn monday_nine() -> DateTime<Utc> {
    Kolkata
        .with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
        .single()
        .expect("valid")
        .with_timezone(&Utc)
}

fn person(settings: &Settings, prefix: &str, n: usize) -> Person {
    let name = format!("{prefix}{}", n % PEOPLE_PER_TEAM);
    settings.people.by_name(&name).cloned().expect("configured")
}

/// Request `i` counts back from `end` over ten years; steps after `end` have not happened.
fn request(settings: &Settings, i: usize, end: DateTime<Utc>, count: usize) -> Request {
    let step = Duration::milliseconds(10 * 365 * 86_400_000 / count as i64);
    let filed = end - step * (i as i32 + 1);
    let new = NewRequest {
        kind: Kinds::default().parse("pos").expect("kind"),
        title: Title::parse(&format!("Shelf talkers {i}")).expect("title"),
        quantity: None,
        market: None,
        needed_by: Some(filed.date_naive() + Duration::days(14 + (i % 21) as i64)),
    };
    let id = RequestId::new(i as u64 + 1).expect("id");
    let mut request = Request::file(id, new, person(settings, "S", i).name, filed);
    let marketer = person(settings, "M", 1 + i % (PEOPLE_PER_TEAM - 1));
    let requester = person(settings, "S", i);
    let ack = filed + Duration::hours(1 + (i * 37 % 47) as i64);
    let deliver = ack + Duration::hours(24 + (i * 53 % 200) as i64);
    let reason = || Text::parse("vendor at capacity", tandem::domain::Input::Reason).expect("text");
    let mut steps = vec![(ack, &marketer, Action::Acknowledge)];
    match i % 20 {
        0 => steps.push((
            ack + Duration::hours(2),
            &marketer,
            Action::Decline { reason: reason() },
        )),
        1 => {
            steps.push((
                ack + Duration::hours(2),
                &marketer,
                Action::Block { reason: reason() },
            ));
            steps.push((ack + Duration::days(2), &marketer, Action::Start));
            steps.push((
                deliver + Duration::days(2),
                &marketer,
                Action::Deliver { note: None },
            ));
        }
        _ => steps.push((deliver, &marketer, Action::Deliver { note: None })),
    }
    if !i.is_multiple_of(20) {
        let confirm = Action::Confirm {
            rating: "4".parse().ok(),
            note: None,
        };
        steps.push((deliver + Duration::days(3), &requester, confirm));
    }
    for (at, who, action) in steps.into_iter().filter(|(at, _, _)| *at < end) {
        request.act(who, action, at).expect("a valid step");
    }
    request
}

/// The asks of week `w` back from `end`: Friday 16:00 and Tuesday 11:00, both teams, all
/// answered two hours later (when that is before `end`).
fn asks(settings: &Settings, w: usize, end: DateTime<Utc>) -> Vec<Ask> {
    let monday = end.with_timezone(&Kolkata).date_naive() - Duration::weeks(w as i64 + 1);
    let mut found = Vec::with_capacity(ASKS_PER_WEEK);
    for (weekday, hour, prompts) in [
        (Weekday::Fri, 16, ["market-pulse", "field-needs"]),
        (Weekday::Tue, 11, ["wins", "plans"]),
    ] {
        let day = (0..7)
            .map(|d| monday + Duration::days(d))
            .find(|d| d.weekday() == weekday);
        let local = day.and_then(|d| d.and_hms_opt(hour, 0, 0)).expect("a day");
        let sent = Kolkata
            .from_local_datetime(&local)
            .single()
            .expect("no DST in Kolkata")
            .with_timezone(&Utc);
        for (team, prompt) in ["S", "M"].into_iter().zip(prompts) {
            let questions = settings.prompt(prompt).expect("prompt").questions.clone();
            for n in 0..PEOPLE_PER_TEAM {
                let who = person(settings, team, n);
                let round = RoundKey {
                    prompt: prompt.into(),
                    local,
                };
                let mut ask = Ask::new(round, who.name, who.team, questions.clone(), sent);
                let answered = sent + Duration::hours(2);
                if answered < end {
                    let one = Text::parse(
                        &format!("Customers in market {n} ask for smaller packs"),
                        tandem::domain::Input::Answer,
                    )
                    .expect("text");
                    let two =
                        Text::parse("More samples", tandem::domain::Input::Answer).expect("text");
                    ask.answer(&[(1, one), (2, two)], answered).expect("valid");
                }
                found.push(ask);
            }
        }
    }
    found
}

/// Imports the requests and the asks in batches, from two threads.
fn populate(
    store: &dyn Store,
    settings: &Settings,
    end: DateTime<Utc>,
    requests: usize,
    weeks: usize,
) {
    let next = AtomicUsize::new(0);
    let batches = requests.div_ceil(BATCH);
    let jobs = batches + weeks;
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let job = next.fetch_add(1, Ordering::Relaxed);
                    if job >= jobs {
                        break;
                    }
                    if job < batches {
                        let range = job * BATCH..((job + 1) * BATCH).min(requests);
                        let batch: Vec<Request> =
                            range.map(|i| request(settings, i, end, requests)).collect();
                        let written = store.import(&batch, &[]).expect("imported");
                        store.durable_blocking(written).expect("on disk");
                    } else {
                        let week = asks(settings, job - batches, end);
                        for chunk in week.chunks(BATCH) {
                            let written = store.import(&[], chunk).expect("imported");
                            store.durable_blocking(written).expect("on disk");
                        }
                    }
                }
            });
        }
    });
}
