//! A fake Bot Framework on 127.0.0.1: OpenID metadata, signing keys from RSA keys made here,
//! the token endpoint, and a connector under `/teams/` that, like Teams, refuses an activity
//! over the size limit with 413 (and a card Teams would not show whole with 400; see
//! `limits::teams_rules`).

use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use tandem::clock::Clock;
use tandem::config::{Env, Settings};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::limits::teams_rules;

pub const APP_ID: &str = "a1b2c3d4-0000-4000-8000-00000000a999";
pub const APP_PASSWORD: &str = "app-password-must-not-leak";
pub const ACCESS_TOKEN: &str = "connector-access-token-must-not-leak";
pub const TENANT: &str = "tenant-monsoon";
pub const BOT_ID: &str = "28:a1b2c3d4-0000-4000-8000-00000000a999";
pub const KID: &str = "key-teams";
pub const MARKETING: &str = "19:mktg@thread.tacv2";
pub const SALES: &str = "19:sales@thread.tacv2";
pub const GENERAL: &str = "19:general@thread.tacv2";

/// Configured people's AAD object IDs and Teams user IDs.
pub const ASHA: (&str, &str) = ("aad-asha", "29:asha");
pub const PRIYA: (&str, &str) = ("aad-priya", "29:priya");

pub struct Keys {
    pub good: EncodingKey,
    pub other: EncodingKey,
    pub jwk: Value,
    pub other_jwk: Value,
}

/// Two RSA keys, made once per test binary.
pub fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let (good, jwk) = rsa_key(KID);
        let (other, other_jwk) = rsa_key("key-other");
        Keys {
            good,
            other,
            jwk,
            other_jwk,
        }
    })
}

fn rsa_key(kid: &str) -> (EncodingKey, Value) {
    let private = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("keygen");
    let der = private.to_pkcs1_der().expect("pkcs1");
    let jwk = json!({
        "kty": "RSA", "use": "sig", "kid": kid,
        "n": URL_SAFE_NO_PAD.encode(private.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(private.e().to_bytes_be()),
        "endorsements": ["msteams"],
    });
    (EncodingKey::from_rsa_der(der.as_bytes()), jwk)
}

/// Claims of a good Bot Framework token for `service_url`, at the test clock's time.
pub fn claims(service_url: &str, clock: &dyn Clock) -> Value {
    let now = clock.now().timestamp();
    json!({
        "iss": "https://api.botframework.com",
        "aud": APP_ID,
        "exp": now + 3600,
        "nbf": now - 60,
        "serviceurl": service_url,
    })
}

pub fn sign(claims: &Value, kid: &str, key: &EncodingKey) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_string());
    jsonwebtoken::encode(&header, claims, key).expect("signs")
}

/// Answers connector posts with a new activity ID each time: the `n`th post to a path gets
/// `posted_id(path, n)`, so tests can tell which ID a card got.
struct NewActivity(Mutex<std::collections::HashMap<String, u64>>);

pub fn posted_id(path: &str, n: u64) -> String {
    let slug: String = path.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    format!(
        "act{n}-{}",
        slug.get(slug.len().saturating_sub(12)..).unwrap_or(&slug)
    )
}

/// The connector's answer to an activity Teams refuses, if it does.
fn refusal(request: &Request) -> Option<ResponseTemplate> {
    let refusal = teams_rules::check_activity(&request.body).err()?;
    let code = match refusal.status {
        413 => "MessageSizeTooBig",
        _ => "BadArgument",
    };
    let error = json!({"error": {"code": code, "message": refusal.why}});
    Some(ResponseTemplate::new(refusal.status).set_body_json(error))
}

/// Answers an update of an activity, unless Teams would refuse it.
struct Updated;

impl Respond for Updated {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        refusal(request)
            .unwrap_or_else(|| ResponseTemplate::new(200).set_body_json(json!({"id": "updated"})))
    }
}

impl Respond for NewActivity {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if let Some(refused) = refusal(request) {
            return refused;
        }
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = counts.entry(request.url.path().to_string()).or_insert(0);
        *n += 1;
        let id = posted_id(request.url.path(), *n);
        ResponseTemplate::new(201).set_body_json(json!({"id": id}))
    }
}

pub struct FakeTeams {
    pub server: MockServer,
}

impl FakeTeams {
    /// Metadata, keys and token endpoint; `connector` adds the default connector answers.
    pub async fn start(connector: bool) -> FakeTeams {
        // A server of its own, not one from wiremock's pool: a pooled one can still receive a
        // late call from the app of the test that used it before.
        let server = MockServer::builder().start().await;
        let keys = keys();
        Mock::given(method("GET"))
            .and(path("/openid"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "issuer": "https://api.botframework.com",
                "jwks_uri": format!("{}/keys", server.uri()),
                "id_token_signing_alg_values_supported": ["RS256"],
            })))
            .mount(&server)
            .await;
        let mut webchat = keys.other_jwk.clone();
        webchat["kid"] = json!("key-webchat");
        webchat["endorsements"] = json!(["webchat"]);
        Mock::given(method("GET"))
            .and(path("/keys"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"keys": [keys.jwk, webchat]})),
            )
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(format!("/login/{TENANT}/oauth2/v2.0/token")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "token_type": "Bearer", "expires_in": 3600, "access_token": ACCESS_TOKEN,
            })))
            .mount(&server)
            .await;
        if connector {
            Self::mount_connector(&server).await;
        }
        FakeTeams { server }
    }

    pub async fn mount_connector(server: &MockServer) {
        Mock::given(method("POST"))
            .and(path("/teams/v3/conversations"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "a:dm-asha"})))
            .mount(server)
            .await;
        Mock::given(method("POST"))
            .and(path_regex(
                "^/teams/v3/conversations/[^/]+/activities(/[^/]+)?$",
            ))
            .respond_with(NewActivity(Mutex::default()))
            .mount(server)
            .await;
        Mock::given(method("PUT"))
            .and(path_regex(
                "^/teams/v3/conversations/[^/]+/activities/[^/]+$",
            ))
            .respond_with(Updated)
            .mount(server)
            .await;
    }

    pub fn service_url(&self) -> String {
        format!("{}/teams/", self.server.uri())
    }

    /// Requests to the connector (not metadata, keys or tokens), in order.
    pub async fn connector_calls(&self) -> Vec<Request> {
        let all = self.server.received_requests().await.unwrap_or_default();
        all.into_iter()
            .filter(|r| r.url.path().starts_with("/teams/"))
            .collect()
    }

    pub async fn calls_to(&self, path_prefix: &str) -> usize {
        let all = self.server.received_requests().await.unwrap_or_default();
        all.iter()
            .filter(|r| r.url.path().starts_with(path_prefix))
            .count()
    }

    /// Waits (at most 10 s) until some connector call satisfies `pick`; returns its JSON body.
    pub async fn wait_for(&self, what: &str, pick: impl Fn(&Request) -> bool) -> Value {
        for _ in 0..200 {
            if let Some(found) = self.connector_calls().await.into_iter().find(|r| pick(r)) {
                return serde_json::from_slice(&found.body).unwrap_or(Value::Null);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let seen: Vec<String> = self
            .connector_calls()
            .await
            .iter()
            .map(|r| format!("{} {}", r.method, r.url.path()))
            .collect();
        panic!("no connector call for {what}; saw {seen:#?}");
    }

    pub fn env(&self, data_dir: &Path) -> Vec<(String, String)> {
        vec![
            ("TEAMS_APP_ID".into(), APP_ID.into()),
            ("TEAMS_APP_PASSWORD".into(), APP_PASSWORD.into()),
            ("TEAMS_TENANT_ID".into(), TENANT.into()),
            (
                "TEAMS_OPENID_METADATA_URL".into(),
                format!("{}/openid", self.server.uri()),
            ),
            (
                "TEAMS_LOGIN_URL".into(),
                format!("{}/login", self.server.uri()),
            ),
            ("TANDEM_DATA_DIR".into(), data_dir.display().to_string()),
            ("TANDEM_LISTEN".into(), "127.0.0.1:0".into()),
        ]
    }
}

/// The demo config with Teams IDs for the marketing and sales channels and for some people.
pub fn settings(env: &[(String, String)]) -> Settings {
    settings_with(env, |text| text)
}

/// `settings`, with the demo config's text changed by `edit` first.
pub fn settings_with(env: &[(String, String)], edit: impl FnOnce(String) -> String) -> Settings {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tandem.toml");
    let text = edit(std::fs::read_to_string(&file).expect("demo config"));
    let text = text
        .replace(
            "marketing = { slack = \"C0MKTG\" }",
            &format!("marketing = {{ slack = \"C0MKTG\", teams = \"{MARKETING}\" }}"),
        )
        .replace(
            "sales     = { slack = \"C0SALES\" }",
            &format!("sales     = {{ slack = \"C0SALES\", teams = \"{SALES}\" }}"),
        );
    let mut text = text;
    for (slack, aad) in [
        ("U0ASHA", ASHA.0),
        ("U0PRIYA", PRIYA.0),
        ("U0ROHAN", "aad-rohan"),
    ] {
        text = text.replace(
            &format!("slack = \"{slack}\"\n"),
            &format!("slack = \"{slack}\"\nteams = \"{aad}\"\n"),
        );
    }
    let env = Env::from_pairs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    Settings::from_toml(&text, &file, &env).expect("the test config loads")
}
