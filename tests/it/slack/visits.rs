//! Logging a market visit through its Slack modal: `/tandem visit log` alone opens it for a
//! marketer, each problem shows beside its field, and a good form logs the visit as the typed
//! line would.

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{FakeSlack, SlackApp, settings};

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
