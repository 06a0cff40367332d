use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::{Account, Directory, Person, PersonName, Role, Team};

fn member(platform: &str, id: &str, name: &str, email: Option<&str>) -> Member {
    Member {
        account: Account::new(platform, id),
        name: name.into(),
        full_name: None,
        email: email.map(String::from),
        timezone: None,
    }
}

fn full(mut m: Member, full: &str) -> Member {
    m.full_name = Some(full.into());
    m
}

fn fetched(groups: Vec<(Group, Vec<Member>)>) -> Fetched {
    Fetched { groups }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("time")
}

fn names(plan: &Plan) -> Vec<(String, Team, bool)> {
    let mut all: Vec<_> = plan
        .synced
        .people
        .iter()
        .map(|p| (p.name.to_string(), p.team, p.lead))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

const SALES: Group = Group::Team(Team::Sales);
const MKTG: Group = Group::Team(Team::Marketing);

#[test]
fn the_first_sync_names_everyone_and_tells_clashing_names_apart() {
    let groups = fetched(vec![
        (
            SALES,
            vec![
                full(member("slack", "U1", "Asha", None), "Asha Kulkarni"),
                full(member("slack", "U2", "Asha", None), "Asha Rao"),
                member("slack", "U3", "Oliver", None),
            ],
        ),
        (MKTG, vec![member("slack", "U4", "Priya", None)]),
        (
            Group::Leads(Team::Sales),
            vec![member("slack", "U3", "Oliver", None)],
        ),
    ]);
    let plan = plan(
        &Directory::default(),
        &SyncedDirectory::default(),
        &groups,
        now(),
    );
    assert_eq!(
        names(&plan),
        vec![
            ("Asha K.".into(), Team::Sales, false),
            ("Asha R.".into(), Team::Sales, false),
            ("Oliver".into(), Team::Sales, true),
            ("Priya".into(), Team::Marketing, false),
        ]
    );
    assert_eq!(plan.joiners.len(), 4);
    assert!(plan.held.is_empty() && plan.leavers.is_empty());
}

#[test]
fn names_once_given_stay_and_a_newcomer_is_told_apart_from_them() {
    let first = plan(
        &Directory::default(),
        &SyncedDirectory::default(),
        &fetched(vec![(SALES, vec![member("slack", "U1", "Asha", None)])]),
        now(),
    );
    let second = plan(
        &Directory::default(),
        &first.synced,
        &fetched(vec![(
            SALES,
            vec![
                member("slack", "U1", "Asha", None),
                full(member("slack", "U2", "Asha", None), "Asha Rao"),
            ],
        )]),
        now(),
    );
    assert_eq!(
        names(&second).into_iter().map(|n| n.0).collect::<Vec<_>>(),
        vec!["Asha", "Asha R."]
    );
    assert_eq!(second.joiners, vec![PersonName::new("Asha R.")]);
}

#[test]
fn people_blocks_override_name_role_and_zone_by_platform_id() {
    let configured = Directory::new(vec![Person {
        name: PersonName::new("Meera"),
        team: Team::Sales,
        role: Role::Lead,
        timezone: Some(chrono_tz::Europe::London),
        accounts: vec![Account::new("slack", "U9")],
    }])
    .expect("directory");
    let plan = plan(
        &configured,
        &SyncedDirectory::default(),
        &fetched(vec![(SALES, vec![member("slack", "U9", "meera.s", None)])]),
        now(),
    );
    assert_eq!(names(&plan), vec![("Meera".into(), Team::Sales, true)]);
    assert_eq!(
        plan.synced.people[0].timezone.as_deref(),
        Some("Europe/London")
    );
    assert!(plan.joiners.is_empty(), "Meera was known already");
}

#[test]
fn the_same_email_on_slack_and_teams_is_one_person() {
    let plan = plan(
        &Directory::default(),
        &SyncedDirectory::default(),
        &fetched(vec![(
            MKTG,
            vec![
                member("slack", "U4", "Priya", Some("priya@monsoon.example")),
                member(
                    "teams",
                    "aad-priya",
                    "Priya S",
                    Some("Priya@Monsoon.example"),
                ),
            ],
        )]),
        now(),
    );
    assert_eq!(plan.synced.people.len(), 1);
    let priya = &plan.synced.people[0];
    assert_eq!(priya.accounts.len(), 2, "{priya:?}");
    assert_eq!(priya.name.as_str(), "Priya");
}

#[test]
fn someone_in_both_teams_is_refused_and_the_rest_synced() {
    let plan = plan(
        &Directory::default(),
        &SyncedDirectory::default(),
        &fetched(vec![
            (
                SALES,
                vec![
                    member("slack", "U1", "Asha", None),
                    member("slack", "U5", "Kiran", None),
                ],
            ),
            (MKTG, vec![member("slack", "U5", "Kiran", None)]),
        ]),
        now(),
    );
    assert_eq!(plan.refused, vec!["Kiran".to_string()]);
    assert_eq!(names(&plan), vec![("Asha".into(), Team::Sales, false)]);
}

#[test]
fn leavers_become_former_members_movers_change_team_and_halving_a_team_is_held() {
    let start = plan(
        &Directory::default(),
        &SyncedDirectory::default(),
        &fetched(vec![
            (
                SALES,
                vec![
                    member("slack", "U1", "Asha", None),
                    member("slack", "U2", "Ravi", None),
                    member("slack", "U3", "Oliver", None),
                ],
            ),
            (MKTG, vec![member("slack", "U4", "Priya", None)]),
        ]),
        now(),
    )
    .synced;
    let next = plan(
        &Directory::default(),
        &start,
        &fetched(vec![
            (
                SALES,
                vec![
                    member("slack", "U1", "Asha", None),
                    member("slack", "U3", "Oliver", None),
                ],
            ),
            (
                MKTG,
                vec![
                    member("slack", "U4", "Priya", None),
                    member("slack", "U3", "Oliver", None),
                ],
            ),
        ]),
        now(),
    );
    assert_eq!(next.refused, vec!["Oliver".to_string()], "in both groups");
    let next = plan(
        &Directory::default(),
        &start,
        &fetched(vec![
            (SALES, vec![member("slack", "U1", "Asha", None)]),
            (
                MKTG,
                vec![
                    member("slack", "U4", "Priya", None),
                    member("slack", "U3", "Oliver", None),
                ],
            ),
        ]),
        now(),
    );
    assert_eq!(next.leavers, vec![PersonName::new("Ravi")]);
    assert_eq!(
        next.movers,
        vec![(PersonName::new("Oliver"), Team::Sales, Team::Marketing)]
    );
    assert_eq!(
        next.held,
        vec![Hold {
            team: Team::Sales,
            removed: 2,
            of: 3
        }]
    );
    let directory = live_directory(&Directory::default(), &next.synced).expect("directory");
    assert!(directory.is_former("Ravi") && directory.by_name("Ravi").is_none());
    assert_eq!(directory.shown("Ravi"), "Ravi (former member)");
    assert_eq!(
        directory.by_name("Oliver").map(|p| p.team),
        Some(Team::Marketing)
    );
}

#[test]
fn a_people_block_no_group_contains_is_kept_and_flagged() {
    let configured = Directory::new(vec![Person {
        name: PersonName::new("Vikram"),
        team: Team::Sales,
        role: Role::Member,
        timezone: None,
        accounts: vec![Account::new("slack", "U77")],
    }])
    .expect("directory");
    let plan = plan(
        &configured,
        &SyncedDirectory::default(),
        &fetched(vec![(SALES, vec![member("slack", "U1", "Asha", None)])]),
        now(),
    );
    assert_eq!(plan.unmatched, vec![PersonName::new("Vikram")]);
    let directory = live_directory(&configured, &plan.synced).expect("directory");
    assert!(directory.by_name("Vikram").is_some());
    assert!(directory.by_name("Asha").is_some());
}

#[test]
fn a_shared_name_without_a_last_name_gets_a_number() {
    let wanted = |shown: &str| Wanted {
        shown: shown.into(),
        full: None,
    };
    assert_eq!(
        disambiguate(&[wanted("Sam"), wanted("Sam")], &["Tara".into()]),
        vec!["Sam".to_string(), "Sam 2".to_string()]
    );
}
