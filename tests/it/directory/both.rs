//! Slack and Teams at once, against the fake Slack and the fake Bot Framework: the same person
//! on both (a Slack profile's e-mail and a Teams roster's e-mail and UPN, in different case) is
//! one person, and someone who moves from a Teams team to a Slack group moves team.

use std::path::Path;

use serde_json::Value;
use tandem::config::{Env, Settings};
use wiremock::Mock;
use wiremock::matchers::{method, path_regex};

use super::teams::{Roster, member};
use crate::helpers::monday;
use crate::slack::{BOT_TOKEN, FakeSlack, SIGNING_SECRET, SlackApp};
use crate::teams::activities::{installed_in_team, personal_message};
use crate::teams::fake::{FakeTeams, KID, MARKETING, claims, keys, sign};

/// Marketing is a Slack user group and a Teams team; Rohan, its lead, is the one `[[people]]`.
fn config() -> String {
    format!(
        r#"
timezone = "Asia/Kolkata"
[channels]
sales = {{ slack = "C0SALES" }}
marketing = {{ slack = "C0MKTG", teams = "{MARKETING}" }}
joint = {{ slack = "C0JOINT" }}
[directory]
sales = {{ slack_usergroup = "S0SALES" }}
marketing = {{ slack_usergroup = "S0MKTG", teams_team = "{MARKETING}" }}
[[people]]
name = "Rohan"
team = "marketing"
role = "lead"
slack = "U0ROHAN"
"#
    )
}

fn settings(slack: &FakeSlack, teams: &FakeTeams, data: &Path) -> Settings {
    let api_url = slack.api_url();
    let mut vars = teams.env(data);
    vars.extend([
        ("SLACK_BOT_TOKEN".into(), BOT_TOKEN.into()),
        ("SLACK_SIGNING_SECRET".into(), SIGNING_SECRET.into()),
        ("SLACK_API_URL".into(), api_url),
    ]);
    let env = Env::from_pairs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    Settings::from_toml(&config(), Path::new("both.toml"), &env).expect("valid config")
}

/// Sends `activity` to the app's Bot Framework endpoint with a good token.
async fn to_teams(app: &SlackApp, teams: &FakeTeams, activity: &Value) {
    let token = sign(
        &claims(&teams.service_url(), app.clock.as_ref()),
        KID,
        &keys().good,
    );
    let response = app
        .raw()
        .post(format!("{}/api/messages", app.base))
        .bearer_auth(token)
        .json(activity)
        .send()
        .await
        .expect("tandem answers");
    assert!(response.status().is_success(), "{}", response.status());
}

/// Rohan asks for a sync; returns the `n`th "Directory synced" DM he gets.
async fn sync(app: &SlackApp, n: usize) -> String {
    let (status, _) = app.command("U0ROHAN", "admin sync").await;
    assert_eq!(status.as_u16(), 200);
    for _ in 0..100 {
        app.outbox_pass().await;
        let told: Vec<String> = app
            .fake
            .calls_to("chat.postMessage")
            .iter()
            .filter(|c| c.body["channel"] == "U0ROHAN")
            .map(|c| c.body.to_string())
            .filter(|text| text.contains("Directory synced"))
            .collect();
        if told.len() >= n {
            return told[n - 1].clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "Rohan was not told of sync {n}: {:#?}",
        app.fake.all_calls()
    );
}

/// What `/tandem show REQ-1` says to Asha.
async fn shown(app: &SlackApp) -> String {
    let (_, answer) = app.command("U0ASHA", "show REQ-1").await;
    answer.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_person_on_slack_and_teams_by_email_in_any_case_and_a_mover_changes_team() {
    let slack = FakeSlack::start().await;
    {
        let mut w = slack.workspace.lock().expect("workspace");
        w.user("U0ROHAN", "Rohan", "Rohan Das", "rohan@monsoon.example");
        w.user("U0ASHA", "Asha", "Asha Kulkarni", "asha@monsoon.example");
        w.user(
            "U0NISHA",
            "Nisha",
            "Nisha Kapoor",
            "Nisha.Kapoor@Monsoon.Example",
        );
        w.user("U0KIRAN", "Kiran", "Kiran Rao", "KIRAN.RAO@monsoon.example");
        w.groups.insert("S0SALES".into(), vec!["U0ASHA".into()]);
        let marketing = vec!["U0ROHAN".into(), "U0NISHA".into()];
        w.groups.insert("S0MKTG".into(), marketing);
    }
    let teams = FakeTeams::start(true).await;
    let roster = |people: Vec<Value>| {
        Mock::given(method("GET"))
            .and(path_regex("^/teams/v3/conversations/[^/]+/pagedmembers$"))
            .respond_with(Roster(people))
    };
    let mut nisha = member("aad-nisha", "Nisha K", "nisha.kapoor@monsoon.example");
    nisha["userPrincipalName"] = "NISHA.KAPOOR@MONSOON.EXAMPLE".into();
    let kiran = member("aad-kiran", "Kiran", "kiran.rao@monsoon.example");
    roster(vec![nisha.clone(), kiran])
        .mount(&teams.server)
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start_on_at(
        slack.clone(),
        settings(&slack, &teams, dir.path()),
        monday(),
    )
    .await;
    // The app is installed in the Marketing team, so Teams' service URL is known.
    let installed = installed_in_team(
        &teams.service_url(),
        MARKETING,
        &[(("aad-nisha", "29:nisha"), "Nisha K")],
    );
    to_teams(&app, &teams, &installed).await;

    let first = sync(&app, 1).await;
    assert!(
        first.contains("3 joined (Asha, Kiran, Nisha)"),
        "Nisha once, though Slack and Teams each list her: {first}"
    );
    // Asha files; Nisha acknowledges from Teams and starts it from Slack: one person.
    let (_, filed) = app.command("U0ASHA", "request pos Shelf talkers").await;
    assert!(filed.to_string().contains("REQ-1"), "{filed}");
    let ack = personal_message(
        &teams.service_url(),
        ("aad-nisha", "29:nisha"),
        "Nisha K",
        "ack 1",
    );
    to_teams(&app, &teams, &ack).await;
    let (_, started) = app.command("U0NISHA", "start 1").await;
    assert!(!started.to_string().contains("lead)"), "{started}");
    let record = shown(&app).await;
    assert!(
        record.contains("Nisha acknowledged") && record.contains("Nisha started"),
        "{record}"
    );

    // Kiran leaves the Teams team for Sales' Slack group (his e-mail in other case there).
    roster(vec![nisha])
        .with_priority(1)
        .mount(&teams.server)
        .await;
    slack
        .workspace
        .lock()
        .expect("workspace")
        .groups
        .insert("S0SALES".into(), vec!["U0ASHA".into(), "U0KIRAN".into()]);
    let second = sync(&app, 2).await;
    assert!(
        second.contains("1 moved (Kiran: Marketing → Sales)") && !second.contains("joined"),
        "{second}"
    );
    let (_, filed) = app.command("U0KIRAN", "request pos Banners").await;
    assert!(
        filed.to_string().contains("REQ-2"),
        "Kiran works under Sales now: {filed}"
    );
    app.stop().await;
}
