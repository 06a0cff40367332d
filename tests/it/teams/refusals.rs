//! Teams and the limits, end to end: `show` of the longest history, and every page of
//! `show <ID> all`, reach a fake connector that refuses activities over the size limit (413);
//! and an answer Teams refuses all the same is parked for leads while the person gets a
//! sentence that says so. The outbox runs one pass at a time.

use std::sync::Arc;

use serde_json::{Value, json};
use tandem::bot::{Bot, Incoming, Outcome};
use tandem::clock::ManualClock;
use tandem::domain::{Identity, Input};
use tandem::outbox::{Delivered, Outbox};
use tandem::platform::Platforms;
use tandem::platform::teams::{Teams, TeamsSettings};
use tandem::store::{MemoryStore, Store};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, ResponseTemplate};

use super::activities::{installed_in_team, personal_message};
use super::fake::{ASHA, FakeTeams, GENERAL, KID, PRIYA, claims, keys, settings, sign};
use crate::helpers::monday;
use crate::limits::check::{ESCAPED, MIXED, WIDE, long};

/// Where the bot answers Asha's 1:1 messages: under each message she sent.
const ASHAS_ANSWERS: &str = "^/teams/v3/conversations/a%3Apersonal-aad-asha/activities/.+$";

/// Tandem's Teams route on port 0 in front of the fake Bot Framework, installed in the team,
/// with an outbox the test runs by hand.
struct Rig {
    fake: FakeTeams,
    bot: Bot,
    store: Arc<dyn Store>,
    outbox: Outbox<Platforms>,
    clock: Arc<ManualClock>,
    url: String,
    server: tokio::task::JoinHandle<()>,
    _data: tempfile::TempDir,
}

impl Rig {
    async fn start(fake: FakeTeams) -> Rig {
        let data = tempfile::tempdir().expect("temp dir");
        let settings = settings(&fake.env(data.path()));
        let clock = Arc::new(ManualClock::at(monday()));
        let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
        let teams_settings = TeamsSettings::from_env(&settings.env)
            .expect("valid Teams settings")
            .expect("Teams is configured");
        let bot = Bot::new(Arc::new(settings), store.clone(), clock.clone());
        let wake = Arc::new(tokio::sync::Notify::new());
        let teams = Teams::new(bot.clone(), teams_settings, wake);
        let platforms = Platforms::new(vec![teams.adapter()], store.clone());
        let outbox = Outbox::new(store.clone(), platforms, clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!(
            "http://{}/api/messages",
            listener.local_addr().expect("addr")
        );
        let routes = teams.routes();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, routes).await;
        });
        let rig = Rig {
            fake,
            bot,
            store,
            outbox,
            clock,
            url,
            server,
            _data: data,
        };
        let svc = rig.fake.service_url();
        rig.send(&installed_in_team(
            &svc,
            GENERAL,
            &[(PRIYA, "Priya"), (ASHA, "Asha")],
        ))
        .await;
        assert_eq!(
            rig.deliver().await,
            Delivered {
                sent: 1,
                failed: 0,
                paced: 0
            },
            "the greeting"
        );
        rig
    }

    async fn send(&self, activity: &Value) {
        let token = sign(
            &claims(&self.fake.service_url(), self.clock.as_ref()),
            KID,
            &keys().good,
        );
        let response = tandem::tls::http_client()
            .post(&self.url)
            .bearer_auth(token)
            .json(activity)
            .send()
            .await
            .expect("Tandem answers");
        assert_eq!(response.status().as_u16(), 200);
    }

    /// Asha writes `text` to the bot; returns the answers delivered to her since.
    async fn asha_says(&self, text: &str) -> (Delivered, Vec<Value>) {
        let before = self.answers_to_asha().await.len();
        let message = personal_message(&self.fake.service_url(), ASHA, "Asha", text);
        self.send(&message).await;
        let delivered = self.deliver().await;
        let answers = self.answers_to_asha().await;
        (delivered, answers[before..].to_vec())
    }

    /// `who` runs `line` straight on the bot (faster than through Teams).
    fn run(&self, who: &str, line: &str) {
        let reply = self.bot.handle_blocking(&Incoming {
            from: Identity::on("teams", who),
            text: line.into(),
        });
        assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
    }

    async fn answers_to_asha(&self) -> Vec<Value> {
        let calls = self.fake.connector_calls().await;
        calls
            .iter()
            .filter(|r| r.method.as_str() == "POST" && is_answer_to_asha(r.url.path()))
            .map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null))
            .collect()
    }

    async fn deliver(&self) -> Delivered {
        let mut total = Delivered::default();
        for _ in 0..1_000 {
            let pass = self.outbox.deliver_due().await.expect("store works");
            if pass == Delivered::default() {
                return total;
            }
            total.sent += pass.sent;
            total.failed += pass.failed;
        }
        panic!("the outbox kept finding work");
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

/// Whether `path` is one of Asha's answers (`ASHAS_ANSWERS`).
fn is_answer_to_asha(path: &str) -> bool {
    path.strip_prefix("/teams/v3/conversations/a%3Apersonal-aad-asha/activities/")
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

fn shown(answer: &Value) -> String {
    answer.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_and_every_page_of_the_longest_history_reach_teams_whole() {
    let rig = Rig::start(FakeTeams::start(true).await).await;
    let title = long(MIXED, Input::Title.max_chars());
    let market = long(ESCAPED, Input::Market.max_chars());
    rig.run(ASHA.0, &format!("request pos {title} market:\"{market}\""));
    for n in 0..60 {
        let who = [ASHA.0, PRIYA.0][n % 2];
        let text = long([WIDE, ESCAPED, MIXED][n % 3], Input::Comment.max_chars());
        rig.run(who, &format!("comment 1 {text}"));
    }
    let delivered = rig.deliver().await;
    assert_eq!(delivered.failed, 0, "{:?}", rig.parked());

    let (delivered, answers) = rig.asha_says("show 1").await;
    assert_eq!(
        delivered,
        Delivered {
            sent: 1,
            failed: 0,
            paced: 0
        }
    );
    assert!(shown(&answers[0]).contains("earlier steps: `show REQ-1 all`"));
    let mut page = 1;
    loop {
        let (delivered, answers) = rig.asha_says(&format!("show 1 all page:{page}")).await;
        assert_eq!(
            delivered,
            Delivered {
                sent: 1,
                failed: 0,
                paced: 0
            },
            "page {page}"
        );
        let text = shown(&answers[0]);
        if !text.contains(&format!("show REQ-1 all page:{}", page + 1)) {
            assert!(
                text.contains(&format!("of 61 · page {page} of {page}")),
                "{text}"
            );
            break;
        }
        page += 1;
        assert!(page < 100, "the pages end");
    }
    assert!(page > 1, "a long history takes several pages");
    assert!(rig.parked().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_teams_refuses_is_parked_and_the_person_gets_a_stand_in() {
    let fake = FakeTeams::start(false).await;
    let too_large = json!({"error": {"code": "MessageSizeTooBig", "message": "too large"}});
    Mock::given(method("POST"))
        .and(path_regex(ASHAS_ANSWERS))
        .respond_with(ResponseTemplate::new(413).set_body_json(too_large))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&fake.server)
        .await;
    FakeTeams::mount_connector(&fake.server).await;
    let rig = Rig::start(fake).await;
    rig.run(ASHA.0, "request pos Diwali shelf talkers");
    rig.deliver().await;

    let (delivered, answers) = rig.asha_says("show 1").await;
    assert_eq!(
        delivered,
        Delivered {
            sent: 0,
            failed: 1,
            paced: 0
        }
    );
    assert_eq!(
        rig.parked(),
        vec!["Teams refused it: HTTP 413 Payload Too Large MessageSizeTooBig".to_string()]
    );
    assert_eq!(
        answers.len(),
        2,
        "the answer Teams refused, then the stand-in"
    );
    assert_eq!(
        answers[1]["text"],
        "Tandem couldn't show “REQ-1 · Diwali shelf talkers” here (Teams refused it: HTTP 413 \
         Payload Too Large MessageSizeTooBig); a lead can see it in `admin outbox`."
    );
}
