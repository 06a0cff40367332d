//! Store cases for plans, run against both stores: a name taken once, a stale save refused,
//! the open index that forgets agreed plans, and reminders marked in a scheduler step.

use chrono::{Duration, NaiveDate};
use tandem::domain::plan::{Member, Plan, PlanName};
use tandem::domain::{Input, PersonName, Team, Text};
use tandem::message::{Destination, Message, Op, Outgoing};
use tandem::store::{
    JobMark, PlanWrite, ScheduleWrite, SledStore, Store, StoreError, StoreOptions,
};

use crate::helpers::{monday, person};

fn on_disk(store: &dyn Store, written: Result<tandem::store::Ticket, StoreError>) {
    store
        .durable_blocking(written.expect("written"))
        .expect("on disk");
}

fn name(text: &str) -> PlanName {
    PlanName::parse(text).expect("name")
}

fn new_plan(text: &str) -> Plan {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    Plan::open(
        name(text),
        today + Duration::days(10),
        vec!["Products".into()],
        15,
        vec![Member {
            person: PersonName::new("Asha"),
            team: Team::Sales,
        }],
        &person("Meera"),
        monday(),
        today,
    )
    .expect("opened")
}

fn note(text: &str) -> Outgoing {
    Outgoing {
        to: Destination::Person(PersonName::new("Asha")),
        op: Op::Post,
        message: Message::text(text),
    }
}

fn queued(store: &dyn Store) -> usize {
    store
        .outbox_due(chrono::DateTime::<chrono::Utc>::MAX_UTC, 100)
        .expect("due")
        .len()
}

fn a_plan_name_is_taken_once_and_its_messages_go_with_it(store: &dyn Store) {
    let plan = new_plan("fy27");
    on_disk(store, store.add_plan(&plan, &[note("opened")], monday()));
    assert!(matches!(
        store.add_plan(&plan, &[note("again")], monday()),
        Err(StoreError::Conflict)
    ));
    assert_eq!(queued(store), 1, "the refused one queued nothing");
    assert_eq!(store.plan(&name("fy27")).expect("read"), Some(plan));
    assert_eq!(store.plans().expect("all").len(), 1);
}

fn a_stale_plan_save_is_refused_and_an_agreed_plan_leaves_the_open_index(store: &dyn Store) {
    on_disk(store, store.add_plan(&new_plan("fy27"), &[], monday()));
    on_disk(store, store.add_plan(&new_plan("fy28"), &[], monday()));
    let stored = store.plan(&name("fy27")).expect("read").expect("there");
    let mut changed = stored.clone();
    let text = Text::parse("Masala Mix", Input::PlanText).expect("text");
    changed
        .write_draft(&person("Rohan"), 1, text, monday())
        .expect("draft");
    let write = PlanWrite::next(changed);
    on_disk(store, store.save_plan(&write, &[note("drafted")], monday()));
    assert!(matches!(
        store.save_plan(&PlanWrite::next(stored), &[note("stale")], monday()),
        Err(StoreError::Conflict)
    ));
    assert_eq!(queued(store), 1);
    let mut agreed = write.plan.clone();
    agreed
        .sign(&person("Meera"), None, monday())
        .expect("signed");
    agreed
        .sign(&person("Rohan"), None, monday())
        .expect("agreed");
    on_disk(
        store,
        store.save_plan(&PlanWrite::next(agreed), &[], monday()),
    );
    let open: Vec<String> = store
        .open_plans()
        .expect("open")
        .iter()
        .map(|p| p.name.to_string())
        .collect();
    assert_eq!(open, vec!["fy28"]);
    assert_eq!(store.plans().expect("all").len(), 2);
}

fn a_scheduler_step_marks_reminders_in_the_plan_with_its_messages(store: &dyn Store) {
    on_disk(store, store.add_plan(&new_plan("fy27"), &[], monday()));
    let mut plan = store.plan(&name("fy27")).expect("read").expect("there");
    plan.reminded.push(PersonName::new("Asha"));
    let mut write = ScheduleWrite::new(monday());
    write.jobs.push(JobMark {
        job: "planning".into(),
        previous: None,
        due: monday(),
    });
    write.plans.push(PlanWrite::next(plan.clone()));
    write.outgoing.push(note("reminder"));
    on_disk(store, store.commit_schedule(&write));
    let stored = store.plan(&name("fy27")).expect("read").expect("there");
    assert_eq!(stored.reminded, vec![PersonName::new("Asha")]);
    assert_eq!(queued(store), 1);
    // The same step again is refused whole: its job mark and its plan are stale.
    assert!(matches!(
        store.commit_schedule(&write),
        Err(StoreError::Conflict)
    ));
    assert_eq!(queued(store), 1);
}

store_suite!(
    a_plan_name_is_taken_once_and_its_messages_go_with_it,
    a_stale_plan_save_is_refused_and_an_agreed_plan_leaves_the_open_index,
    a_scheduler_step_marks_reminders_in_the_plan_with_its_messages,
);

#[test]
fn plans_survive_a_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    {
        let store = SledStore::open(&options).expect("open");
        let ticket = store
            .add_plan(&new_plan("fy27"), &[], monday())
            .expect("added");
        store.durable_blocking(ticket).expect("on disk");
    }
    let store = SledStore::open(&options).expect("reopen");
    assert!(store.plan(&name("fy27")).expect("read").is_some());
    assert_eq!(store.open_plans().expect("open").len(), 1);
}
