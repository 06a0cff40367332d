//! Store cases for pairing; run against both stores by the suite in `store.rs`.

use chrono::{DateTime, Duration, Utc};
use tandem::domain::PersonName;
use tandem::domain::pairing::{
    Check, Level, MetAnswer, Pair, PairId, PairRound, PairingPerson, RoundKind,
};
use tandem::message::{Destination, Message, Op, Outgoing};
use tandem::store::{
    JobMark, PairChange, PairingWrite, ScheduleWrite, StandingChange, Store, StoreError,
};

use crate::helpers::monday;

fn names(list: &[&str]) -> Vec<PersonName> {
    list.iter().map(|n| PersonName::new(*n)).collect()
}

fn round(number: u64, first_pair: u64, pairs: u64) -> PairRound {
    let at = monday() + Duration::weeks(2 * (number as i64 - 1));
    PairRound {
        number,
        kind: RoundKind::of_round(number, true),
        due_local: at.naive_utc(),
        formed_at: at,
        check_at: at + Duration::days(7),
        first_pair,
        pairs,
        sat_out: Vec::new(),
    }
}

fn pair(id: u64, round: u64, sales: &[&str], marketing: &[&str]) -> Pair {
    let at: DateTime<Utc> = monday();
    let people = names(sales).into_iter().chain(names(marketing));
    Pair {
        id: PairId::new(id).expect("id"),
        round,
        level: Level::Members,
        sales: names(sales),
        marketing: names(marketing),
        formed_at: at,
        check_at: at + Duration::days(7),
        checks: people.map(|p| (p, Check::default())).collect(),
        takeaways: Vec::new(),
        version: 0,
    }
}

fn intro(to: &[&str]) -> Outgoing {
    Outgoing {
        to: Destination::Group(names(to)),
        op: Op::Post,
        message: Message::text("you're paired"),
    }
}

fn new_pairs(pairs: &[Pair]) -> Vec<PairChange> {
    pairs
        .iter()
        .map(|p| PairChange {
            pair: p.clone(),
            expected: None,
        })
        .collect()
}

pub fn a_pairing_round_lands_with_its_pairs_once(store: &dyn Store) {
    let pairs = [
        pair(1, 1, &["Asha"], &["Priya"]),
        pair(2, 1, &["Vikram", "Meera"], &["Arjun"]),
    ];
    let write = PairingWrite {
        round: Some(round(1, 1, 2)),
        pairs: new_pairs(&pairs),
        people: vec![StandingChange {
            person: PersonName::new("Rohan"),
            standing: PairingPerson::default(),
            expected: None,
        }],
    };
    let outgoing = [
        intro(&["Asha", "Priya"]),
        intro(&["Vikram", "Meera", "Arjun"]),
    ];
    let written = store
        .save_pairing(&write, &outgoing, monday())
        .expect("saved");
    store.durable_blocking(written).expect("on disk");
    assert_eq!(store.pair_rounds(5).expect("read"), vec![round(1, 1, 2)]);
    assert_eq!(store.pairs_since(1).expect("read"), pairs.to_vec());
    assert_eq!(
        store.pair(PairId::new(2).expect("id")).expect("read"),
        Some(pairs[1].clone())
    );
    assert_eq!(store.pair(PairId::new(3).expect("id")).expect("read"), None);
    assert_eq!(
        store
            .pairing_person(&PersonName::new("Rohan"))
            .expect("read"),
        Some(PairingPerson::default())
    );
    let queued = store.outbox_due(monday(), 10).expect("due");
    assert_eq!(queued.len(), 2);
    assert_eq!(
        queued[1].outgoing.to,
        intro(&["Vikram", "Meera", "Arjun"]).to
    );

    // The same round again (a second scheduler): refused whole.
    let again = PairingWrite {
        round: Some(round(1, 3, 1)),
        pairs: new_pairs(&[pair(3, 1, &["Asha"], &["Arjun"])]),
        people: Vec::new(),
    };
    let result = store.save_pairing(&again, &[intro(&["Asha", "Arjun"])], monday());
    assert!(matches!(result, Err(StoreError::Conflict)), "{result:?}");
    assert_eq!(store.pair(PairId::new(3).expect("id")).expect("read"), None);
    assert_eq!(store.outbox_depth().expect("depth"), 2);

    let second = PairingWrite {
        round: Some(round(2, 3, 1)),
        pairs: new_pairs(&[pair(3, 2, &["Asha"], &["Arjun"])]),
        people: Vec::new(),
    };
    let written = store.save_pairing(&second, &[], monday()).expect("saved");
    store.durable_blocking(written).expect("on disk");
    let newest: Vec<u64> = store
        .pair_rounds(5)
        .expect("read")
        .iter()
        .map(|r| r.number)
        .collect();
    assert_eq!(newest, vec![2, 1], "newest first");
    assert_eq!(store.pair_rounds(1).expect("read").len(), 1);
    let since: Vec<u64> = store
        .pairs_since(2)
        .expect("read")
        .iter()
        .map(|p| p.id.number())
        .collect();
    assert_eq!(since, vec![3]);
    assert_eq!(store.pairs_since(1).expect("read").len(), 3);
    assert!(store.pairs_since(3).expect("read").is_empty());
}

pub fn a_stale_pair_or_standing_is_refused_and_changes_nothing(store: &dyn Store) {
    let first = pair(1, 1, &["Asha"], &["Priya"]);
    let write = PairingWrite {
        round: Some(round(1, 1, 1)),
        pairs: new_pairs(std::slice::from_ref(&first)),
        people: Vec::new(),
    };
    let written = store.save_pairing(&write, &[], monday()).expect("saved");
    store.durable_blocking(written).expect("on disk");

    let asha = PersonName::new("Asha");
    let mut answered = first.clone();
    answered
        .answer(&asha, MetAnswer::Yes, None, monday(), monday())
        .expect("hers");
    let stale = PairingWrite {
        pairs: vec![PairChange {
            pair: answered.clone(),
            expected: Some(7),
        }],
        ..PairingWrite::default()
    };
    let result = store.save_pairing(&stale, &[intro(&["Asha"])], monday());
    assert!(matches!(result, Err(StoreError::Conflict)), "{result:?}");
    let unknown_standing = PairingWrite {
        people: vec![StandingChange {
            person: asha.clone(),
            standing: PairingPerson::default(),
            expected: Some(0),
        }],
        ..PairingWrite::default()
    };
    let result = store.save_pairing(&unknown_standing, &[], monday());
    assert!(matches!(result, Err(StoreError::Conflict)), "{result:?}");
    assert_eq!(store.pairs_since(1).expect("read"), vec![first]);
    assert_eq!(store.pairing_person(&asha).expect("read"), None);
    assert_eq!(store.outbox_depth().expect("depth"), 0);

    let fresh = PairingWrite {
        pairs: vec![PairChange {
            pair: answered.clone(),
            expected: Some(0),
        }],
        people: vec![StandingChange {
            person: asha.clone(),
            standing: PairingPerson {
                skip_next: true,
                ..PairingPerson::default()
            },
            expected: None,
        }],
        ..PairingWrite::default()
    };
    let written = store
        .save_pairing(&fresh, &[intro(&["Asha", "Priya"])], monday())
        .expect("saved");
    store.durable_blocking(written).expect("on disk");
    let stored = store.pair(first_id()).expect("read").expect("there");
    assert!(stored.met());
    let people = store.pairing_people().expect("read");
    assert_eq!(people.len(), 1);
    assert!(people[0].1.skip_next);
    assert_eq!(store.outbox_depth().expect("depth"), 1);
}

fn first_id() -> PairId {
    PairId::new(1).expect("id")
}

pub fn a_schedule_write_carries_pairing_changes_whole(store: &dyn Store) {
    let at = monday();
    let mut write = ScheduleWrite::new(at);
    write.jobs.push(JobMark {
        job: "pairing".into(),
        previous: None,
        due: at,
    });
    write.pairing.round = Some(round(1, 1, 1));
    write.pairing.pairs = new_pairs(&[pair(1, 1, &["Asha"], &["Priya"])]);
    write.outgoing.push(intro(&["Asha", "Priya"]));
    let written = store.commit_schedule(&write).expect("written");
    store.durable_blocking(written).expect("on disk");
    assert_eq!(store.job_last_due("pairing").expect("read"), Some(at));
    assert_eq!(store.pairs_since(1).expect("read").len(), 1);

    // A pairing conflict refuses the job's mark and its messages too.
    let mut clash = ScheduleWrite::new(at);
    clash.jobs.push(JobMark {
        job: "pairing".into(),
        previous: Some(at),
        due: at + Duration::weeks(2),
    });
    clash.pairing.round = Some(round(1, 2, 1));
    clash.outgoing.push(intro(&["Asha", "Arjun"]));
    let result = store.commit_schedule(&clash);
    assert!(matches!(result, Err(StoreError::Conflict)), "{result:?}");
    assert_eq!(store.job_last_due("pairing").expect("read"), Some(at));
    assert_eq!(store.outbox_depth().expect("depth"), 1);
}
