//! The scorecard in Slack: a lead's DM gets the summary, then the picture uploaded the way
//! Slack supports today (`files.getUploadURLExternal`, the bytes to the upload URL,
//! `files.completeUploadExternal` into the DM); a member is refused and nothing is uploaded.

use serde_json::Value;

use super::{FakeSlack, SlackApp};

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
