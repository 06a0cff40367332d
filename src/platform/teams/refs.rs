//! What Teams told us that we need to reach people and channels later, kept as typed records
//! in the store (`store::Kept`): the tenant and its service URL, conversations, users (and
//! their 1:1 chats), and the activity ID of each card. Writes here wait for no flush: what the
//! caller says next (an activity's answer) waits on a later ticket, which covers them.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::activity::{Account, Activity};
use super::connector::Target;
use crate::json_kept;
use crate::message::CardKey;
use crate::store::{Kept, Store, StoreError, Ticket};

/// The tenant the bot was last reached from, and how to reach it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TenantRef {
    pub tenant_id: Option<String>,
    pub service_url: String,
    /// The bot's own ID in Teams (`28:…`).
    pub bot_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRef {
    /// The Teams user ID (`29:…`).
    pub user_id: String,
    pub name: Option<String>,
    pub service_url: String,
    pub tenant_id: Option<String>,
    /// The 1:1 chat with the bot, once there is one.
    pub personal_conversation: Option<String>,
}

/// The service URL a conversation was seen at, by conversation ID.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
struct ConversationUrl(String);

/// The AAD object ID of a Teams user ID.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
struct AadOf(String);

/// The activity ID of a card posted to a conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
struct PostedCard(String);

/// A conversation that was greeted (stored as `1`).
struct Greeted;

/// One tenant at a time: its record has this one key.
const CURRENT: &str = "current";

json_kept!(TenantRef, "teams.tenant", str, |key| key.to_string());
json_kept!(UserRef, "teams.user", str, |aad| aad.to_string());
json_kept!(ConversationUrl, "teams.conversation", str, |id| id
    .to_string());
json_kept!(AadOf, "teams.user_id", str, |user_id| user_id.to_string());
json_kept!(PostedCard, "teams.card", (CardKey, String), |(
    card,
    conversation,
)| {
    format!("{}|{conversation}", card.as_str())
});

impl Kept for Greeted {
    const SPACE: &'static str = "teams.greeted";
    type Key = str;

    fn key(conversation: &str) -> String {
        conversation.to_string()
    }

    fn encode(&self) -> Vec<u8> {
        b"1".to_vec()
    }

    fn decode(_: &[u8]) -> Option<Self> {
        Some(Greeted)
    }
}

#[derive(Clone)]
pub struct Refs {
    store: Arc<dyn Store>,
}

impl Refs {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Refs { store }
    }

    /// Records the tenant, the conversation and the sender an activity shows.
    pub fn remember(&self, activity: &Activity) -> Result<(), StoreError> {
        let tenant = TenantRef {
            tenant_id: activity.tenant_id().map(str::to_string),
            service_url: activity.service_url.clone(),
            bot_id: activity.bot_id().map(str::to_string),
        };
        self.put_if_changed(CURRENT, &tenant)?;
        self.put_if_changed(
            activity.conversation.id.as_str(),
            &ConversationUrl(activity.service_url.clone()),
        )?;
        if let Some(from) = &activity.from {
            let personal = activity
                .is_personal()
                .then(|| activity.conversation.id.clone());
            self.remember_user(activity, from, personal)?;
        }
        Ok(())
    }

    /// Records a user seen in an activity (a sender, or a member added).
    pub fn remember_user(
        &self,
        activity: &Activity,
        user: &Account,
        personal: Option<String>,
    ) -> Result<(), StoreError> {
        let Some(aad) = &user.aad_object_id else {
            return Ok(());
        };
        let known: Option<UserRef> = self.get(aad.as_str())?;
        let record = UserRef {
            user_id: user.id.clone(),
            name: user.name.clone(),
            service_url: activity.service_url.clone(),
            tenant_id: activity.tenant_id().map(str::to_string),
            personal_conversation: personal
                .or_else(|| known.as_ref().and_then(|k| k.personal_conversation.clone())),
        };
        self.put_if_changed(aad.as_str(), &record)?;
        self.put_if_changed(user.id.as_str(), &AadOf(aad.clone()))
    }

    pub fn tenant(&self) -> Result<Option<TenantRef>, StoreError> {
        self.get(CURRENT)
    }

    pub fn user(&self, aad: &str) -> Result<Option<UserRef>, StoreError> {
        self.get(aad)
    }

    pub fn save_user(&self, aad: &str, user: &UserRef) -> Result<(), StoreError> {
        self.put_if_changed(aad, user)
    }

    /// The AAD object ID of a Teams user ID, if the user was seen.
    pub fn aad_of(&self, user_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self.get::<AadOf>(user_id)?.map(|aad| aad.0))
    }

    /// The service URL a conversation was seen at, else the tenant's.
    pub fn service_url(&self, conversation: &str) -> Result<Option<String>, StoreError> {
        if let Some(ConversationUrl(url)) = self.get(conversation)? {
            return Ok(Some(url));
        }
        Ok(self.tenant()?.map(|t| t.service_url))
    }

    /// The activity ID of a card posted to `conversation`.
    pub fn card(&self, key: &CardKey, conversation: &str) -> Result<Option<String>, StoreError> {
        let card = self.get::<PostedCard>(&(key.clone(), conversation.to_string()))?;
        Ok(card.map(|card| card.0))
    }

    /// Keeps a posted card's activity ID. Not waited for: the outbox records the delivery
    /// after it, so a crash that loses it also loses that record, and the card is posted again.
    pub fn save_card(
        &self,
        key: &CardKey,
        to: &Target,
        activity: &str,
    ) -> Result<Ticket, StoreError> {
        let key = (key.clone(), to.conversation_id.clone());
        self.store.keep(&key, &PostedCard(activity.to_string()))
    }

    /// True the first time a conversation is greeted.
    pub fn first_greeting(&self, conversation: &str) -> Result<(bool, Ticket), StoreError> {
        self.store.keep_new(conversation, &Greeted)
    }

    /// A record we cannot read is as good as none; it is rewritten on the next sighting.
    fn get<K: Kept>(&self, key: &K::Key) -> Result<Option<K>, StoreError> {
        match self.store.kept(key) {
            Err(StoreError::Corrupt(_)) => Ok(None),
            other => other,
        }
    }

    /// Writes only what changed: a write costs a trip through the store's writer.
    fn put_if_changed<K: Kept>(&self, key: &K::Key, value: &K) -> Result<(), StoreError> {
        self.store.keep_if_changed(key, value).map(drop)
    }
}
