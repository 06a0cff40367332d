//! What Teams told us that we need to reach people and channels later, kept as small records
//! in the store: the tenant and its service URL, conversations, users (and their 1:1 chats),
//! and the activity ID of each card. Writes here wait for no flush: what the caller says
//! next (an activity's answer) waits on a later ticket, which covers them.

use std::sync::Arc;

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use super::activity::{Account, Activity};
use super::connector::Target;
use crate::message::CardKey;
use crate::store::{Store, StoreError, Ticket};

const TENANT: &str = "teams.tenant";
const CONVERSATION: &str = "teams.conversation";
const USER: &str = "teams.user";
const USER_ID: &str = "teams.user_id";
const CARD: &str = "teams.card";
const GREETED: &str = "teams.greeted";
const CURRENT: &str = "current";

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
        self.put_if_changed(TENANT, CURRENT, &tenant)?;
        self.put_if_changed(
            CONVERSATION,
            &activity.conversation.id,
            &activity.service_url,
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
        let known: Option<UserRef> = self.get(USER, aad)?;
        let record = UserRef {
            user_id: user.id.clone(),
            name: user.name.clone(),
            service_url: activity.service_url.clone(),
            tenant_id: activity.tenant_id().map(str::to_string),
            personal_conversation: personal
                .or_else(|| known.as_ref().and_then(|k| k.personal_conversation.clone())),
        };
        self.put_if_changed(USER, aad, &record)?;
        self.put_if_changed(USER_ID, &user.id, aad)
    }

    pub fn tenant(&self) -> Result<Option<TenantRef>, StoreError> {
        self.get(TENANT, CURRENT)
    }

    pub fn user(&self, aad: &str) -> Result<Option<UserRef>, StoreError> {
        self.get(USER, aad)
    }

    pub fn save_user(&self, aad: &str, user: &UserRef) -> Result<(), StoreError> {
        self.put_if_changed(USER, aad, user)
    }

    /// The AAD object ID of a Teams user ID, if the user was seen.
    pub fn aad_of(&self, user_id: &str) -> Result<Option<String>, StoreError> {
        self.get(USER_ID, user_id)
    }

    /// The service URL a conversation was seen at, else the tenant's.
    pub fn service_url(&self, conversation: &str) -> Result<Option<String>, StoreError> {
        if let Some(url) = self.get::<String>(CONVERSATION, conversation)? {
            return Ok(Some(url));
        }
        Ok(self.tenant()?.map(|t| t.service_url))
    }

    /// The activity ID of a card posted to `conversation`.
    pub fn card(&self, key: &CardKey, conversation: &str) -> Result<Option<String>, StoreError> {
        self.get(CARD, &card_key(key, conversation))
    }

    /// Keeps a posted card's activity ID. Not waited for: the outbox records the delivery
    /// after it, so a crash that loses it also loses that record, and the card is posted again.
    pub fn save_card(&self, key: &CardKey, to: &Target, activity: &str) -> Result<(), StoreError> {
        let bytes = encode(activity)?;
        let key = card_key(key, &to.conversation_id);
        self.store.kv_put(CARD, &key, &bytes).map(drop)
    }

    /// True the first time a conversation is greeted.
    pub fn first_greeting(&self, conversation: &str) -> Result<(bool, Ticket), StoreError> {
        self.store.kv_insert_new(GREETED, conversation, b"1")
    }

    fn get<T: DeserializeOwned>(&self, space: &str, key: &str) -> Result<Option<T>, StoreError> {
        let Some(bytes) = self.store.kv_get(space, key)? else {
            return Ok(None);
        };
        // A record we cannot read is as good as none; it is rewritten on the next sighting.
        Ok(serde_json::from_slice(&bytes).ok())
    }

    /// Writes only what changed: a write costs a trip through the store's writer.
    fn put_if_changed<T: Serialize + ?Sized>(
        &self,
        space: &str,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let bytes = encode(value)?;
        if self.store.kv_get(space, key)?.as_deref() == Some(bytes.as_slice()) {
            return Ok(());
        }
        self.store.kv_put(space, key, &bytes).map(drop)
    }
}

fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value)
        .map_err(|e| StoreError::Backend(format!("encoding a Teams record: {e}")))
}

fn card_key(key: &CardKey, conversation: &str) -> String {
    format!("{}|{conversation}", key.as_str())
}
