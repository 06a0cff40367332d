//! A directory synced from Slack user groups and a channel, with no `[[people]]` at all.

use std::path::Path;

use serde_json::Value;
use tandem::config::{Env, Settings};

use crate::slack::{BOT_TOKEN, FakeSlack, SIGNING_SECRET, SlackApp};

const CONFIG: &str = r#"
timezone = "Asia/Kolkata"
[channels]
sales = { slack = "C0SALES" }
marketing = { slack = "C0MKTG" }
joint = { slack = "C0JOINT" }
[directory]
sales = { slack_usergroup = "S0SALES" }
marketing = { slack_channel = "C0MKTGTEAM" }
sales_leads = { slack_usergroup = "S0SALESLEADS" }
marketing_leads = { slack_usergroup = "S0MKTGLEADS" }
"#;

/// Sales: two Ashas and Meera (lead); Marketing (a channel, read two at a time): Priya, Rohan
/// (lead), Arjun and Kiran.
async fn workspace() -> FakeSlack {
    let fake = FakeSlack::start().await;
    {
        let mut w = fake.workspace.lock().expect("workspace");
        w.user("U1", "Asha", "Asha Kulkarni", "asha.k@monsoon.example");
        w.user("U2", "Asha", "Asha Rao", "asha.r@monsoon.example");
        w.user("U3", "Meera", "Meera Shah", "meera@monsoon.example");
        w.user("U4", "Priya", "Priya Nair", "priya@monsoon.example");
        w.user("U5", "Rohan", "Rohan Das", "rohan@monsoon.example");
        w.user("U6", "Arjun", "Arjun Mehta", "arjun@monsoon.example");
        w.user("U7", "Kiran", "Kiran Rao", "kiran@monsoon.example");
        w.user("U8", "Vikram", "Vikram Joshi", "vikram@monsoon.example");
        w.groups.insert(
            "S0SALES".into(),
            vec!["U1".into(), "U2".into(), "U3".into()],
        );
        w.groups.insert("S0SALESLEADS".into(), vec!["U3".into()]);
        w.groups.insert("S0MKTGLEADS".into(), vec!["U5".into()]);
        let marketing = ["U4", "U5", "U6", "U7"].map(String::from).to_vec();
        w.channels.insert("C0MKTGTEAM".into(), marketing);
        w.page = 2;
    }
    fake
}

fn settings(fake: &FakeSlack, data: &Path) -> Settings {
    let api_url = fake.api_url();
    let data = data.to_str().expect("utf-8 path").to_string();
    let env = Env::from_pairs([
        ("SLACK_BOT_TOKEN", BOT_TOKEN),
        ("SLACK_SIGNING_SECRET", SIGNING_SECRET),
        ("SLACK_API_URL", api_url.as_str()),
        ("TANDEM_DATA_DIR", data.as_str()),
        ("TANDEM_LISTEN", "127.0.0.1:0"),
    ]);
    Settings::from_toml(CONFIG, Path::new("directory.toml"), &env).expect("valid config")
}

async fn health(app: &SlackApp) -> String {
    let url = format!("{}/healthz", app.base);
    let response = app.raw().get(url).send().await.expect("healthz");
    response.text().await.expect("body")
}

/// Waits (at most 5 s) until `/healthz` says `needle`.
async fn health_says(app: &SlackApp, needle: &str) -> String {
    for _ in 0..100 {
        let text = health(app).await;
        if text.contains(needle) {
            return text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("/healthz never said {needle:?}: {}", health(app).await);
}

/// The texts posted to `channel` (a user ID is their DM) that contain `needle`.
fn posted(fake: &FakeSlack, channel: &str, needle: &str) -> Vec<String> {
    fake.calls_to("chat.postMessage")
        .iter()
        .filter(|c| c.body["channel"] == channel)
        .map(|c| c.body.to_string())
        .filter(|text| text.contains(needle))
        .collect()
}

/// Waits (at most 5 s) until `n` posts to `channel` contain `needle`.
async fn wait_posted(app: &SlackApp, channel: &str, needle: &str, n: usize) -> Vec<String> {
    for _ in 0..100 {
        let found = posted(&app.fake, channel, needle);
        if found.len() >= n {
            return found;
        }
        app.outbox_pass().await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "{n} posts to {channel} with {needle:?} never came: {:?}",
        posted(&app.fake, channel, "")
    );
}

fn text(answer: &Value) -> String {
    answer["text"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn the_first_sync_reads_groups_and_a_paged_channel_and_welcomes_each_joiner_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = workspace().await;
    let app = SlackApp::start_on(fake.clone(), settings(&fake, dir.path())).await;
    let health = health_says(&app, "3 in Sales, 4 in Marketing").await;
    assert!(health.starts_with("ok\n"), "{health}");
    let pages = fake.calls_to("conversations.members");
    let cursors: Vec<&str> = pages
        .iter()
        .map(|c| c.body["cursor"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(cursors, vec!["", "2"], "two pages of two, by cursor");
    // Known by their Slack ID, with names told apart; Meera leads Sales.
    let (_, answer) = app.command("U2", "list mine").await;
    assert!(!text(&answer).contains("not set up"), "{answer}");
    let (_, answer) = app.command("U3", "admin outbox").await;
    assert!(
        text(&answer).starts_with("Outbox:"),
        "Meera is a lead: {answer}"
    );
    let welcome = wait_posted(&app, "U1", "Welcome to Tandem, Asha K.!", 1).await;
    assert!(welcome[0].contains("list mine"), "{welcome:?}");
    wait_posted(&app, "U2", "Welcome to Tandem, Asha R.!", 1).await;
    wait_posted(&app, "U7", "Welcome to Tandem, Kiran!", 1).await;
    // A joiner: welcomed once, however often the directory syncs.
    fake.workspace
        .lock()
        .expect("workspace")
        .groups
        .get_mut("S0SALES")
        .expect("group")
        .push("U8".into());
    // Slack rate-limits one look-up: it is waited out, not a failed sync.
    fake.fail_next("users.info", 429, Some(0));
    let (_, answer) = app.command("U3", "admin sync").await;
    assert!(
        text(&answer).contains("Syncing the directory now"),
        "{answer}"
    );
    wait_posted(&app, "U3", "Directory synced: 1 joined (Vikram)", 1).await;
    let (_, answer) = app.command("U3", "admin sync").await;
    assert!(text(&answer).contains("Syncing"), "{answer}");
    wait_posted(&app, "U3", "Directory synced: no changes", 1).await;
    app.outbox_pass().await;
    assert_eq!(posted(&fake, "U8", "Welcome to Tandem").len(), 1);
    assert_eq!(posted(&fake, "U1", "Welcome to Tandem").len(), 1);
    let metrics = app
        .raw()
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("body");
    assert!(
        metrics.contains("tandem_directory_people{team=\"sales\"} 4"),
        "{metrics}"
    );
    assert!(metrics.contains("tandem_directory_failing 0"), "{metrics}");
    let (_, answer) = app.command("U1", "admin sync").await;
    assert!(text(&answer).contains("Only leads"), "{answer}");
    app.stop().await;
}

#[tokio::test]
async fn a_missing_scope_keeps_the_last_good_directory_and_tells_the_leads_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = workspace().await;
    let app = SlackApp::start_on(fake.clone(), settings(&fake, dir.path())).await;
    health_says(&app, "3 in Sales").await;
    fake.workspace
        .lock()
        .expect("workspace")
        .missing_scopes
        .insert("usergroups.users.list".into(), "usergroups:read".into());
    for _ in 0..2 {
        let (_, answer) = app.command("U3", "admin sync").await;
        assert!(text(&answer).contains("Syncing"), "{answer}");
        wait_posted(&app, "U3", "usergroups:read", 1).await;
    }
    wait_posted(&app, "U3", "usergroups:read", 2).await;
    let health = health_says(&app, "failing").await;
    assert!(
        health.contains("Slack needs the usergroups:read scope to read slack_usergroup S0SALES"),
        "{health}"
    );
    assert!(
        health.contains("3 in Sales, 4 in Marketing"),
        "kept: {health}"
    );
    app.outbox_pass().await;
    let told = posted(&fake, "U5", "The directory sync failed");
    assert_eq!(told.len(), 1, "Rohan is told once: {told:?}");
    assert!(told[0].contains("usergroups:read"), "{told:?}");
    let (_, answer) = app.command("U1", "list mine").await;
    assert!(
        !text(&answer).contains("not set up"),
        "still known: {answer}"
    );
    // Fixed: the next sync works, and the leads hear so.
    fake.workspace
        .lock()
        .expect("workspace")
        .missing_scopes
        .clear();
    let (_, _) = app.command("U3", "admin sync").await;
    wait_posted(&app, "U5", "works again", 1).await;
    app.stop().await;
}

#[tokio::test]
async fn a_sync_that_would_halve_a_team_waits_for_a_leads_confirm_and_leavers_keep_their_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = workspace().await;
    let app = SlackApp::start_on(fake.clone(), settings(&fake, dir.path())).await;
    health_says(&app, "3 in Sales").await;
    let (_, answer) = app
        .command("U1", "request pos Shelf talkers for Pune by:2099-01-31")
        .await;
    assert!(text(&answer).contains("REQ-1"), "{answer}");
    fake.workspace
        .lock()
        .expect("workspace")
        .groups
        .insert("S0SALES".into(), vec!["U3".into()]);
    app.command("U3", "admin sync").await;
    wait_posted(&app, "U3", "would remove 2 of 3 people from Sales", 1).await;
    let (_, answer) = app.command("U1", "list mine").await;
    assert!(!text(&answer).contains("not set up"), "held: {answer}");
    app.command("U3", "admin sync --confirm").await;
    wait_posted(&app, "U3", "Directory synced: 2 left (Asha K., Asha R.)", 1).await;
    let (_, answer) = app.command("U1", "list mine").await;
    assert!(text(&answer).contains("not set up"), "gone: {answer}");
    let (_, answer) = app.command("U3", "show REQ-1").await;
    assert!(
        answer.to_string().contains("Asha K. (former member)"),
        "{answer}"
    );
    health_says(&app, "1 in Sales, 4 in Marketing, 2 former").await;
    app.stop().await;
}

#[tokio::test]
async fn check_config_sync_prints_what_would_change_and_flags_people_no_group_contains() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = workspace().await;
    let config = dir.path().join("directory.toml");
    let text = format!(
        "{CONFIG}[[people]]\nname = \"Meera\"\nteam = \"sales\"\nrole = \"lead\"\nslack = \"U3\"\n\
         [[people]]\nname = \"Gone\"\nteam = \"sales\"\nslack = \"U0GONE\"\n"
    );
    std::fs::write(&config, text).expect("config");
    let data = dir.path().join("data");
    let run = |args: Vec<String>| {
        let (api, data) = (fake.api_url(), data.clone());
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
                .args(args)
                .env("SLACK_BOT_TOKEN", BOT_TOKEN)
                .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
                .env("SLACK_API_URL", api)
                .env("TANDEM_DATA_DIR", data)
                .output()
                .expect("tandem runs")
        })
    };
    let path = config.to_str().expect("utf-8").to_string();
    let out = run(vec![
        "check-config".into(),
        "--config".into(),
        path.clone(),
        "--sync".into(),
    ])
    .await
    .expect("ran");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Directory sync preview, nothing changed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("joined: Arjun, Asha K., Asha R., Kiran, Priya, Rohan"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[[people]] whose platform ID no group contains (kept): Gone"),
        "{stdout}"
    );
    assert!(!stdout.contains(BOT_TOKEN), "no secrets");
    assert!(
        fake.calls_to("chat.postMessage").is_empty(),
        "nobody was told anything"
    );
    fake.workspace
        .lock()
        .expect("workspace")
        .missing_scopes
        .insert("usergroups.users.list".into(), "usergroups:read".into());
    let out = run(vec![
        "check-config".into(),
        "--config".into(),
        path,
        "--sync".into(),
    ])
    .await
    .expect("ran");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success());
    assert!(
        stderr.contains("the directory sync would fail")
            && stderr.contains("Slack needs the usergroups:read scope"),
        "{stderr}"
    );
}
