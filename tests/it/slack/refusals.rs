//! Slack and the limits, end to end: the longest request and history reach a fake Slack that
//! refuses what Slack refuses, whole; and what Slack refuses all the same is parked for leads
//! while the channel, the person or the clicking hand gets a sentence that says so. The outbox
//! runs one pass at a time.

use std::sync::Arc;

use chrono::Utc;
use serde_json::{Value, json};
use tandem::bot::Bot;
use tandem::clock::ManualClock;
use tandem::config::Secret;
use tandem::domain::Input;
use tandem::outbox::{Delivered, Outbox};
use tandem::platform::Platforms;
use tandem::platform::slack::{SIGNATURE_HEADER, Slack, SlackSettings, TIMESTAMP_HEADER, sign};
use tandem::store::{MemoryStore, Store};

use super::{FakeSlack, SIGNING_SECRET, settings, slash_command};
use crate::limits::slack_rules::check_message;

/// Tandem's Slack routes on port 0 in front of a fake Slack, on a clock that stands still,
/// with an outbox the test runs by hand.
struct Rig {
    fake: FakeSlack,
    bot: Bot,
    store: Arc<dyn Store>,
    outbox: Outbox<Platforms>,
    clock: Arc<ManualClock>,
    base: String,
    http: reqwest::Client,
    server: tokio::task::JoinHandle<()>,
    _data: tempfile::TempDir,
}

impl Rig {
    async fn start() -> Rig {
        let fake = FakeSlack::start().await;
        let data = tempfile::tempdir().expect("temp dir");
        let settings = settings(&fake, data.path(), false);
        let slack_settings = SlackSettings::from_env(&settings.env)
            .expect("valid Slack settings")
            .expect("Slack is configured");
        let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
        let clock = Arc::new(ManualClock::at(Utc::now()));
        let bot = Bot::new(Arc::new(settings), store.clone(), clock.clone());
        let wake = Arc::new(tokio::sync::Notify::new());
        let slack = Slack::new(bot.clone(), slack_settings, wake).expect("Slack sets up");
        let platforms = Platforms::new(vec![slack.adapter()], store.clone());
        let outbox = Outbox::new(store.clone(), platforms, clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let routes = slack.routes();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, routes).await;
        });
        Rig {
            fake,
            bot,
            store,
            outbox,
            clock,
            base,
            http: reqwest::Client::new(),
            server,
            _data: data,
        }
    }

    /// Outbox passes until nothing is due; what they did, added up.
    async fn deliver(&self) -> Delivered {
        let mut total = Delivered::default();
        for _ in 0..1_000 {
            let pass = self.outbox.deliver_due().await.expect("store works");
            if pass == Delivered::default() {
                return total;
            }
            if pass.paced > 0 {
                // Slack's pace holds posts back: a second later they may go.
                use tandem::clock::Movable;
                self.clock.advance(chrono::Duration::seconds(1));
            }
            total.sent += pass.sent;
            total.failed += pass.failed;
        }
        panic!("the outbox kept finding work");
    }

    async fn post(&self, path: &str, content_type: &str, body: String) -> Value {
        let timestamp = self.bot.clock().now().timestamp().to_string();
        let signature = sign(&Secret::new(SIGNING_SECRET), &timestamp, body.as_bytes());
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .header(TIMESTAMP_HEADER, timestamp)
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await
            .expect("Tandem answers");
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let text = response.text().await.unwrap_or_default();
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// `/tandem <text>` typed by `user`; the answer must be one Slack takes.
    async fn command(&self, user: &str, text: &str) -> Value {
        let form = slash_command(&self.fake, user, text);
        let answer = self
            .post("/slack/commands", "application/x-www-form-urlencoded", form)
            .await;
        if let Err(refusal) = check_message(&answer) {
            panic!("Slack would refuse the answer to {text:?}: {refusal}");
        }
        answer
    }

    /// `user` clicks a Tandem button that runs `command`.
    async fn click(&self, user: &str, command: &str) {
        let payload = json!({
            "type": "block_actions", "team": { "id": "T1" }, "user": { "id": user }, "api_app_id": "A1",
            "container": { "type": "message", "message_ts": "1.1", "channel_id": "C0MKTG" },
            "trigger_id": "trigger-1", "channel": { "id": "C0MKTG" },
            "response_url": self.fake.response_url("click"),
            "actions": [{ "type": "button", "action_id": "run:0", "block_id": "b", "value": command,
                          "action_ts": "1.2", "text": { "type": "plain_text", "text": "x" } }]
        });
        let form = serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form");
        self.post(
            "/slack/interactions",
            "application/x-www-form-urlencoded",
            form,
        )
        .await;
    }

    fn parked(&self) -> Vec<String> {
        let parked = self.store.outbox_parked().expect("parked");
        parked.into_iter().filter_map(|e| e.last_error).collect()
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn long(pattern: &str, len: usize) -> String {
    crate::limits::check::long(pattern, len)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_longest_request_and_history_reach_slack_whole() {
    let rig = Rig::start().await;
    let title = long("R&D <ok> 🎉 a&b ", Input::Title.max_chars());
    let market = long("&<>", Input::Market.max_chars());
    let filed = rig
        .command(
            "U0ASHA",
            &format!("request pos {title} market:\"{market}\""),
        )
        .await;
    assert!(
        filed["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Filed REQ-1"))
    );
    for n in 0..60 {
        let user = ["U0ASHA", "U0PRIYA"][n % 2];
        let text = long(
            ["&<>", "🎉", "R&D <ok> 🎉 a&b "][n % 3],
            Input::Comment.max_chars(),
        );
        rig.command(user, &format!("comment 1 {text}")).await;
    }
    let delivered = rig.deliver().await;
    assert_eq!(delivered.failed, 0, "refused: {:#?}", rig.fake.refused());
    assert!(
        delivered.sent > 60 * 2,
        "the card, its updates, thread and DMs"
    );
    let card = &rig.fake.calls_to("chat.postMessage")[0];
    assert_eq!(card.body["channel"], "C0MKTG");
    assert!(
        card.body.to_string().contains(
            &market
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        )
    );

    let shown = rig.command("U0PRIYA", "show 1").await;
    assert!(
        shown
            .to_string()
            .contains("earlier steps: `show REQ-1 all`"),
        "{shown}"
    );
    let mut page = 1;
    let last = loop {
        let answer = rig
            .command("U0PRIYA", &format!("show 1 all page:{page}"))
            .await;
        if !answer
            .to_string()
            .contains(&format!("show REQ-1 all page:{}", page + 1))
        {
            break answer;
        }
        page += 1;
        assert!(page < 100, "the pages end");
    };
    assert!(page > 1, "a long history takes several pages");
    assert!(
        last.to_string()
            .contains(&format!("of 61 · page {page} of {page}")),
        "{last}"
    );
    assert!(rig.fake.refused().is_empty(), "{:#?}", rig.fake.refused());
    assert!(rig.parked().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_slack_refuses_is_parked_and_the_channel_gets_a_stand_in() {
    let rig = Rig::start().await;
    rig.fake.refuse_next("chat.postMessage", "invalid_blocks");
    rig.command("U0ASHA", "request pos Diwali shelf talkers")
        .await;
    assert_eq!(
        rig.deliver().await,
        Delivered {
            sent: 0,
            failed: 1,
            paced: 0
        }
    );
    assert_eq!(
        rig.parked(),
        vec!["Slack refused it: invalid_blocks".to_string()]
    );
    let posts = rig.fake.calls_to("chat.postMessage");
    assert_eq!(posts.len(), 2, "the card, then the stand-in");
    assert_eq!(posts[1].body["channel"], "C0MKTG");
    assert_eq!(
        posts[1].body["text"],
        "Tandem couldn't show “REQ-1 · Diwali shelf talkers” here (Slack refused it: \
         invalid_blocks); a lead can see it in `admin outbox`."
    );
    let outbox = rig.command("U0ROHAN", "admin outbox").await;
    assert!(
        outbox
            .to_string()
            .contains("Slack refused it: invalid_blocks"),
        "{outbox}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dm_slack_refuses_is_parked_and_the_person_gets_a_stand_in() {
    let rig = Rig::start().await;
    rig.command("U0ASHA", "request pos Diwali shelf talkers")
        .await;
    rig.deliver().await;
    rig.fake
        .refuse_next_to("chat.postMessage", "U0ASHA", "msg_too_long");
    rig.command("U0PRIYA", "ack 1").await;
    assert_eq!(
        rig.deliver().await,
        Delivered {
            sent: 2,
            failed: 1,
            paced: 0
        },
        "the DM to Asha"
    );
    assert_eq!(
        rig.parked(),
        vec!["Slack refused it: msg_too_long".to_string()]
    );
    let to_asha: Vec<String> = rig
        .fake
        .calls_to("chat.postMessage")
        .iter()
        .filter(|c| c.body["channel"] == "U0ASHA")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        to_asha.len(),
        2,
        "the notice Slack refused, then the stand-in"
    );
    assert!(
        to_asha[1].contains("(Slack refused it: msg_too_long)"),
        "{}",
        to_asha[1]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_slack_refuses_at_its_response_url_is_replaced_by_a_sentence() {
    let rig = Rig::start().await;
    rig.command("U0ASHA", "request pos Diwali shelf talkers")
        .await;
    rig.fake.refuse_next("respond/click", "invalid_blocks");
    rig.click("U0PRIYA", "ack REQ-1").await;
    let answers = rig.fake.calls_to("respond/click");
    assert_eq!(
        answers.len(),
        2,
        "the answer, then the sentence in its place"
    );
    assert!(answers[0].refused.is_some());
    let sentence = answers[1].body["text"].as_str().unwrap_or_default();
    assert!(
        sentence.contains("(Slack refused it: invalid_blocks); it was logged"),
        "{sentence}"
    );
    assert!(answers[1].refused.is_none());
}
