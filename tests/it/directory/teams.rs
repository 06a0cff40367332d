//! A team synced from a Teams team's roster: the Bot Framework's paged members.

use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

use crate::helpers::monday;
use crate::teams::activities::personal_message;
use crate::teams::app::TestApp;
use crate::teams::fake::{MARKETING, PRIYA};

/// A roster read two members at a time: the continuation token `pN` starts at member N.
pub(super) struct Roster(pub(super) Vec<Value>);

impl Respond for Roster {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let from: usize = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "continuationToken")
            .and_then(|(_, v)| v.strip_prefix('p').and_then(|n| n.parse().ok()))
            .unwrap_or(0);
        let to = (from + 2).min(self.0.len());
        let mut page = json!({ "members": self.0[from.min(to)..to] });
        if to < self.0.len() {
            page["continuationToken"] = json!(format!("p{to}"));
        }
        ResponseTemplate::new(200).set_body_json(page)
    }
}

pub(super) fn member(aad: &str, name: &str, email: &str) -> Value {
    json!({ "id": format!("29:{aad}"), "aadObjectId": aad, "name": name,
            "email": email, "userPrincipalName": email })
}

#[tokio::test]
async fn a_teams_roster_is_read_page_by_page_and_a_lead_hears_what_changed() {
    let app = TestApp::start_edited(monday(), |text| {
        format!("{text}\n[directory]\nmarketing = {{ teams_team = \"{MARKETING}\" }}\n")
    })
    .await;
    let roster = vec![
        member(PRIYA.0, "Priya", "priya@monsoon.example"),
        member("aad-rohan", "Rohan", "rohan@monsoon.example"),
        member("aad-nisha", "Nisha", "nisha@monsoon.example"),
        member("aad-dev", "Dev", "dev@monsoon.example"),
        json!({ "id": "28:other-bot", "name": "Some bot" }),
        member("aad-zoya", "Zoya", "zoya@monsoon.example"),
    ];
    Mock::given(method("GET"))
        .and(path_regex("^/teams/v3/conversations/[^/]+/pagedmembers$"))
        .respond_with(Roster(roster))
        .mount(&app.fake.server)
        .await;
    // Teams reaches Tandem (so its service URL is known), then Rohan asks for a sync.
    let rohan = ("aad-rohan", "29:rohan");
    let hello = personal_message(&app.service_url(), rohan, "Rohan", "help");
    assert!(app.send(&hello).await.status().is_success());
    let sync = personal_message(&app.service_url(), rohan, "Rohan", "admin sync");
    assert!(app.send(&sync).await.status().is_success());
    let told = app
        .fake
        .wait_for("the sync's result", |r| {
            String::from_utf8_lossy(&r.body).contains("Directory synced")
        })
        .await;
    let text = told["text"].as_str().unwrap_or_default().to_string();
    assert!(
        text.contains("3 joined (Dev, Nisha, Zoya)"),
        "Priya and Rohan were known by their AAD IDs: {text}"
    );
    let calls = app
        .fake
        .server
        .received_requests()
        .await
        .unwrap_or_default();
    let tokens: Vec<Option<String>> = calls
        .iter()
        .filter(|r| r.url.path().ends_with("/pagedmembers"))
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "continuationToken")
                .map(|(_, v)| v.to_string())
        })
        .collect();
    let last = &tokens[tokens.len().saturating_sub(3)..];
    assert_eq!(
        last,
        [None, Some("p2".to_string()), Some("p4".to_string())],
        "three pages of two: {tokens:?}"
    );
}
