//! The parts of a Bot Framework Activity that Tandem reads. Unknown fields are ignored; the
//! fields a kind of activity cannot do without are checked where it is handled.

use serde::Deserialize;
use serde_json::Value;

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub id: Option<String>,
    pub service_url: String,
    pub channel_id: String,
    #[serde(default)]
    pub from: Option<Account>,
    pub conversation: Conversation,
    #[serde(default)]
    pub recipient: Option<Account>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// An invoke's name (`adaptiveCard/action`).
    #[serde(default)]
    pub name: Option<String>,
    /// An invoke's payload, or the data of an `Action.Submit` in a message.
    #[serde(default)]
    pub value: Option<Value>,
    #[serde(default)]
    pub channel_data: Option<ChannelData>,
    #[serde(default)]
    pub members_added: Vec<Account>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub aad_object_id: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub id: String,
    #[serde(default)]
    pub conversation_type: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Entity {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub mentioned: Option<Account>,
    /// The mention as it appears in the text: `<at>Priya Sharma</at>`.
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ChannelData {
    #[serde(default)]
    pub tenant: Option<IdOnly>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct IdOnly {
    pub id: String,
}

/// Every activity type the Bot Framework defines; others are refused as malformed.
const KNOWN_TYPES: &[&str] = &[
    "message",
    "contactRelationUpdate",
    "conversationUpdate",
    "typing",
    "endOfConversation",
    "event",
    "invoke",
    "deleteUserData",
    "messageUpdate",
    "messageDelete",
    "installationUpdate",
    "messageReaction",
    "suggestion",
    "trace",
    "handoff",
    "command",
    "commandResult",
];

impl Activity {
    pub fn is_known_type(&self) -> bool {
        KNOWN_TYPES.contains(&self.kind.as_str())
    }

    /// The tenant, from the conversation or the channel data.
    pub fn tenant_id(&self) -> Option<&str> {
        self.conversation.tenant_id.as_deref().or_else(|| {
            self.channel_data
                .as_ref()
                .and_then(|c| c.tenant.as_ref())
                .map(|t| t.id.as_str())
        })
    }

    /// The sender's Azure AD object ID: how configured people are named in Teams.
    pub fn sender_aad(&self) -> Option<&str> {
        self.from.as_ref().and_then(|f| f.aad_object_id.as_deref())
    }

    pub fn bot_id(&self) -> Option<&str> {
        self.recipient.as_ref().map(|r| r.id.as_str())
    }

    pub fn is_personal(&self) -> bool {
        self.conversation.conversation_type.as_deref() == Some("personal")
    }
}
