//! Market visits in Slack: `/tandem visit log` alone opens a modal for a marketer, each problem
//! shows beside its field, and a good form logs the visit as the typed line would. The buttons
//! around a visit (accept or decline an invitation, what I learnt, vouch or dispute) run the
//! same commands as the typed lines, end to end against the fake.

use chrono::{TimeZone, Utc};
use chrono_tz::Asia::Kolkata;
use chrono_tz::Europe::London;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{FakeSlack, SlackApp, settings};
use crate::looping::local;

fn text(value: &str) -> Value {
    json!({ "value": { "type": "plain_text_input", "value": value } })
}

fn date(day: &str) -> Value {
    json!({ "value": { "type": "datepicker", "selected_date": day } })
}

fn chosen(value: &str) -> Value {
    json!({ "value": { "type": "static_select",
        "selected_option": { "text": { "type": "plain_text", "text": value }, "value": value } } })
}

fn form(
    market: &str,
    day: &str,
    companion: Option<&str>,
    kind: Option<&str>,
    learnt: &str,
) -> Value {
    let mut values =
        json!({ "market": text(market), "date": date(day), "learnings": text(learnt) });
    if let Some(companion) = companion {
        values["companion"] = chosen(companion);
    }
    if let Some(kind) = kind {
        values["kind"] = chosen(kind);
    }
    values
}

#[tokio::test]
async fn visit_log_alone_opens_a_form_for_a_marketer_whose_errors_show_beside_their_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = FakeSlack::start().await;
    let settings = settings(&fake, dir.path(), false);
    // Thursday 3 December 2026, 15:30 in Kolkata.
    let now = Utc
        .with_ymd_and_hms(2026, 12, 3, 10, 0, 0)
        .single()
        .expect("time");
    let app = SlackApp::start_on_at(fake, settings, now).await;

    let (status, answer) = app.command("U0PRIYA", "visit log").await;
    assert_eq!(
        (status, answer),
        (StatusCode::OK, Value::Null),
        "the answer is the modal"
    );
    let opened = app.fake.wait_for("views.open", 1).await.remove(0);
    let view = &opened.body["view"];
    assert_eq!(view["callback_id"], "tandem_visit");
    assert_eq!(view["private_metadata"], "C0SALES");
    let blocks = view["blocks"].as_array().expect("blocks");
    let ids: Vec<&str> = blocks
        .iter()
        .filter_map(|b| b["block_id"].as_str())
        .collect();
    assert_eq!(ids, ["market", "date", "companion", "kind", "learnings"]);
    assert_eq!(blocks[1]["element"]["initial_date"], "2026-12-03");
    let names: Vec<&str> = blocks[2]["element"]["options"]
        .as_array()
        .expect("Sales people")
        .iter()
        .filter_map(|o| o["value"].as_str())
        .collect();
    assert_eq!(names, ["Asha", "Vikram", "Meera"]);
    assert_eq!(blocks[3]["element"]["options"][1]["value"], "ride-along");

    // Sales does not log visits: the typed usage, as before, and no form.
    let (status, answer) = app.command("U0ASHA", "visit log").await;
    assert_eq!(status, StatusCode::OK);
    let said = answer["text"].as_str().unwrap_or_default();
    assert!(said.contains("`visit log` needs the market"), "{answer}");
    assert_eq!(app.fake.calls_to("views.open").len(), 1, "no second form");

    let submit = |values: Value| app.submit("U0PRIYA", "tandem_visit", "C0SALES", values);
    let (status, errors) = submit(form("  ", "2026-12-03", None, None, " ")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(errors["response_action"], "errors");
    assert_eq!(errors["errors"]["market"], "Which market? Like Pune West.");
    let learnt = errors["errors"]["learnings"].as_str().unwrap_or_default();
    assert!(learnt.starts_with("What did you learn?"), "{errors}");

    let (_, errors) = submit(form("Pune West", "2026-12-10", None, None, "packs")).await;
    let why = errors["errors"]["date"].as_str().unwrap_or_default();
    assert!(why.starts_with("2026-12-10 is in the future"), "{errors}");

    let (_, errors) = submit(form(
        "Pune West",
        "2026-12-01",
        Some("Rohan"),
        None,
        "packs",
    ))
    .await;
    let why = errors["errors"]["companion"].as_str().unwrap_or_default();
    assert!(why.contains("Rohan is in Marketing"), "{errors}");

    let (_, errors) = submit(form(
        "Pune West",
        "2026-12-01",
        None,
        Some("beach"),
        "packs",
    ))
    .await;
    let why = errors["errors"]["kind"].as_str().unwrap_or_default();
    assert!(
        why.starts_with("\"beach\" is not a kind of visit"),
        "{errors}"
    );
    assert!(
        app.fake.calls_to("chat.postMessage").is_empty()
            && app.fake.calls_to("chat.postEphemeral").is_empty(),
        "nothing was logged"
    );

    let good = form(
        "Pune \"West\" kind:store",
        "2026-12-01",
        Some("Asha"),
        Some("ride-along"),
        "shops want smaller packs with:@Meera",
    );
    let (status, answer) = submit(good).await;
    assert_eq!((status, answer), (StatusCode::OK, Value::Null));
    let confirmation = app.fake.wait_for("chat.postEphemeral", 1).await.remove(0);
    assert_eq!(confirmation.body["user"], "U0PRIYA");
    let confirmed = confirmation.body["text"].as_str().unwrap_or_default();
    assert!(
        confirmed
            .starts_with("Logged VIS-1 · Priya in Pune \"West\" kind:store with Asha on Tue 1 Dec"),
        "a field's words stay in their field: {confirmed}"
    );
    let card = app.fake.wait_for("chat.postMessage", 1).await.remove(0);
    assert_eq!(card.body["channel"], "C0SALES");
    let posted = card.body.to_string();
    assert!(
        posted.contains("shops want smaller packs with:@Meera"),
        "{posted}"
    );
    app.stop().await;
}

/// Waits for a post to `channel` whose JSON contains `needle`, with outbox passes and the
/// clock stepped a second at a time (Slack's pace holds back a fourth post to one DM).
async fn post_to(app: &SlackApp, channel: &str, needle: &str) -> Value {
    use tandem::clock::Movable;
    for _ in 0..100 {
        app.outbox_pass().await;
        let posts = app.fake.calls_to("chat.postMessage");
        let found = posts
            .into_iter()
            .find(|p| p.body["channel"] == channel && p.body.to_string().contains(needle));
        if let Some(post) = found {
            return post.body;
        }
        app.clock.advance(chrono::Duration::seconds(1));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!(
        "no post to {channel} with {needle:?}: {:#?}",
        app.fake.calls_to("chat.postMessage")
    );
}

/// A message's buttons: (command, action ID).
fn buttons(post: &Value) -> Vec<(String, String)> {
    let blocks = post["blocks"].as_array().into_iter().flatten();
    let elements = blocks.flat_map(|b| b["elements"].as_array().into_iter().flatten());
    elements
        .filter_map(|e| Some((e["value"].as_str()?.into(), e["action_id"].as_str()?.into())))
        .collect()
}

/// `user` clicks `button`; returns the `n`th answer to a click (from 1).
async fn click(app: &SlackApp, user: &str, button: &(String, String), n: usize) -> String {
    assert_eq!(app.click(user, &button.0, &button.1).await, StatusCode::OK);
    let answers = app.fake.wait_for("respond/click", n).await;
    answers[n - 1].body.to_string()
}

/// `user` clicks `button`, which asks for a text: the form opens (the `n`th, from 1) for the
/// button's command, and `text` is submitted in it. Returns the submission's answer.
async fn click_and_fill(
    app: &SlackApp,
    user: &str,
    button: &(String, String),
    n: usize,
    typed: &str,
) -> Value {
    assert_eq!(app.click(user, &button.0, &button.1).await, StatusCode::OK);
    let opened = app.fake.wait_for("views.open", n).await.remove(n - 1);
    let view = &opened.body["view"];
    assert_eq!(view["private_metadata"], button.0.as_str(), "{view}");
    let values = json!({ "reason": text(typed) });
    let (status, answer) = app.submit(user, "tandem_reason", &button.0, values).await;
    assert_eq!(status, StatusCode::OK);
    answer
}

fn pair(command: &str, action_id: &str) -> (String, String) {
    (command.into(), action_id.into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_is_accepted_learnt_and_vouched_for_with_buttons_and_one_declined_with_a_reason()
 {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = FakeSlack::start().await;
    // Tuesday 1 December 2026, 10:00 in Kolkata.
    let now = local(Kolkata, 2026, 12, 1, 10, 0);
    let app = SlackApp::start_on_at(fake.clone(), settings(&fake, dir.path(), false), now).await;
    let invite = "visit invite @Priya market:\"Pune West\" on:2026-12-02 new shelf layout";
    let (_, answer) = app.command("U0ASHA", invite).await;
    assert!(answer.to_string().contains("Invited Priya"), "{answer}");
    let asked = post_to(&app, "U0PRIYA", "Asha asks you along to Pune West").await;
    let offered = buttons(&asked);
    assert_eq!(
        offered,
        [
            pair("visit accept VIS-1", "run:0"),
            pair("visit decline VIS-1", "ask:1:reason")
        ]
    );
    let accepted = click(&app, "U0PRIYA", &offered[0], 1).await;
    assert!(
        accepted.contains("You're going: Priya in Pune West with Asha"),
        "{accepted}"
    );
    post_to(&app, "U0ASHA", "Priya accepted: Pune West").await;

    let second = "visit invite @Priya market:Thane on:2026-12-04";
    app.command("U0ASHA", second).await;
    let asked = post_to(&app, "U0PRIYA", "Asha asks you along to Thane").await;
    let offered = buttons(&asked);
    // A decline needs its reason: an empty one is refused beside the field.
    assert_eq!(
        app.click("U0PRIYA", &offered[1].0, &offered[1].1).await,
        StatusCode::OK
    );
    app.fake.wait_for("views.open", 1).await;
    let empty = json!({ "reason": text(" ") });
    let (_, refused) = app
        .submit("U0PRIYA", "tandem_reason", &offered[1].0, empty)
        .await;
    assert_eq!(refused["response_action"], "errors", "{refused}");
    let declined = click_and_fill(&app, "U0PRIYA", &offered[1], 2, "launch week in Mumbai").await;
    assert_eq!(declined, Value::Null, "the form closes");
    post_to(
        &app,
        "U0ASHA",
        "Priya can't come to Thane (VIS-2): launch week in Mumbai",
    )
    .await;
    let late = click(&app, "U0PRIYA", &offered[0], 2).await;
    assert!(late.contains("VIS-2 is declined already."), "{late}");
    app.stop().await;

    // Thursday, the working day after the visit: what did Priya learn? Her Slack profile (the
    // fake's) puts her in London, so it is her first sweep in working hours, at 09:30 there.
    let due = local(London, 2026, 12, 3, 9, 30);
    let settings = settings(&fake, dir.path(), false);
    let app =
        SlackApp::start_on_at(fake.clone(), settings, due - chrono::Duration::seconds(1)).await;
    app.clock.set(due + chrono::Duration::seconds(1));
    let ask = post_to(&app, "U0PRIYA", "How was Priya in Pune West with Asha").await;
    let learnt = buttons(&ask);
    assert_eq!(learnt, [pair("visit log VIS-1", "ask:0:learning")]);
    let logged = click_and_fill(&app, "U0PRIYA", &learnt[0], 3, "shops want smaller packs").await;
    assert_eq!(logged, Value::Null, "the form closes");
    post_to(
        &app,
        "C0SALES",
        "Priya was in Pune West with Asha: shops want smaller packs",
    )
    .await;
    let vouch = post_to(&app, "U0ASHA", "Can you vouch that it happened?").await;
    let offered = buttons(&vouch);
    assert_eq!(
        offered,
        [
            pair("visit vouch VIS-1", "run:0"),
            pair("visit dispute VIS-1", "ask:1:reason")
        ]
    );
    let stranger = click(&app, "U0VIKRAM", &offered[0], 3).await;
    assert!(
        stranger.contains("Only Asha, who was named on VIS-1, can vouch"),
        "{stranger}"
    );
    let vouched = click(&app, "U0ASHA", &offered[0], 4).await;
    assert!(
        vouched.contains("shows \\\"vouched by Asha\\\""),
        "{vouched}"
    );
    post_to(&app, "U0PRIYA", "Asha vouched for VIS-1 (Pune West).").await;
    let (_, list) = app.command("U0PRIYA", "visit list mine").await;
    let list = list.to_string();
    assert!(list.contains("done 1 (1 vouched), planned 0"), "{list}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_companion_disputes_a_logged_visit_with_its_button_and_it_stops_counting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = FakeSlack::start().await;
    let now = local(Kolkata, 2026, 12, 3, 10, 0);
    let app = SlackApp::start_on_at(fake.clone(), settings(&fake, dir.path(), false), now).await;
    let log = "visit log market:Thane with:@Asha on:2026-12-01 the distributor is slow";
    let (_, answer) = app.command("U0PRIYA", log).await;
    assert!(
        answer.to_string().contains("Asha is asked to vouch"),
        "{answer}"
    );
    let vouch = post_to(&app, "U0ASHA", "Can you vouch that it happened?").await;
    let dispute = buttons(&vouch).remove(1);
    assert_eq!(dispute, pair("visit dispute VIS-1", "ask:1:reason"));
    let said = click_and_fill(&app, "U0ASHA", &dispute, 1, "I was in Nashik that day").await;
    assert_eq!(said, Value::Null, "the form closes");
    let text = "Asha says VIS-1 (Priya in Thane with Asha on 2026-12-01) didn't happen: I was in Nashik that day";
    post_to(&app, "U0PRIYA", text).await;
    post_to(&app, "U0ROHAN", text).await;
    let (_, list) = app.command("U0PRIYA", "visit list mine").await;
    let list = list.to_string();
    assert!(list.contains("done 0 (0 vouched)"), "{list}");
    assert!(
        list.contains("disputed by Asha: not counted until settled"),
        "{list}"
    );
    // Disputed once: the button again is refused in the form, and nothing changes.
    let again = click_and_fill(&app, "U0ASHA", &dispute, 2, "still no").await;
    assert_eq!(
        again["errors"]["reason"], "VIS-1 is disputed already.",
        "{again}"
    );
    app.stop().await;
}
