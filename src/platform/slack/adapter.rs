//! The outgoing side: posts, card updates in place and thread replies, through the Web API.

use crate::bot::Bot;
use crate::domain::PersonName;
use crate::domain::membership::Source;
use crate::message::{CardKey, Destination, Outgoing};
use crate::outbox::DeliveryError;
use crate::platform::cards::{self, CardWork};
use crate::platform::{Adapter, Delivery, Listing};
use crate::store::Kept;

use super::api::Api;
use super::render;

/// Where a card's Slack message is kept: `channel ts`.
/// Where a card was posted: its channel and message `ts`, by card (stored as `channel ts`).
struct PostedCard {
    channel: String,
    ts: String,
}

impl Kept for PostedCard {
    const SPACE: &'static str = "slack_card";
    type Key = CardKey;

    fn key(card: &CardKey) -> String {
        card.as_str().to_string()
    }

    fn encode(&self) -> Vec<u8> {
        format!("{} {}", self.channel, self.ts).into_bytes()
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        let (channel, ts) = std::str::from_utf8(bytes).ok()?.split_once(' ')?;
        Some(PostedCard {
            channel: channel.to_string(),
            ts: ts.to_string(),
        })
    }
}

pub struct SlackAdapter {
    api: Api,
    bot: Bot,
}

impl SlackAdapter {
    pub(super) fn new(api: Api, bot: Bot) -> Self {
        SlackAdapter { api, bot }
    }

    /// The Slack channel or user ID for a destination.
    fn address(&self, to: &Destination) -> Option<String> {
        let settings = self.bot.settings();
        let directory = self.bot.directory();
        match to {
            Destination::Channel(name) => settings
                .channels
                .get(name)?
                .on(super::NAME)
                .map(str::to_string),
            Destination::Person(name) => directory
                .by_name(name.as_str())?
                .account_on(super::NAME)
                .map(str::to_string),
            // Slack's conversations are answered in the HTTP response or a DM, never queued.
            Destination::Conversation { .. } => None,
            // A group DM is opened when it is sent (`send_group`).
            Destination::Group(_) => None,
        }
    }

    /// The Slack user IDs of the people of a group who have one.
    fn users(&self, names: &[PersonName]) -> Vec<String> {
        let to_user = |name: &PersonName| self.address(&Destination::Person(name.clone()));
        names.iter().filter_map(to_user).collect()
    }

    /// One message to a group: their group DM with the bot (a DM when there is one person).
    async fn send_group(
        &self,
        names: &[PersonName],
        outgoing: &Outgoing,
    ) -> Result<(), DeliveryError> {
        let users = self.users(names);
        let users: Vec<&str> = users.iter().map(String::as_str).collect();
        let channel = match users.as_slice() {
            [] => return Ok(()),
            [user] => user.to_string(),
            several => self.api.open_group(several).await?,
        };
        let content = render::content(&outgoing.message);
        self.api.post(&channel, content, None).await.map(drop)
    }

    async fn send(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        if let Destination::Group(names) = &outgoing.to {
            return self.send_group(names, outgoing).await;
        }
        let address = self
            .address(&outgoing.to)
            .ok_or_else(|| DeliveryError::unreachable("no Slack ID for this destination"))?;
        let content = render::content(&outgoing.message);
        let posted = cards::card_of(&outgoing.op).and_then(|card| self.card(card));
        match cards::card_work(&outgoing.op, posted) {
            CardWork::Post(card) => {
                let ts = self.api.post(&address, content, None).await?;
                let posted = PostedCard {
                    channel: address,
                    ts,
                };
                cards::kept(super::NAME, card, self.bot.store().keep(card, &posted));
                Ok(())
            }
            CardWork::Update(_, posted) => {
                self.api.update(&posted.channel, &posted.ts, content).await
            }
            CardWork::Reply(posted) => self
                .api
                .post(&posted.channel, content, Some(&posted.ts))
                .await
                .map(drop),
            // A form in a conversation is a modal in Slack, which needs a click to open.
            CardWork::Plain | CardWork::Form(_) | CardWork::VisitForm(_) => {
                self.api.post(&address, content, None).await?;
                self.upload_pictures(&outgoing.to, &address, &outgoing.message)
                    .await
            }
        }
    }

    /// The message's pictures, each uploaded as a file after it: into the channel, or into
    /// the DM of a person.
    async fn upload_pictures(
        &self,
        to: &Destination,
        address: &str,
        message: &crate::message::Message,
    ) -> Result<(), DeliveryError> {
        let pictures: Vec<(&str, &str)> = message
            .blocks
            .iter()
            .filter_map(|b| match b {
                crate::message::Block::Image { path, alt } => Some((path.as_str(), alt.as_str())),
                _ => None,
            })
            .collect();
        if pictures.is_empty() {
            return Ok(());
        }
        let channel = match to {
            Destination::Person(_) => self.api.open_group(&[address]).await?,
            _ => address.to_string(),
        };
        for (path, alt) in pictures {
            let bytes = tokio::fs::read(path).await.map_err(|error| {
                DeliveryError::unreachable(format!("the picture {path} could not be read: {error}"))
            })?;
            let name = std::path::Path::new(path)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("picture.png");
            self.api.upload_png(&channel, name, bytes, alt).await?;
        }
        Ok(())
    }

    fn card(&self, card: &CardKey) -> Option<PostedCard> {
        self.bot.store().kept::<PostedCard>(card).ok()?
    }
}

impl Adapter for SlackAdapter {
    fn name(&self) -> &'static str {
        "slack"
    }

    fn reaches(&self, to: &Destination) -> bool {
        match to {
            Destination::Group(names) => self.users(names).len() == names.len(),
            _ => self.address(to).is_some(),
        }
    }

    fn deliver<'a>(&'a self, outgoing: &'a Outgoing) -> Delivery<'a> {
        Box::pin(self.send(outgoing))
    }

    fn members<'a>(&'a self, source: &'a Source) -> Listing<'a> {
        Box::pin(self.api.members(source))
    }

    fn pace(&self) -> Option<crate::outbox::Pace> {
        Some(super::limits::PACE)
    }
}
