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
}
