//! Every check of the Bot Framework token refuses with 401 and changes nothing.

use chrono::Duration;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use tandem::clock::Movable;

use super::activities::{channel_message, personal_message, text_of_reply};
use super::app::TestApp;
use super::fake::{ASHA, KID, claims, keys, sign};

const FILE: &str = "request pos Diwali shelf talkers qty:500";

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn without(mut claims: Value, key: &str) -> Value {
    claims.as_object_mut().expect("claims object").remove(key);
    claims
}

/// `{"alg":"none"}`: a token with no signature at all.
fn unsigned(claims: &Value) -> String {
    let b64 = |v: &Value| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(claims)
    )
}

fn hs256(claims: &Value) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(KID.into());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(b"guessable")).expect("signs")
}

/// Each check's failing case: a token that is right but for one thing (or no token).
fn bad_tokens(good: &Value, now: i64) -> Vec<(&'static str, Option<String>)> {
    let k = keys();
    vec![
        ("no token", None),
        ("not a JWT", Some("not-a-token".into())),
        (
            "wrong audience",
            Some(sign(
                &with(good.clone(), "aud", json!("someone-else")),
                KID,
                &k.good,
            )),
        ),
        (
            "wrong issuer",
            Some(sign(
                &with(good.clone(), "iss", json!("https://evil.example")),
                KID,
                &k.good,
            )),
        ),
        (
            "expired beyond the skew",
            Some(sign(
                &with(good.clone(), "exp", json!(now - 301)),
                KID,
                &k.good,
            )),
        ),
        (
            "not valid yet beyond the skew",
            Some(sign(
                &with(good.clone(), "nbf", json!(now + 301)),
                KID,
                &k.good,
            )),
        ),
        (
            "unknown key",
            Some(sign(good, "key-nobody-published", &k.good)),
        ),
        ("signed with another key", Some(sign(good, KID, &k.other))),
        ("HS256", Some(hs256(good))),
        ("alg none", Some(unsigned(good))),
        (
            "serviceurl of another service",
            Some(sign(
                &with(
                    good.clone(),
                    "serviceurl",
                    json!("https://elsewhere.example/teams/"),
                ),
                KID,
                &k.good,
            )),
        ),
        (
            "no serviceurl claim",
            Some(sign(&without(good.clone(), "serviceurl"), KID, &k.good)),
        ),
        (
            "no exp claim",
            Some(sign(&without(good.clone(), "exp"), KID, &k.good)),
        ),
        (
            "no aud claim",
            Some(sign(&without(good.clone(), "aud"), KID, &k.good)),
        ),
        (
            "key endorsed for webchat only",
            Some(sign(good, "key-webchat", &k.other)),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_token_is_refused_with_401_and_reaches_nothing() {
    let app = TestApp::start().await;
    let good = claims(&app.service_url(), app.clock.as_ref());
    let now = good["exp"].as_i64().expect("exp") - 3600;
    let cases = bad_tokens(&good, now);
    let activity = channel_message(&app.service_url(), super::fake::SALES, ASHA, "Asha", FILE);
    for (case, token) in &cases {
        let response = app.post(&activity, token.as_deref()).await;
        assert_eq!(response.status().as_u16(), 401, "{case}");
    }
    // Not even the reply or the token request went out.
    assert_eq!(app.fake.connector_calls().await.len(), 0);
    assert_eq!(app.fake.calls_to("/login").await, 0);

    // Tokens within the 5-minute skew pass: the cases above failed for their reason.
    let edge = with(
        with(good.clone(), "exp", json!(now - 299)),
        "nbf",
        json!(now + 299),
    );
    let response = app
        .post(&activity, Some(&sign(&edge, KID, &keys().good)))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let reply = app
        .fake
        .wait_for("the reply", |r| r.url.path().contains("messageid"))
        .await;
    assert!(text_of_reply(&reply).starts_with("Filed REQ-1"), "{reply}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_on_another_channel_than_the_keys_endorsement_is_refused() {
    let app = TestApp::start().await;
    let mut activity = personal_message(&app.service_url(), ASHA, "Asha", FILE);
    activity["channelId"] = json!("webchat");
    assert_eq!(app.send(&activity).await.status().as_u16(), 401);
    activity["channelId"] = json!("msteams");
    activity["serviceUrl"] = json!("https://elsewhere.example/teams/");
    assert_eq!(app.send(&activity).await.status().as_u16(), 401);
    assert_eq!(app.fake.connector_calls().await.len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_get_a_clear_status_and_change_nothing() {
    let app = TestApp::start().await;
    let token = app.good_token();
    let post_raw = |body: Vec<u8>| {
        app.http
            .post(&app.url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let big = vec![b' '; 1024 * 1024 + 1];
    assert_eq!(
        crate::helpers::oversized_status(|| post_raw(big.clone())).await,
        413
    );
    assert_eq!(
        post_raw(b"{not json".to_vec())
            .await
            .expect("answer")
            .status()
            .as_u16(),
        400
    );
    let mut odd = personal_message(&app.service_url(), ASHA, "Asha", FILE);
    odd["type"] = json!("somethingNew");
    assert_eq!(app.send(&odd).await.status().as_u16(), 400);
    let mut anonymous = personal_message(&app.service_url(), ASHA, "Asha", FILE);
    anonymous["from"] = json!({"id": "29:asha"});
    assert_eq!(app.send(&anonymous).await.status().as_u16(), 400);
    assert_eq!(app.fake.connector_calls().await.len(), 0);
    // Nothing was filed: the first real request is REQ-1.
    let ok = personal_message(&app.service_url(), ASHA, "Asha", FILE);
    assert_eq!(app.send(&ok).await.status().as_u16(), 200);
    let reply = app
        .fake
        .wait_for("the reply", |r| r.url.path().contains("personal-aad-asha"))
        .await;
    assert!(text_of_reply(&reply).starts_with("Filed REQ-1"), "{reply}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_key_refetches_the_keys_at_most_once_an_hour_and_keys_refresh_daily() {
    let app = TestApp::start().await;
    let activity = personal_message(&app.service_url(), ASHA, "Asha", "help");
    assert_eq!(app.send(&activity).await.status().as_u16(), 200);
    let fetched = app.fake.calls_to("/keys").await;
    assert!(fetched >= 1);
    let good = claims(&app.service_url(), app.clock.as_ref());
    let stranger = sign(&good, "key-unknown", &keys().good);
    for _ in 0..3 {
        assert_eq!(
            app.post(&activity, Some(&stranger)).await.status().as_u16(),
            401
        );
    }
    assert_eq!(
        app.fake.calls_to("/keys").await,
        fetched + 1,
        "one refetch for unknown keys"
    );
    app.clock.advance(Duration::minutes(61));
    let stranger = sign(
        &claims(&app.service_url(), app.clock.as_ref()),
        "key-unknown",
        &keys().good,
    );
    assert_eq!(
        app.post(&activity, Some(&stranger)).await.status().as_u16(),
        401
    );
    assert_eq!(
        app.fake.calls_to("/keys").await,
        fetched + 2,
        "an hour later, one more"
    );
    app.clock.advance(Duration::hours(24));
    let mut again = activity.clone();
    again["id"] = json!("message-after-a-day");
    assert_eq!(app.send(&again).await.status().as_u16(), 200);
    assert_eq!(
        app.fake.calls_to("/keys").await,
        fetched + 3,
        "a day later, refreshed"
    );
}
