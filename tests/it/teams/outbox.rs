//! Teams behind the outbox, on a clock the test moves: rate limits are waited out exactly,
//! passing failures retried, blocked writes parked, a refused token replaced once.

use std::sync::Arc;

use chrono::Duration;
use serde_json::json;
use tandem::bot::{Bot, Incoming, Outcome};
use tandem::clock::{ManualClock, Movable};
use tandem::domain::Identity;
use tandem::outbox::{Delivered, Outbox};
use tandem::platform::teams::{Teams, TeamsSettings};
use tandem::platform::{Adapter, Platforms};
use tandem::store::{MemoryStore, Store};
use tokio::sync::Notify;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use super::activities::installed_in_team;
use super::fake::{ASHA, FakeTeams, GENERAL, PRIYA, TENANT, claims, keys, settings, sign};
use crate::helpers::monday;

const MARKETING_POSTS: &str = "/teams/v3/conversations/19%3Amktg%40thread.tacv2/activities";

pub struct Rig {
    pub fake: FakeTeams,
    pub clock: Arc<ManualClock>,
    pub bot: Bot,
    pub store: Arc<dyn Store>,
    pub outbox: Outbox<Platforms>,
    _data: tempfile::TempDir,
}

impl Rig {
    /// Teams installed in the team, and the connector answering `first` to the first card post.
    async fn new(first: ResponseTemplate) -> Rig {
        Self::with(first, Vec::new()).await
    }

    /// Like `new`, with other platforms beside Teams.
    pub async fn with(first: ResponseTemplate, others: Vec<Arc<dyn Adapter>>) -> Rig {
        let fake = FakeTeams::start(false).await;
        Mock::given(method("POST"))
            .and(path(MARKETING_POSTS))
            .respond_with(first)
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&fake.server)
            .await;
        FakeTeams::mount_connector(&fake.server).await;
        let data = tempfile::tempdir().expect("temp dir");
        let settings = settings(&fake.env(data.path()));
        let clock = Arc::new(ManualClock::at(monday()));
        let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
        let teams_settings = TeamsSettings::from_env(&settings.env)
            .expect("valid Teams settings")
            .expect("Teams is configured");
        let bot = Bot::new(Arc::new(settings), store.clone(), clock.clone());
        let teams = Teams::new(bot.clone(), teams_settings, Arc::new(Notify::new()));
        let mut adapters = vec![teams.adapter()];
        adapters.extend(others);
        let platforms = Platforms::new(adapters, store.clone());
        let outbox = Outbox::new(store.clone(), platforms, clock.clone());
        let rig = Rig {
            fake,
            clock,
            bot,
            store,
            outbox,
            _data: data,
        };
        rig.install(teams).await;
        rig
    }

    /// Serves the Teams routes for a moment, to be installed (so the service URL is known).
    async fn install(&self, teams: Teams) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!(
            "http://{}/api/messages",
            listener.local_addr().expect("addr")
        );
        let server = tokio::spawn(async move { axum::serve(listener, teams.routes()).await });
        let svc = self.fake.service_url();
        let activity = installed_in_team(&svc, GENERAL, &[(PRIYA, "Priya"), (ASHA, "Asha")]);
        let token = sign(
            &claims(&svc, self.clock.as_ref()),
            super::fake::KID,
            &keys().good,
        );
        let response = tandem::tls::http_client()
            .post(url)
            .bearer_auth(token)
            .json(&activity)
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status().as_u16(), 200);
        server.abort();
        let greeted = self.pass().await;
        assert_eq!(
            greeted,
            Delivered {
                sent: 1,
                failed: 0,
                paced: 0
            },
            "the greeting, by the outbox"
        );
    }

    fn file(&self) {
        let reply = self.bot.handle_blocking(&Incoming {
            from: Identity::Name("Asha".into()),
            text: "request pos Diwali shelf talkers".into(),
        });
        assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
    }

    pub async fn pass(&self) -> Delivered {
        self.outbox.deliver_due().await.expect("store works")
    }

    async fn card_posts(&self) -> usize {
        let calls = self.fake.connector_calls().await;
        calls
            .iter()
            .filter(|r| r.url.path() == MARKETING_POSTS)
            .count()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_card_is_delivered_once_after_the_wait() {
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "30");
    let rig = Rig::new(limited).await;
    rig.file();
    assert_eq!(
        rig.pass().await,
        Delivered {
            sent: 0,
            failed: 1,
            paced: 0
        }
    );
    assert_eq!(rig.card_posts().await, 1);
    rig.clock.advance(Duration::seconds(29));
    assert_eq!(
        rig.pass().await,
        Delivered::default(),
        "not before Retry-After"
    );
    assert_eq!(rig.card_posts().await, 1);
    rig.clock.advance(Duration::seconds(1));
    assert_eq!(
        rig.pass().await,
        Delivered {
            sent: 1,
            failed: 0,
            paced: 0
        }
    );
    assert_eq!(
        rig.card_posts().await,
        2,
        "one more try, and it went through"
    );
    rig.clock.advance(Duration::hours(1));
    assert_eq!(rig.pass().await, Delivered::default(), "and only once");
    assert_eq!(rig.store.outbox_depth().expect("depth"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_precondition_failure_is_retried_with_backoff() {
    let rig = Rig::new(ResponseTemplate::new(412)).await;
    rig.file();
    assert_eq!(
        rig.pass().await,
        Delivered {
            sent: 0,
            failed: 1,
            paced: 0
        }
    );
    rig.clock.advance(Duration::minutes(1));
    assert_eq!(
        rig.pass().await,
        Delivered {
            sent: 1,
            failed: 0,
            paced: 0
        }
    );
    assert_eq!(rig.card_posts().await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_writes_are_parked_with_their_error_and_not_retried() {
    let blocked = ResponseTemplate::new(403).set_body_json(
        json!({"error": {"code": "MessageWritesBlocked", "message": "Thread is blocked"}}),
    );
    let rig = Rig::new(blocked).await;
    rig.file();
    assert_eq!(
        rig.pass().await,
        Delivered {
            sent: 0,
            failed: 1,
            paced: 0
        }
    );
    let parked = rig.store.outbox_parked().expect("parked");
    assert_eq!(parked.len(), 1);
    let error = parked[0].last_error.clone().unwrap_or_default();
    assert!(error.contains("MessageWritesBlocked"), "{error}");
    rig.clock.advance(Duration::hours(2));
    assert_eq!(rig.pass().await, Delivered::default());
    assert_eq!(rig.card_posts().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_app_token_is_replaced_once() {
    let rig = Rig::new(ResponseTemplate::new(401)).await;
    rig.file();
    assert_eq!(
        rig.pass().await,
        Delivered {
            sent: 1,
            failed: 0,
            paced: 0
        }
    );
    assert_eq!(rig.card_posts().await, 2);
    let logins = rig.fake.calls_to(&format!("/login/{TENANT}/")).await;
    assert_eq!(logins, 2, "the cached token, then a fresh one");
}
