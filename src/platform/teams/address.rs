//! Where an answer in Teams goes: the conversation a command came from, under its message. It
//! travels through the outbox as a `Destination::Conversation` whose address only this
//! module reads.

use serde::{Deserialize, Serialize};

use super::activity::Activity;
use super::connector::Target;
use crate::message::Destination;
use crate::outbox::DeliveryError;

/// The name Teams goes by in routes and destinations.
pub const PLATFORM: &str = "teams";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub service_url: String,
    pub conversation_id: String,
    /// The activity answered (threaded under it in channels); none for a greeting.
    pub reply_to: Option<String>,
}

impl Address {
    /// The conversation of `activity`.
    pub fn new(activity: &Activity) -> Self {
        Address {
            service_url: activity.service_url.clone(),
            conversation_id: activity.conversation.id.clone(),
            reply_to: None,
        }
    }

    /// An answer to `activity`'s message `id`.
    pub fn reply(activity: &Activity, id: String) -> Self {
        Address {
            reply_to: Some(id),
            ..Address::new(activity)
        }
    }

    pub fn destination(&self) -> Destination {
        Destination::Conversation {
            platform: PLATFORM.into(),
            address: serde_json::to_string(self).unwrap_or_default(),
        }
    }

    /// The address a destination holds; a garbled one cannot be delivered, ever.
    pub fn decode(address: &str) -> Result<Address, DeliveryError> {
        serde_json::from_str(address)
            .map_err(|e| DeliveryError::unreachable(format!("not a Teams conversation: {e}")))
    }

    pub fn target(&self) -> Target {
        Target {
            service_url: self.service_url.clone(),
            conversation_id: self.conversation_id.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_survives_the_outbox() {
        let address = Address {
            service_url: "http://127.0.0.1:1/".into(),
            conversation_id: "19:abc@thread.tacv2;messageid=1".into(),
            reply_to: Some("1".into()),
        };
        let Destination::Conversation {
            platform,
            address: text,
        } = address.destination()
        else {
            panic!("a conversation");
        };
        assert_eq!(platform, PLATFORM);
        assert_eq!(Address::decode(&text).expect("decodes"), address);
        assert!(matches!(
            Address::decode("{"),
            Err(DeliveryError::Permanent(_))
        ));
    }
}
