//! The fuzz bench's way in (`cargo bench --bench fuzz`, feature `fuzzing`): what
//! `POST /api/messages` reads from an activity before it acts, and the token check in front
//! of it, without a running app. Each function names what it got to, so the bench can show
//! how deep its inputs reach.

use std::collections::HashMap;
use std::sync::Arc;

use jsonwebtoken::DecodingKey;
use serde_json::Value;

use super::activity::Activity;
use super::address::Address;
use super::auth::{AuthError, Verifier};
use super::card::DATA_CARD;
use super::keys::{Key, KeyCache};
use super::mention::command_text;
use super::{invoke, review_form, visit_form};
use crate::clock::Clock;
use crate::domain::RequestId;

/// An activity body: read, its conversation's address made and read back, its text turned
/// into a command line, and its value (a button's data or a shared form) read the way a
/// message and an `adaptiveCard/action` invoke read it.
pub fn activity(body: &[u8]) -> &'static str {
    let Ok(activity) = serde_json::from_slice::<Activity>(body) else {
        return "not an activity";
    };
    if !activity.is_known_type() {
        return "unknown type";
    }
    let _ = (
        activity.tenant_id(),
        activity.sender_aad(),
        activity.is_personal(),
    );
    let address = Address::reply(&activity, activity.id.clone().unwrap_or_default());
    if let crate::message::Destination::Conversation { address, .. } = address.destination() {
        let _ = Address::decode(&address).map(|a| a.target());
    }
    let text = activity.text.as_deref().unwrap_or_default();
    let _ = command_text(text, &activity.entities, activity.bot_id(), |who| {
        who.name.clone()
    });
    let Some(value) = &activity.value else {
        return "no value";
    };
    submitted(value);
    let data = value.get("action").and_then(|a| a.get("data"));
    match data {
        Some(data) => {
            let _ = visit_form::submitted(data);
            submitted(data);
            let _ = data
                .get(DATA_CARD)
                .and_then(Value::as_str)
                .map(RequestId::parse);
            "invoke data"
        }
        None => "value",
    }
}

/// What a button's data or a shared form stands for, each way Tandem reads one.
fn submitted(data: &Value) {
    let _ = review_form::submitted(data);
    let _ = invoke::submitted_answers(data);
    let _ = visit_form::submitted_command(data);
    let _ = invoke::command_line(data);
}

/// The check of an `Authorization` header, against one fixed signing key (no key fetch).
pub struct Tokens {
    verifier: Verifier,
    runtime: tokio::runtime::Runtime,
}

impl Tokens {
    /// Tokens for `app_id`, signed with the key `kid` (`key`), endorsed for `channels`.
    pub fn new(
        app_id: &str,
        kid: &str,
        key: DecodingKey,
        channels: Vec<String>,
        clock: Arc<dyn Clock>,
    ) -> std::io::Result<Tokens> {
        let key = Key {
            decoding: key,
            endorsements: channels,
        };
        let keys = KeyCache::fixed(HashMap::from([(kid.to_string(), key)]), clock.clone());
        Ok(Tokens {
            verifier: Verifier::new(app_id.to_string(), Arc::new(keys), clock),
            runtime: tokio::runtime::Builder::new_current_thread().build()?,
        })
    }

    /// The header checked as the route checks it, then against the activity's channel and
    /// service URL.
    pub fn check(
        &self,
        authorization: Option<&str>,
        channel_id: &str,
        service_url: &str,
    ) -> Result<(), AuthError> {
        let verified = self.runtime.block_on(self.verifier.verify(authorization))?;
        verified.check_activity(channel_id, service_url)
    }
}
