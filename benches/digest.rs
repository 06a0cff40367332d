//! Figures for the loop on sled: the digest of one week out of five years of synthetic history
//! (2,000 people, 500,000 requests, 2,000,000 answers, a launch review a week with 200 answers
//! each) against the same week out of one year, and one scheduler step that enqueues 2,000
//! prompt DMs.
//!
//! Also the month's scorecard (`tandem report`), as an HTML page and as a PNG card.
//!
//! Run with `cargo bench --bench digest`. It prints figures; it asserts nothing about speed.
//! The history is written through `Store::import` (the store's bulk path) from two threads.
//! With `TANDEM_BENCH_DIR` set, the stores are kept there and reused by the next run (the
//! prompt step then runs on a copy of what the last run left, so run it on fresh stores for
//! figures to report).

use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Asia::Kolkata;
use tandem::bot::Bot;
use tandem::clock::ManualClock;
use tandem::config::{Env, Settings};
use tandem::domain::facts::Facts;
use tandem::domain::review::Asked;
use tandem::domain::{
    Action, Ask, Given, Input, Kinds, Launch, LaunchName, NewLaunch, NewRequest, Person,
    PersonName, Request, RequestId, Review, RoundKey, Team, Text, Title,
};
use tandem::schedule::Scheduler;
use tandem::store::{LaunchWrite, SledStore, Store, StoreOptions};

const PEOPLE_PER_TEAM: usize = 1_000;
const REQUESTS_5Y: usize = 500_000;
const REQUESTS_1Y: usize = 100_000;
/// Two rounds a week for everyone: 261 weeks × 2 × 2,000 = 1,044,000 asks, of which
/// 1,000,000 are answered (two answers each: 2,000,000 answers).
const WEEKS_5Y: i64 = 261;
const WEEKS_1Y: i64 = 52;
const ANSWERED_PER_1044: usize = 1_000;
const BATCH: usize = 1_000;
/// Each weekly launch review has this many answers from each team.
const REVIEW_ANSWERS_PER_TEAM: usize = 100;
const RUNS: usize = 31;

fn main() {
    let settings = Arc::new(settings());
    let end = monday_nine();
    let mut figures = Vec::new();
    let kept = std::env::var_os("TANDEM_BENCH_DIR").map(std::path::PathBuf::from);
    for (label, requests, weeks) in [
        ("5 years", REQUESTS_5Y, WEEKS_5Y),
        ("1 year", REQUESTS_1Y, WEEKS_1Y),
    ] {
        let temp = tempfile::tempdir().expect("temp dir");
        let path = kept.as_ref().map_or(temp.path().to_path_buf(), |k| {
            k.join(label.replace(' ', ""))
        });
        let store = open(&path);
        let fresh = store
            .request(RequestId::new(1).expect("id"))
            .expect("read")
            .is_none();
        if fresh {
            let started = Instant::now();
            populate(store.as_ref(), &settings, end, requests, weeks);
            launches(store.as_ref(), end, weeks);
            println!(
                "(stored {label}: {requests} requests, {} asks, {weeks} closed launch reviews of {} answers in {:.0} s)",
                weeks as usize * 2 * 2 * PEOPLE_PER_TEAM,
                2 * REVIEW_ANSWERS_PER_TEAM,
                started.elapsed().as_secs_f64()
            );
        }
        // Measure as after a restart, not while the writes of the import are still settling.
        drop(store);
        let store = open(&path);
        let bot = Bot::new(
            settings.clone(),
            store.clone(),
            Arc::new(ManualClock::at(end)),
        );
        let (median, best, digest) = time_digest(&bot, end);
        println!(
            "digest of one week, {label:<8} median {:>6.1} ms   best {:>6.1} ms   ({} request steps, {} overdue, {} asks)",
            ms(median),
            ms(best),
            digest.0,
            digest.1,
            digest.2
        );
        figures.push(median);
        time_scorecard(&bot);
        phases(&bot, end);
        if requests == REQUESTS_5Y && fresh {
            time_prompts(bot, end);
        } else if requests == REQUESTS_5Y {
            println!("(prompt step skipped: this kept store sent its prompts in an earlier run)");
        }
    }
    println!("5 years / 1 year: {:.2}×", ms(figures[0]) / ms(figures[1]));
}

fn ms(d: StdDuration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn open(path: &std::path::Path) -> Arc<dyn Store> {
    let options = StoreOptions {
        cache_capacity: 256 * 1024 * 1024,
        ..StoreOptions::at(path)
    };
    Arc::new(SledStore::open(&options).expect("open store"))
}

/// 1,000 people in Sales and 1,000 in Marketing (one lead each), all in Kolkata; a prompt per
/// team on Fridays 16:00 and another on Tuesdays 11:00.
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
    text.push_str("[digest]\ncron = \"0 0 9 * * Mon\"\nchannel = \"joint\"\n");
    Settings::from_toml(&text, std::path::Path::new("bench.toml"), &Env::default()).expect("valid")
}

/// Monday 30 November 2026, 09:00 in Kolkata: the end of the measured week.
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

/// Request `i` counts back from `end`: the newest is 0. Its steps that would come after
/// `end` have not happened yet.
fn request(settings: &Settings, i: usize, end: DateTime<Utc>) -> Request {
    let step = Duration::milliseconds(5 * 365 * 86_400_000 / REQUESTS_5Y as i64);
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

/// The asks of week `w` back from `end` (round 0 on Friday 16:00, round 1 on Tuesday 11:00).
fn asks(settings: &Settings, w: i64, end: DateTime<Utc>) -> Vec<Ask> {
    let monday = end.with_timezone(&Kolkata).date_naive() - Duration::weeks(w + 1);
    let mut found = Vec::new();
    for (weekday, hour, prompts) in [
        (Weekday::Fri, 16, ["market-pulse", "field-needs"]),
        (Weekday::Tue, 11, ["wins", "plans"]),
    ] {
        let day = (0..7)
            .map(|d| monday + Duration::days(d))
            .find(|d| d.weekday() == weekday);
        let local = day
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("a day in the week");
        let sent = Kolkata
            .from_local_datetime(&local)
            .single()
            .expect("no DST in Kolkata")
            .with_timezone(&Utc);
        for (team, prompt) in ["S", "M"].into_iter().zip(prompts) {
            for n in 0..PEOPLE_PER_TEAM {
                found.push(ask(
                    settings,
                    person(settings, team, n),
                    prompt,
                    local,
                    sent,
                    w,
                    n,
                    end,
                ));
            }
        }
    }
    found
}

#[allow(clippy::too_many_arguments)]
fn ask(
    settings: &Settings,
    who: Person,
    prompt: &str,
    local: chrono::NaiveDateTime,
    sent: DateTime<Utc>,
    w: i64,
    n: usize,
    end: DateTime<Utc>,
) -> Ask {
    let questions = settings.prompt(prompt).expect("prompt").questions.clone();
    let round = RoundKey {
        prompt: prompt.into(),
        local,
    };
    let mut ask = Ask::new(round, who.name, who.team, questions, sent);
    let answered_at = sent + Duration::hours(2);
    if (w as usize * 7 + n) % 1_044 < ANSWERED_PER_1044 && answered_at < end {
        let one = Text::parse(
            &format!("Customers in market {n} ask for smaller packs"),
            tandem::domain::Input::Answer,
        )
        .expect("text");
        let two = Text::parse(
            "More samples for the weekend",
            tandem::domain::Input::Answer,
        )
        .expect("text");
        ask.answer(&[(1, one), (2, two)], answered_at)
            .expect("valid");
    }
    ask
}

fn populate(
    store: &dyn Store,
    settings: &Settings,
    end: DateTime<Utc>,
    requests: usize,
    weeks: i64,
) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let jobs = requests.div_ceil(BATCH) + weeks as usize;
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let job = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if job >= jobs {
                        break;
                    }
                    let batches = requests.div_ceil(BATCH);
                    if job < batches {
                        let range = job * BATCH..((job + 1) * BATCH).min(requests);
                        let batch: Vec<Request> =
                            range.map(|i| request(settings, i, end)).collect();
                        let written = store.import(&batch, &[]).expect("imported");
                        store.durable_blocking(written).expect("on disk");
                    } else {
                        let week = asks(settings, (job - batches) as i64, end);
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

/// A launch a week, each with a review closed three days before the end of its week (the
/// newest one in the measured week), with `REVIEW_ANSWERS_PER_TEAM` answers from each team.
fn launches(store: &dyn Store, end: DateTime<Utc>, weeks: i64) {
    let questions: Vec<String> = tandem::config::DEFAULT_QUESTIONS.map(String::from).to_vec();
    let causes: Vec<String> = tandem::config::DEFAULT_CAUSES.map(String::from).to_vec();
    for w in 0..weeks {
        let closed_at = end - Duration::weeks(w) - Duration::days(3);
        let opened_at = closed_at - Duration::days(7);
        let new = NewLaunch {
            name: LaunchName::parse(&format!("launch-{w}")).expect("name"),
            on: (opened_at - Duration::days(30)).date_naive(),
            markets: vec![Text::parse("Pune West", Input::Market).expect("text")],
            title: Text::parse("Festive packs", Input::Title).ok(),
        };
        let mut launch = Launch::new(new, PersonName::new("M0"), opened_at);
        let written = store.add_launch(&launch, &[], opened_at).expect("added");
        store.durable_blocking(written).expect("on disk");
        let mut review = Review {
            opened_by: Some(PersonName::new("S0")),
            opened_at,
            closes_on: closed_at.date_naive(),
            closes_at: closed_at,
            questions: questions.clone(),
            causes: causes.clone(),
            anonymous: false,
            facts: Facts::default(),
            asked: Vec::new(),
            answers: Vec::new(),
            reminded: Vec::new(),
            closed: None,
        };
        for (team, prefix) in [(Team::Sales, "S"), (Team::Marketing, "M")] {
            for n in 0..REVIEW_ANSWERS_PER_TEAM {
                let person = PersonName::new(format!("{prefix}{n}"));
                review.asked.push(Asked {
                    person: person.clone(),
                    team,
                });
                let text = Text::parse(
                    &format!("In market {n} the packs sold slower than hoped"),
                    Input::Answer,
                )
                .expect("text");
                let given = Given {
                    answers: (1..=questions.len()).map(|q| (q, text.clone())).collect(),
                    cause: Some(causes[n % causes.len()].clone()),
                    score: "3".parse().ok(),
                };
                let name = launch.name.to_string();
                review
                    .answer(&name, &person, &given, opened_at + Duration::hours(1))
                    .expect("answered");
            }
        }
        review
            .close(launch.name.as_str(), None, Facts::default(), closed_at)
            .expect("closed");
        launch.review = Some(review);
        let written = store
            .save_launch(&LaunchWrite::next(launch), &[], closed_at)
            .expect("saved");
        store.durable_blocking(written).expect("on disk");
    }
}

/// The median and best of `RUNS` digests after one warm-up, and what the last one read.
fn time_digest(bot: &Bot, end: DateTime<Utc>) -> (StdDuration, StdDuration, (usize, usize, usize)) {
    let store = bot.store();
    let week = end - Duration::days(7);
    let read = (
        store.request_steps_between(week, end).expect("read").len(),
        store
            .requests_due_before(end.date_naive())
            .expect("read")
            .len(),
        store.asks_between(week, end).expect("read").len(),
    );
    // The first digest on a store that has kept no week's medians yet (once per store: a
    // scheduled digest keeps the 11 weeks before its own, and each later one reads them).
    for (key, _) in store.kv_scan("digest.week").expect("read") {
        // Only this process reads the store: whether the removal is on disk yet does not matter.
        let _ = store.kv_remove("digest.week", &key).expect("forget");
    }
    let t = Instant::now();
    bot.digest_message(end).expect("warm-up");
    eprintln!(
        "    (the first digest, with no week kept yet: {:.1} ms)",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let mut times: Vec<StdDuration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            bot.digest_message(end).expect("digest");
            t.elapsed()
        })
        .collect();
    times.sort();
    (times[RUNS / 2], times[0], read)
}

/// The month's scorecard (the month of `end`, beside the one before, with 12 weeks of
/// trends): reading and drawing the HTML page, and the PNG card.
fn time_scorecard(bot: &Bot) {
    let time = |f: &dyn Fn()| {
        f();
        let mut times: Vec<StdDuration> = (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        times.sort();
        (times[RUNS / 2], times[0])
    };
    let (html, html_best) = time(&|| {
        let report = bot.report_of(None).expect("scorecard");
        std::hint::black_box(report.html());
    });
    let (png, png_best) = time(&|| {
        let report = bot.report_of(None).expect("scorecard");
        std::hint::black_box(report.png().expect("png"));
    });
    println!(
        "    scorecard of the month: HTML median {:>6.1} ms (best {:.1}), PNG median {:>6.1} ms (best {:.1})",
        ms(html),
        ms(html_best),
        ms(png),
        ms(png_best)
    );
}

/// How long each read of the digest takes, once.
fn phases(bot: &Bot, end: DateTime<Utc>) {
    let store = bot.store();
    let week = end - Duration::days(7);
    let t = Instant::now();
    store.request_steps_between(week, end).expect("read");
    let active = t.elapsed();
    let t = Instant::now();
    store.requests_due_before(end.date_naive()).expect("read");
    let overdue = t.elapsed();
    let t = Instant::now();
    store.asks_between(week, end).expect("read");
    let asks = t.elapsed();
    let t = Instant::now();
    let closed = store.reviews_closed_between(week, end).expect("read").len();
    let reviews = t.elapsed();
    println!(
        "    (reading: request steps of the week {:.1} ms, overdue {:.1} ms, asks {:.1} ms, \
         {closed} review(s) closed {:.1} ms)",
        ms(active),
        ms(overdue),
        ms(asks),
        ms(reviews)
    );
}

/// One scheduler step at Friday 16:00 that sends both Friday prompts to everyone.
fn time_prompts(bot: Bot, end: DateTime<Utc>) {
    let mut scheduler = Scheduler::new(bot);
    scheduler.tick(end).expect("arm the jobs");
    let friday: NaiveDate = (end + Duration::days(4))
        .with_timezone(&Kolkata)
        .date_naive();
    let at = Kolkata
        .from_local_datetime(&friday.and_hms_opt(16, 0, 0).expect("time"))
        .single()
        .expect("valid")
        .with_timezone(&Utc);
    let t = Instant::now();
    let report = scheduler.tick(at).expect("step");
    let took = t.elapsed();
    println!(
        "scheduler step enqueuing prompt DMs    {:>6.1} ms   ({} messages queued, {} jobs fired, durable)",
        ms(took),
        report.queued,
        report.fired.len()
    );
}
