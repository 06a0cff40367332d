//! The scorecard in Teams: a lead's DM carries the card with the summary and the picture as an
//! inline PNG attachment; a member is refused and gets no picture.

use wiremock::Request;

use super::activities::Who;
use super::app::TestApp;
use super::fake::ASHA;
use crate::helpers::monday;

const ROHAN: Who = ("aad-rohan", "29:rohan");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_gets_the_scorecard_as_a_picture_in_the_card() {
    let app = TestApp::start_at(monday()).await;
    app.say_privately(ROHAN, "report", "on its way to you as a picture")
        .await;
    let posted = app
        .say_privately(ROHAN, "help", "Scorecard · November 2026")
        .await;
    let attachments = posted["attachments"].as_array().expect("attachments");
    assert_eq!(attachments[0]["content"]["type"], "AdaptiveCard");
    assert!(attachments[0].to_string().contains("requests filed"));
    let picture = attachments
        .iter()
        .find(|a| a["contentType"] == "image/png")
        .expect("the picture beside the card");
    let url = picture["contentUrl"].as_str().expect("a data URL");
    let data = url
        .strip_prefix("data:image/png;base64,")
        .expect("an inline PNG");
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("base64");
    let png = resvg::tiny_skia::Pixmap::decode_png(&bytes).expect("a PNG");
    assert_eq!(png.width(), tandem::report::png::CARD_WIDTH);
    assert_eq!(picture["name"], "Tandem scorecard, November 2026");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_asking_for_the_scorecard_is_refused() {
    let app = TestApp::start_at(monday()).await;
    let refused = app
        .say_privately(ASHA, "report", "The scorecard is for leads")
        .await;
    assert!(!refused.to_string().contains("image/png"), "{refused}");
}

/// `[scorecard]` in the demo config: on Tuesday 1 December at 09:00 (Kolkata) Rohan, who has
/// talked to the bot before, gets November's card in his 1:1 chat with the picture inline,
/// inside Teams' message limit (the fake refuses a larger one with 413).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_first_working_day_a_lead_gets_the_month_before_with_its_picture() {
    let due = crate::looping::local(chrono_tz::Asia::Kolkata, 2026, 12, 1, 9, 0);
    let before = due - chrono::Duration::seconds(1);
    let app = TestApp::start_at(before - chrono::Duration::days(1)).await;
    // November on record, and Rohan's chat known to Tandem.
    app.say_privately(ASHA, "request pos Shelf talkers", "REQ-1")
        .await;
    app.say_privately(ROHAN, "help", "Tandem").await;
    // The scheduler wakes each second while its clock stands a second before a due time
    // (09:00 on 30 November); moved a day on, it fires the 1 December one.
    app.clock.set(due + chrono::Duration::seconds(1));
    let chat = "a%3Apersonal-aad-rohan";
    let card = |r: &Request| {
        r.url.path().contains(chat)
            && String::from_utf8_lossy(&r.body).contains("Scorecard · November 2026")
    };
    let posted = app
        .fake
        .wait_for("November's scorecard for Rohan", card)
        .await;
    let attachments = posted["attachments"].as_array().expect("attachments");
    let picture = attachments
        .iter()
        .find(|a| a["contentType"] == "image/png")
        .expect("the picture beside the card");
    assert_eq!(picture["name"], "Tandem scorecard, November 2026");
    assert!(
        posted
            .to_string()
            .contains("November 2026: 1 request filed (0 in October 2026)"),
        "{posted}"
    );
}
