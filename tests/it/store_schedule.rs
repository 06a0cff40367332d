//! Store cases for the scheduler, prompts and digest; run against both stores by the suite in
//! `store.rs`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use tandem::domain::{
    Action, AnswerId, Ask, Kinds, NewRequest, PersonName, Request, RequestId, RoundKey,
    SharedAnswer, StepKind, Team, Text, Title,
};
use tandem::message::{Destination, Message, Op, Outgoing};
use tandem::store::{
    AnswerWrite, JobMark, ReminderKind, ReminderMark, ScheduleWrite, Store, StoreError,
};

use crate::helpers::{monday, person};

fn dm(to: &str, text: &str) -> Outgoing {
    Outgoing {
        to: Destination::Person(PersonName::new(to)),
        op: Op::Post,
        message: Message::text(text),
    }
}

fn file(store: &dyn Store, at: DateTime<Utc>) -> Request {
    let build = |id: RequestId| {
        let new = NewRequest {
            kind: Kinds::default().parse("pos").expect("kind"),
            title: Title::parse("Talkers").expect("title"),
            quantity: None,
            market: None,
            needed_by: None,
        };
        (
            Request::file(id, new, PersonName::new("Asha"), at),
            Vec::new(),
        )
    };
    let (request, ticket) = store.file_request(&build).expect("filed");
    store.durable_blocking(ticket).expect("on disk");
    request
}

fn ask(person: &str, day: u32, at: DateTime<Utc>) -> Ask {
    let local = NaiveDate::from_ymd_opt(2026, 12, day)
        .and_then(|d| d.and_hms_opt(16, 0, 0))
        .expect("valid");
    let round = RoundKey {
        prompt: "market-pulse".into(),
        local,
    };
    let questions = vec!["What do customers say?".into(), "What helped?".into()];
    Ask::new(round, PersonName::new(person), Team::Sales, questions, at)
}

/// Request `n` as stored; it must exist.
pub fn stored(store: &dyn Store, n: u64) -> Request {
    store
        .request(RequestId::new(n).expect("id"))
        .expect("read")
        .expect("exists")
}

fn numbers(requests: &[Request]) -> Vec<u64> {
    requests.iter().map(|r| r.id.number()).collect()
}

pub fn request_steps_are_indexed_by_time_so_a_period_finds_what_happened_in_it(store: &dyn Store) {
    let day = |n: i64| monday() + Duration::days(n);
    file(store, day(0));
    let mut first = stored(store, 1);
    let priya = person("Priya");
    first
        .act(&priya, Action::Acknowledge, day(3))
        .expect("allowed");
    let reason = Text::parse("vendor", tandem::domain::Input::Reason).expect("text");
    // In the same millisecond: both steps are kept.
    first
        .act(&priya, Action::Block { reason }, day(3))
        .expect("allowed");
    let written = store.update_request(&first, 1, &[]).expect("saved");
    store.durable_blocking(written).expect("on disk");
    file(store, day(5));
    let between = |a, b| -> Vec<(u64, StepKind, bool)> {
        let steps = store.request_steps_between(day(a), day(b)).expect("read");
        steps
            .iter()
            .map(|s| (s.request.number(), s.kind, s.first_response))
            .collect()
    };
    assert_eq!(
        between(2, 4),
        vec![
            (1, StepKind::Acknowledged, true),
            (1, StepKind::Blocked, false)
        ],
        "acknowledged and blocked in the period"
    );
    assert_eq!(between(4, 6), vec![(2, StepKind::Filed, false)]);
    assert_eq!(between(0, 6).len(), 4, "every step once, in time order");
    assert!(between(6, 9).is_empty());
    assert!(between(3, 3).is_empty(), "an empty period");
    let steps = store.request_steps_between(day(2), day(4)).expect("read");
    assert_eq!(
        (steps[0].actor.as_str(), steps[0].after_filing),
        ("Priya", Duration::days(3))
    );
}

pub fn a_schedule_write_lands_whole_or_is_refused_as_a_conflict(store: &dyn Store) {
    let at = monday();
    let mut write = ScheduleWrite::new(at);
    write.jobs.push(JobMark {
        job: "digest".into(),
        previous: None,
        due: at,
    });
    write.asks.push(ask("Asha", 4, at));
    write.outgoing.push(dm("Asha", "questions"));
    let written = store.commit_schedule(&write).expect("first write");
    store.durable_blocking(written).expect("on disk");
    assert_eq!(store.job_last_due("digest").expect("read"), Some(at));
    assert_eq!(store.job_last_due("reminders").expect("read"), None);

    // A second scheduler that read the job before the first wrote it.
    let mut stale = ScheduleWrite::new(at);
    stale.jobs.push(JobMark {
        job: "digest".into(),
        previous: None,
        due: at + Duration::days(7),
    });
    stale.asks.push(ask("Vikram", 4, at));
    stale.outgoing.push(dm("Vikram", "questions"));
    let result = store.commit_schedule(&stale);
    assert!(matches!(result, Err(StoreError::Conflict)), "{result:?}");
    assert_eq!(store.job_last_due("digest").expect("read"), Some(at));
    assert_eq!(
        store.outbox_depth().expect("depth"),
        1,
        "nothing else was queued"
    );
    let vikram = store
        .latest_ask(&PersonName::new("Vikram"), "market-pulse")
        .expect("read");
    assert_eq!(vikram, None, "nor stored");
}

pub fn asks_are_found_by_person_round_time_and_reminder(store: &dyn Store) {
    let at = monday();
    let mut write = ScheduleWrite::new(at);
    write.asks.push(ask("Asha", 4, at));
    write.asks.push(ask("Asha", 11, at + Duration::days(7)));
    write.asks.push(ask("Vikram", 4, at + Duration::hours(1)));
    let written = store.commit_schedule(&write).expect("write");
    store.durable_blocking(written).expect("on disk");
    let asha = PersonName::new("Asha");
    let latest = store.latest_ask(&asha, "market-pulse").expect("read");
    assert_eq!(
        latest.map(|a| a.round.local.format("%d").to_string()),
        Some("11".into())
    );
    assert_eq!(store.latest_ask(&asha, "other").expect("read"), None);
    assert_eq!(store.pending_asks().expect("pending").len(), 3);

    let first = ask("Asha", 4, at);
    let mut settle = ScheduleWrite::new(at);
    settle.settled.push(first.key());
    settle.reminded.push(ReminderMark {
        subject: first.key().to_string(),
        person: asha.clone(),
        kind: ReminderKind::Prompt,
        day: at.date_naive(),
    });
    let written = store.commit_schedule(&settle).expect("write");
    store.durable_blocking(written).expect("on disk");
    let pending: Vec<String> = store
        .pending_asks()
        .expect("pending")
        .iter()
        .map(|a| a.key().to_string())
        .collect();
    assert_eq!(pending.len(), 2);
    assert!(!pending.contains(&first.key().to_string()));
    assert_eq!(
        store
            .reminders_of(&first.key().to_string(), &asha)
            .expect("marks"),
        vec![(ReminderKind::Prompt, at.date_naive())]
    );
    assert!(
        store
            .reminders_of("REQ-1", &asha)
            .expect("marks")
            .is_empty()
    );
    let sent_first_day = store
        .asks_between(at, at + Duration::days(1))
        .expect("read");
    assert_eq!(sent_first_day.len(), 2, "Asha's and Vikram's first round");
    assert_eq!(store.ask(&first.key()).expect("read"), Some(first));
}

pub fn an_answer_opens_its_round_once_and_a_stale_one_is_refused(store: &dyn Store) {
    let at = monday();
    let mut write = ScheduleWrite::new(at);
    write.asks.push(ask("Asha", 4, at));
    write.asks.push(ask("Vikram", 4, at));
    let written = store.commit_schedule(&write).expect("write");
    store.durable_blocking(written).expect("on disk");
    let later = at + Duration::days(3);
    let mut answered = ask("Asha", 4, at);
    answered
        .answer(
            &[(
                1,
                Text::parse("smaller packs", tandem::domain::Input::Answer).expect("text"),
            )],
            later,
        )
        .expect("valid");
    assert!(!store.round_opened(&answered.round).expect("read"));
    let save = AnswerWrite {
        ask: answered.clone(),
        expected_revision: 0,
        opens_round: true,
        outgoing: vec![dm("Priya", "card")],
        at: later,
    };
    let share = |id: AnswerId| {
        let shared = SharedAnswer::of(id, &answered, &[1], later);
        (shared, vec![dm("Priya", "answer")])
    };
    let (shared, written) = store.save_answer(&save, &share).expect("saved");
    store.durable_blocking(written).expect("on disk");
    assert_eq!(shared.id.to_string(), "ANS-1");
    assert_eq!(shared.words, "1. What do customers say? — smaller packs");
    assert_eq!(
        store.shared_answer(shared.id).expect("read"),
        Some(shared.clone())
    );
    assert!(store.round_opened(&answered.round).expect("read"));
    assert_eq!(
        store.ask(&answered.key()).expect("read"),
        Some(answered.clone())
    );
    assert_eq!(store.outbox_depth().expect("depth"), 2);

    let again = store.save_answer(&save, &share);
    assert!(
        matches!(again, Err(StoreError::Conflict)),
        "a stale revision"
    );
    let mut vikram = ask("Vikram", 4, at);
    vikram
        .answer(
            &[(
                2,
                Text::parse("posters", tandem::domain::Input::Answer).expect("text"),
            )],
            later,
        )
        .expect("valid");
    let opens_again = AnswerWrite {
        ask: vikram.clone(),
        expected_revision: 0,
        opens_round: true,
        outgoing: vec![dm("Priya", "second card")],
        at: later,
    };
    let share_vikram = |id: AnswerId| {
        let shared = SharedAnswer::of(id, &vikram, &[2], later);
        (shared, Vec::new())
    };
    assert!(matches!(
        store.save_answer(&opens_again, &share_vikram),
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store.outbox_depth().expect("depth"),
        2,
        "refused writes queue nothing"
    );
    let (second, written) = store
        .save_answer(
            &AnswerWrite {
                opens_round: false,
                ..opens_again.clone()
            },
            &share_vikram,
        )
        .expect("saved into the open round");
    store.durable_blocking(written).expect("on disk");
    assert_eq!(
        second.id.to_string(),
        "ANS-2",
        "a refused answer takes no number"
    );
    let since = store.shared_answers_since(later).expect("read");
    assert_eq!(since, vec![shared, second]);
    assert!(
        store
            .shared_answers_since(later + Duration::seconds(1))
            .expect("read")
            .is_empty()
    );
    assert!(
        store.pending_asks().expect("pending").is_empty(),
        "answered asks wait no more"
    );
    let answered_then = store
        .asks_between(later, later + Duration::minutes(1))
        .expect("read");
    assert_eq!(
        answered_then.len(),
        2,
        "found by the time of their first answer"
    );
}

pub fn an_import_stores_history_with_its_indexes_and_numbering_continues(store: &dyn Store) {
    let at = monday();
    let new = || NewRequest {
        kind: Kinds::default().parse("pop").expect("kind"),
        title: Title::parse("Imported").expect("title"),
        quantity: None,
        market: None,
        needed_by: None,
    };
    let requests: Vec<Request> = (1..=3)
        .map(|n| {
            let id = RequestId::new(n).expect("id");
            Request::file(
                id,
                new(),
                PersonName::new("Asha"),
                at + Duration::days(n as i64),
            )
        })
        .collect();
    let written = store
        .import(&requests, &[ask("Asha", 4, at)])
        .expect("imported");
    store.durable_blocking(written).expect("on disk");
    let steps = store
        .request_steps_between(at, at + Duration::days(10))
        .expect("read");
    let filed: Vec<u64> = steps.iter().map(|s| s.request.number()).collect();
    assert_eq!(filed, vec![1, 2, 3]);
    assert_eq!(
        store
            .asks_between(at, at + Duration::days(1))
            .expect("read")
            .len(),
        1
    );
    assert!(
        store.pending_asks().expect("pending").is_empty(),
        "history waits for nothing"
    );
    assert_eq!(file(store, at).id.number(), 4);
    assert!(matches!(
        store.import(&requests[..1], &[]),
        Err(StoreError::Conflict)
    ));
}

pub fn the_needed_by_index_finds_requests_past_their_date_until_delivered(store: &dyn Store) {
    let at = monday();
    let today = at.date_naive();
    for days in [-3, -1, 0, 5] {
        let build = |id: RequestId| {
            let new = NewRequest {
                kind: Kinds::default().parse("pos").expect("kind"),
                title: Title::parse("Talkers").expect("title"),
                quantity: None,
                market: None,
                needed_by: Some(today + Duration::days(days)),
            };
            (
                Request::file(id, new, PersonName::new("Asha"), at),
                Vec::new(),
            )
        };
        let (_, written) = store.file_request(&build).expect("filed");
        store.durable_blocking(written).expect("on disk");
    }
    file(store, at); // no needed-by date
    assert_eq!(
        numbers(&store.requests_due_before(today).expect("read")),
        vec![1, 2]
    );
    let mut second = stored(store, 2);
    let priya = person("Priya");
    second
        .act(&priya, Action::Deliver { note: None }, at)
        .expect("allowed");
    let written = store.update_request(&second, 1, &[]).expect("saved");
    store.durable_blocking(written).expect("on disk");
    assert_eq!(
        numbers(&store.requests_due_before(today).expect("read")),
        vec![1],
        "a delivered request is not overdue"
    );
    let later = today + Duration::days(6);
    assert_eq!(
        numbers(&store.requests_due_before(later).expect("read")),
        vec![1, 3, 4]
    );
}
