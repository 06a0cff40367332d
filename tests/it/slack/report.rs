//! The scorecard in Slack: a lead's DM gets the summary, then the picture uploaded the way
//! Slack supports today (`files.getUploadURLExternal`, the bytes to the upload URL,
//! `files.completeUploadExternal` into the DM); a member is refused and nothing is uploaded.

use std::collections::BTreeSet;

use chrono::Duration;
use serde_json::Value;

use super::{FakeSlack, SlackApp};
use crate::looping::local;

/// Whether the command's answer, or its later post to the response_url (waited for, at most
/// 5 s), says `text`.
async fn said(fake: &FakeSlack, answer: &Value, text: &str) {
    if answer.to_string().contains(text) {
        return;
    }
    for _ in 0..100 {
        let calls = fake.all_calls();
        let responded = calls
            .iter()
            .any(|c| c.method.starts_with("respond/") && c.body.to_string().contains(text));
        if responded {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no answer said {text:?}: {answer}");
}

#[tokio::test]
async fn a_lead_gets_the_scorecard_uploaded_into_their_dm() {
    let fake = FakeSlack::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(fake.clone(), dir.path()).await;
    let (status, answer) = app.command("U0ROHAN", "report").await;
    assert_eq!(status.as_u16(), 200);
    // Drawing may outlast Slack's 3 s: then the answer follows at the response_url.
    said(&fake, &answer, "on its way to you as a picture").await;
    app.outbox_pass().await;
    let asked = fake.wait_for("files.getUploadURLExternal", 1).await;
    let filename = asked[0].body["filename"].as_str().expect("a filename");
    assert!(filename.starts_with("scorecard-") && filename.ends_with(".png"));
    let file = dir.path().join("reports").join(filename);
    let size = std::fs::metadata(&file).expect("the PNG was written").len();
    assert_eq!(asked[0].body["length"], size.to_string());
    let uploaded = fake.wait_for("upload/F0", 1).await;
    assert_eq!(uploaded[0].body["png"], true);
    assert_eq!(uploaded[0].body["length"], size);
    let completed = fake.wait_for("files.completeUploadExternal", 1).await;
    assert_eq!(completed[0].body["channel_id"], "GU0ROHAN", "Rohan's DM");
    assert_eq!(completed[0].body["files"][0]["id"], "F0");
    let summary = fake.calls_to("chat.postMessage");
    assert!(
        summary
            .iter()
            .any(|p| p.body["channel"] == "U0ROHAN" && p.body.to_string().contains("Scorecard")),
        "the summary before the picture"
    );
    assert!(
        dir.path()
            .join("reports")
            .join(filename.replace(".png", ".html"))
            .exists()
    );
    app.stop().await;
}

#[tokio::test]
async fn a_member_is_refused_the_scorecard_and_nothing_is_uploaded() {
    let fake = FakeSlack::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(fake.clone(), dir.path()).await;
    let (status, answer) = app.command("U0ASHA", "report").await;
    assert_eq!(status.as_u16(), 200);
    said(&fake, &answer, "The scorecard is for leads").await;
    app.outbox_pass().await;
    assert!(fake.calls_to("files.getUploadURLExternal").is_empty());
    assert!(!dir.path().join("reports").exists(), "nothing written");
    app.stop().await;
}

/// `[scorecard]` in the demo config, with the joint channel added: on Tuesday 1 December at 09:00 (Kolkata), November's
/// card goes by itself to each lead's DM and to the joint channel, each a summary and the
/// picture uploaded there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_first_working_day_the_month_before_is_uploaded_to_the_leads_and_the_joint_channel()
{
    let fake = FakeSlack::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = |fake: &FakeSlack, data: &std::path::Path| {
        let mut settings = super::settings(fake, data, false);
        if let Some(scorecard) = settings.scorecard.as_mut() {
            scorecard
                .to
                .push(tandem::config::ScorecardTo::Channel("joint".into()));
        }
        settings
    };
    let november = local(chrono_tz::Asia::Kolkata, 2026, 11, 20, 11, 0);
    let app = SlackApp::start_on_at(fake.clone(), settings(&fake, dir.path()), november).await;
    let (status, _) = app.command("U0ASHA", "request pos Shelf talkers").await;
    assert_eq!(status.as_u16(), 200);
    app.stop().await;

    let due = local(chrono_tz::Asia::Kolkata, 2026, 12, 1, 9, 0);
    let app = SlackApp::start_on_at(
        fake.clone(),
        settings(&fake, dir.path()),
        due + Duration::seconds(1),
    )
    .await;
    // The scheduler draws the card first (seconds in a debug build on a busy machine).
    let completed = fake.wait_for("files.completeUploadExternal", 3).await;
    let into: BTreeSet<&str> = completed
        .iter()
        .filter_map(|c| c.body["channel_id"].as_str())
        .collect();
    assert_eq!(into, BTreeSet::from(["C0JOINT", "GU0MEERA", "GU0ROHAN"]));
    let uploaded = fake.wait_for("upload/F2", 1).await;
    assert_eq!(uploaded[0].body["png"], true);
    let summaries: BTreeSet<String> = fake
        .calls_to("chat.postMessage")
        .iter()
        .filter(|p| p.body.to_string().contains("Scorecard · November 2026"))
        .filter_map(|p| p.body["channel"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        summaries,
        BTreeSet::from(["C0JOINT", "U0MEERA", "U0ROHAN"].map(String::from))
    );
    assert!(dir.path().join("reports/scorecard-2026-11.png").exists());
    // Once only, over the days after and a restart: `scorecard.rs` steps the clock through
    // them on the scheduler itself.
    app.stop().await;
}
