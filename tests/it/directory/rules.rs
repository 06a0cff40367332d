//! The sync's rules end to end on a manual clock, with in-process platforms that list groups:
//! the Slack/Teams merge by e-mail, a mover, a leaver, and the prompt round after a sync.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use tandem::bot::Outcome as ReplyOutcome;
use tandem::domain::Account;
use tandem::domain::membership::{Member, Source};
use tandem::message::{Destination, Outgoing};
use tandem::platform::{Adapter, Delivery, ListError, Listing};
use tandem::store::MemoryStore;
use tandem::sync::{Outcome, Syncer};

use crate::looping::{Loop, local, settings};

const CONFIG: &str = r#"
timezone = "Asia/Kolkata"
[channels]
sales = { slack = "C0SALES" }
marketing = { slack = "C0MKTG" }
joint = { slack = "C0JOINT" }
[directory]
sales = { slack_usergroup = "S0SALES" }
marketing = { slack_usergroup = "S0MKTG", teams_team = "19:mktg" }
sales_leads = { slack_usergroup = "S0LEADS" }
[[prompts]]
id = "market-pulse"
team = "sales"
cron = "0 0 16 * * Fri"
questions = ["What are customers saying?"]
"#;

/// A platform that lists the groups it is given, and delivers nothing itself (the loop
/// collects what is sent).
struct Listed {
    name: &'static str,
    groups: Mutex<HashMap<String, Vec<Member>>>,
}

impl Listed {
    fn new(name: &'static str) -> Arc<Listed> {
        Arc::new(Listed {
            name,
            groups: Mutex::default(),
        })
    }

    fn set(&self, group: &str, people: &[(&str, &str, &str)]) {
        let members = people
            .iter()
            .map(|(id, name, email)| Member {
                account: Account::new(self.name, *id),
                name: (*name).into(),
                full_name: None,
                email: Some((*email).into()),
                timezone: None,
            })
            .collect();
        self.groups
            .lock()
            .expect("groups")
            .insert(group.into(), members);
    }
}

impl Adapter for Listed {
    fn name(&self) -> &'static str {
        self.name
    }

    fn reaches(&self, _: &Destination) -> bool {
        false
    }

    fn deliver<'a>(&'a self, _: &'a Outgoing) -> Delivery<'a> {
        Box::pin(async { Ok(()) })
    }

    fn members<'a>(&'a self, source: &'a Source) -> Listing<'a> {
        let found = self.groups.lock().expect("groups").get(&source.id).cloned();
        Box::pin(async move {
            found.ok_or_else(|| ListError::Failed(format!("no group {}", source.id)))
        })
    }
}

fn prompted(looping: &Loop) -> BTreeSet<String> {
    looping
        .sent
        .iter()
        .filter(|(_, o)| tandem::message::render_plain(&o.message).contains("customers saying"))
        .filter_map(|(_, o)| match &o.to {
            Destination::Person(name) => Some(name.to_string()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn after_a_sync_the_prompt_round_reaches_exactly_the_synced_people() {
    let zone = chrono_tz::Asia::Kolkata;
    let monday = local(zone, 2026, 11, 30, 9, 0);
    let mut looping = Loop::on(settings(CONFIG), Arc::new(MemoryStore::new()), monday);
    let (slack, teams) = (Listed::new("slack"), Listed::new("teams"));
    slack.set(
        "S0SALES",
        &[
            ("U1", "Asha", "asha@x"),
            ("U2", "Ravi", "ravi@x"),
            ("U3", "Meera", "meera@x"),
        ],
    );
    slack.set("S0LEADS", &[("U3", "Meera", "meera@x")]);
    slack.set("S0MKTG", &[("U4", "Priya", "priya@x")]);
    teams.set(
        "19:mktg",
        &[
            ("aad-priya", "Priya N", "PRIYA@x"),
            ("aad-kiran", "Kiran", "kiran@x"),
        ],
    );
    let adapters: Vec<Arc<dyn Adapter>> = vec![slack.clone(), teams.clone()];
    let syncer = Syncer::new(looping.bot.clone(), adapters);
    let first = syncer.sync(false, None).await.expect("kept");
    assert!(matches!(first, Outcome::Synced(_)), "{first:?}");
    looping.tick(monday);
    let directory = looping.bot.directory();
    let priya = directory.by_name("Priya").expect("Priya");
    assert_eq!(
        priya.accounts.len(),
        2,
        "one Priya on Slack and Teams by e-mail"
    );
    assert!(directory.by_name("Meera").is_some_and(|m| m.is_lead()));
    let filed = looping.ok("Ravi", "request pos Shelf talkers by:2099-01-31");
    assert!(filed.contains("REQ-1"), "{filed}");
    assert_ne!(
        looping
            .say("Kiran", "request pos Banners by:2099-01-31")
            .outcome,
        ReplyOutcome::Done,
        "Kiran is in Marketing for now"
    );
    // Ravi leaves; Kiran moves to Sales (on Slack now, the same e-mail); Oliver joins.
    slack.set(
        "S0SALES",
        &[
            ("U1", "Asha", "asha@x"),
            ("U3", "Meera", "meera@x"),
            ("U9", "Kiran S", "kiran@x"),
            ("U5", "Oliver", "oliver@x"),
        ],
    );
    teams.set("19:mktg", &[("aad-priya", "Priya N", "priya@x")]);
    let Outcome::Synced(plan) = syncer.sync(false, None).await.expect("kept") else {
        panic!("the second sync applies");
    };
    assert_eq!(
        plan.leavers.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        ["Ravi"]
    );
    assert_eq!(
        plan.joiners.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        ["Oliver"]
    );
    assert_eq!(plan.movers.len(), 1, "{:?}", plan.movers);
    looping.run_to(local(zone, 2026, 12, 4, 17, 0));
    let expected: BTreeSet<String> = ["Asha", "Kiran", "Meera", "Oliver"]
        .map(String::from)
        .into();
    assert_eq!(prompted(&looping), expected);
    let welcomed: Vec<(chrono::DateTime<chrono::Utc>, String)> = looping.sent_to(
        &Destination::Person(tandem::domain::PersonName::new("Oliver")),
        "Welcome to Tandem",
    );
    assert_eq!(welcomed.len(), 1, "{welcomed:?}");
    // Kiran works under Sales now; Ravi is gone but his request keeps his name.
    let filed = looping.ok("Kiran", "request pos Banners by:2099-01-31");
    assert!(filed.contains("REQ-2"), "{filed}");
    assert_ne!(looping.say("Ravi", "list mine").outcome, ReplyOutcome::Done);
    let shown = looping.ok("Meera", "show REQ-1");
    assert!(shown.contains("Ravi (former member)"), "{shown}");
    let listed = looping.ok("Meera", "list all");
    assert!(listed.contains("· Ravi (former member)"), "{listed}");
    assert!(
        !listed.contains("Kiran (former"),
        "a mover is no former member: {listed}"
    );
}

#[tokio::test]
async fn the_syncer_syncs_at_its_first_step_then_every_sync_every_on_the_injected_clock() {
    let zone = chrono_tz::Asia::Kolkata;
    let start = local(zone, 2026, 11, 30, 9, 0);
    let looping = Loop::on(settings(CONFIG), Arc::new(MemoryStore::new()), start);
    let (slack, teams) = (Listed::new("slack"), Listed::new("teams"));
    slack.set("S0SALES", &[("U1", "Asha", "asha@x")]);
    slack.set("S0LEADS", &[]);
    slack.set("S0MKTG", &[("U4", "Priya", "priya@x")]);
    teams.set("19:mktg", &[]);
    let adapters: Vec<Arc<dyn Adapter>> = vec![slack.clone(), teams.clone()];
    let syncer = Syncer::new(looping.bot.clone(), adapters);
    let steps = [
        (start, true),
        (start + chrono::Duration::minutes(30), false),
        (start + chrono::Duration::minutes(59), false),
        (start + chrono::Duration::minutes(60), true),
        (start + chrono::Duration::minutes(61), false),
    ];
    for (at, syncs) in steps {
        looping.clock.set(at);
        let stepped = syncer.step(at).await;
        assert_eq!(stepped.is_some(), syncs, "at {at}: {stepped:?}");
    }
    let status = looping.bot.store().sync_status().expect("status");
    assert_eq!(status.last_ok, Some(start + chrono::Duration::minutes(60)));
    assert_eq!((status.counts.sales, status.counts.marketing), (1, 1));
    // A lead's ask is taken at the next step, whenever it is.
    looping.bot.roster().ask(tandem::bot::SyncAsk {
        by: tandem::domain::PersonName::new("Asha"),
        confirm: false,
    });
    let asked = syncer.step(start + chrono::Duration::minutes(62)).await;
    assert!(matches!(asked, Some(Ok(Outcome::Synced(_)))), "{asked:?}");
}

#[tokio::test]
async fn a_group_that_cannot_be_read_changes_nothing() {
    let start = local(chrono_tz::Asia::Kolkata, 2026, 11, 30, 9, 0);
    let looping = Loop::on(settings(CONFIG), Arc::new(MemoryStore::new()), start);
    let slack = Listed::new("slack");
    slack.set("S0SALES", &[("U1", "Asha", "asha@x")]);
    let syncer = Syncer::new(looping.bot.clone(), vec![slack.clone()]);
    let outcome = syncer.sync(false, None).await.expect("kept");
    let Outcome::Failed(why) = outcome else {
        panic!("fails: {outcome:?}");
    };
    assert_eq!(why, "no group S0MKTG");
    assert!(looping.bot.directory().all().is_empty());
    let status = looping.bot.store().sync_status().expect("status");
    assert_eq!(status.failing.as_deref(), Some("no group S0MKTG"));
    assert!(status.last_ok.is_none());
}

#[tokio::test]
async fn a_restart_without_the_network_starts_from_the_last_good_directory() {
    let start = local(chrono_tz::Asia::Kolkata, 2026, 11, 30, 9, 0);
    let store: Arc<dyn tandem::store::Store> = Arc::new(MemoryStore::new());
    let before = Loop::on(settings(CONFIG), store.clone(), start);
    let (slack, teams) = (Listed::new("slack"), Listed::new("teams"));
    slack.set("S0SALES", &[("U1", "Asha", "asha@x")]);
    slack.set("S0LEADS", &[("U1", "Asha", "asha@x")]);
    slack.set("S0MKTG", &[("U4", "Priya", "priya@x")]);
    teams.set("19:mktg", &[]);
    let adapters: Vec<Arc<dyn Adapter>> = vec![slack, teams];
    let syncer = Syncer::new(before.bot.clone(), adapters);
    assert!(matches!(
        syncer.sync(false, None).await,
        Ok(Outcome::Synced(_))
    ));
    // A new process on the same store, with no platform to ask.
    let mut after = Loop::on(settings(CONFIG), store, start);
    let directory = after.bot.directory();
    assert!(directory.by_name("Asha").is_some_and(|a| a.is_lead()));
    assert!(directory.by_name("Priya").is_some());
    let nobody = Syncer::new(after.bot.clone(), Vec::new());
    let failed = nobody.sync(false, None).await.expect("kept");
    assert!(
        matches!(&failed, Outcome::Failed(why) if why.contains("slack is not set up")),
        "{failed:?}"
    );
    assert!(
        after.bot.directory().by_name("Priya").is_some(),
        "the last good one stays"
    );
    after.ok("Asha", "list mine");
}

#[test]
fn admin_sync_says_when_nothing_can_sync_and_help_lists_it() {
    let start = local(chrono_tz::Asia::Kolkata, 2026, 11, 30, 9, 0);
    let mut plain = Loop::new(crate::looping::ZONES, start);
    let refused = plain.say("Meera", "admin sync");
    assert_eq!(refused.outcome, ReplyOutcome::Refused);
    assert!(
        refused.text().contains("no [directory]"),
        "{}",
        refused.text()
    );
    assert!(
        plain
            .ok("Meera", "help admin")
            .contains("admin sync [--confirm]")
    );
    let usage = plain.say("Meera", "admin sync now");
    assert!(
        usage.text().contains("admin sync [--confirm]"),
        "{}",
        usage.text()
    );
    // With a [directory] but no syncer running (the shell): said, and nothing is queued.
    let text = format!(
        "{}\n[directory]\nsales = {{ slack_usergroup = \"S0SALES\" }}\n",
        crate::looping::ZONES
    );
    let mut shell = Loop::new(&text, start);
    let refused = shell.say("Meera", "admin sync --confirm");
    assert!(
        refused.text().contains("tandem serve"),
        "{}",
        refused.text()
    );
    assert!(shell.bot.roster().take_ask().is_none());
    assert_eq!(
        shell.say("Asha", "admin sync").outcome,
        ReplyOutcome::Refused
    );
}

#[tokio::test]
async fn someone_in_both_teams_is_refused_the_rest_synced_and_the_leads_told_once() {
    let start = local(chrono_tz::Asia::Kolkata, 2026, 11, 30, 9, 0);
    let mut looping = Loop::on(settings(CONFIG), Arc::new(MemoryStore::new()), start);
    let (slack, teams) = (Listed::new("slack"), Listed::new("teams"));
    slack.set(
        "S0SALES",
        &[
            ("U1", "Asha", "asha@x"),
            ("U3", "Meera", "meera@x"),
            ("U7", "Kiran", "kiran@x"),
        ],
    );
    slack.set("S0LEADS", &[("U3", "Meera", "meera@x")]);
    slack.set(
        "S0MKTG",
        &[("U4", "Priya", "priya@x"), ("U7", "Kiran", "kiran@x")],
    );
    teams.set("19:mktg", &[]);
    let adapters: Vec<Arc<dyn Adapter>> = vec![slack, teams];
    let syncer = Syncer::new(looping.bot.clone(), adapters);
    for _ in 0..2 {
        let Outcome::Synced(plan) = syncer.sync(false, None).await.expect("kept") else {
            panic!("the rest is synced");
        };
        assert_eq!(plan.refused, vec!["Kiran".to_string()]);
    }
    looping.tick(start);
    let directory = looping.bot.directory();
    assert!(directory.by_name("Kiran").is_none());
    assert!(directory.by_name("Asha").is_some() && directory.by_name("Priya").is_some());
    let meera = Destination::Person(tandem::domain::PersonName::new("Meera"));
    let told = looping.sent_to(&meera, "In both the Sales and the Marketing group");
    assert_eq!(told.len(), 1, "told once: {told:?}");
    assert!(told[0].1.contains("Kiran"), "{told:?}");
}
