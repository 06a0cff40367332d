//! The outbox's way into Teams: a configured channel by its `teams` ID, a person by their
//! 1:1 chat with the bot (created the first time from the stored tenant and service URL).
//! Cards remember their activity ID, so a status change updates the card in place and
//! replies in its thread.

use std::sync::Arc;

use serde_json::json;

use super::address::{Address, PLATFORM};
use super::card::message_activity;
use super::connector::Target;
use super::form::answer_form_activity;
use super::refs::UserRef;
use super::setup::Shared;
use super::visit_form::visit_form_activity;
use crate::domain::PersonName;
use crate::domain::membership::Source;
use crate::message::{Destination, Op, Outgoing};
use crate::outbox::DeliveryError;
use crate::platform::cards::{self, CardWork};
use crate::platform::{Adapter, Delivery, Listing};
use crate::store::StoreError;

pub struct TeamsAdapter {
    teams: Arc<Shared>,
}

impl TeamsAdapter {
    pub(super) fn new(teams: Arc<Shared>) -> Self {
        TeamsAdapter { teams }
    }

    async fn send(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        if let Destination::Conversation { address, .. } = &outgoing.to {
            return self.answer(&Address::decode(address)?, outgoing).await;
        }
        if let Destination::Group(names) = &outgoing.to {
            return self.send_to_each(names, outgoing).await;
        }
        let to = self.target(&outgoing.to).await?;
        let posted = match cards::card_of(&outgoing.op) {
            Some(key) => {
                let conversation = &to.conversation_id;
                self.read(|t| t.refs.card(key, conversation))?
            }
            None => None,
        };
        let connector = &self.teams.connector;
        match cards::card_work(&outgoing.op, posted) {
            CardWork::Post(key) => {
                let activity = message_activity(&outgoing.message, Some(key));
                let id = connector.send(&to, &activity).await?;
                tracing::info!(card = key.as_str(), activity = %id, "teams: card posted");
                // Some channels answer without an ID: nothing to keep, later updates post anew.
                if !id.is_empty() {
                    cards::kept(PLATFORM, key, self.teams.refs.save_card(key, &to, &id));
                }
            }
            CardWork::Update(key, id) => {
                let activity = message_activity(&outgoing.message, Some(key));
                connector.update(&to, &id, &activity).await?;
                tracing::info!(card = key.as_str(), "teams: card updated");
            }
            CardWork::Reply(id) => {
                let thread = Target {
                    service_url: to.service_url.clone(),
                    conversation_id: format!("{};messageid={id}", to.conversation_id),
                };
                let activity = message_activity(&outgoing.message, None);
                connector.reply(&thread, &id, &activity).await?;
            }
            CardWork::Form(form) => {
                connector.send(&to, &answer_form_activity(form)).await?;
            }
            CardWork::VisitForm(form) => {
                connector.send(&to, &visit_form_activity(form)).await?;
            }
            CardWork::Plain => {
                connector
                    .send(&to, &message_activity(&outgoing.message, None))
                    .await?;
            }
        }
        Ok(())
    }

    /// The same message in each person's 1:1 chat (Teams has no group chat with a bot that we
    /// could open). A failure part way means a retry sends it again to those before.
    async fn send_to_each(
        &self,
        names: &[PersonName],
        outgoing: &Outgoing,
    ) -> Result<(), DeliveryError> {
        let activity = message_activity(&outgoing.message, None);
        for name in names {
            let to = self.personal_chat(name.as_str()).await?;
            self.teams.connector.send(&to, &activity).await?;
        }
        Ok(())
    }

    /// An answer in the conversation a command came from, under its message.
    async fn answer(&self, to: &Address, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        let activity = match &outgoing.op {
            Op::PostForm(form) => answer_form_activity(form),
            Op::PostVisitForm(form) => visit_form_activity(form),
            _ => message_activity(&outgoing.message, None),
        };
        let connector = &self.teams.connector;
        match &to.reply_to {
            Some(id) => connector.reply(&to.target(), id, &activity).await.map(drop),
            None => connector.send(&to.target(), &activity).await.map(drop),
        }
    }

    /// The conversation a destination means in Teams.
    async fn target(&self, to: &Destination) -> Result<Target, DeliveryError> {
        match to {
            Destination::Channel(name) => {
                let id = self.channel_id(name)?;
                let service_url = self.read(|t| t.refs.service_url(&id))?;
                Ok(Target {
                    service_url: service_url.ok_or_else(not_installed)?,
                    conversation_id: id,
                })
            }
            Destination::Person(name) => self.personal_chat(name.as_str()).await,
            Destination::Conversation { .. } => Err(DeliveryError::unreachable(
                "a conversation is answered, not looked up",
            )),
            Destination::Group(_) => Err(DeliveryError::unreachable(
                "a group is sent to each person's chat",
            )),
        }
    }

    fn channel_id(&self, name: &str) -> Result<String, DeliveryError> {
        let channels = &self.teams.bot.settings().channels;
        channels
            .get(name)
            .and_then(|c| c.on(PLATFORM).map(str::to_string))
            .ok_or_else(|| DeliveryError::unreachable(format!("#{name} has no Teams channel ID")))
    }

    /// The person's 1:1 chat with the bot, created (and kept) if there is none yet.
    async fn personal_chat(&self, name: &str) -> Result<Target, DeliveryError> {
        let directory = &self.teams.bot.directory();
        let aad = directory
            .by_name(name)
            .and_then(|p| p.account_on(PLATFORM).map(str::to_string))
            .ok_or_else(|| DeliveryError::unreachable(format!("{name} has no Teams ID")))?;
        let known = self.read(|t| t.refs.user(&aad))?;
        if let Some(UserRef {
            personal_conversation: Some(id),
            service_url,
            ..
        }) = &known
        {
            return Ok(Target {
                service_url: service_url.clone(),
                conversation_id: id.clone(),
            });
        }
        let tenant = self.read(|t| t.refs.tenant())?.ok_or_else(not_installed)?;
        let mut user = known.unwrap_or_else(|| UserRef {
            user_id: aad.clone(),
            name: Some(name.to_string()),
            service_url: tenant.service_url.clone(),
            tenant_id: tenant.tenant_id.clone(),
            personal_conversation: None,
        });
        let bot_id = tenant
            .bot_id
            .clone()
            .unwrap_or_else(|| format!("28:{}", self.teams.settings.app_id));
        let tenant_id = user.tenant_id.clone().or(tenant.tenant_id);
        let id = self.create_chat(&user, &bot_id, tenant_id).await?;
        tracing::info!(person = name, "teams: 1:1 chat created");
        user.personal_conversation = Some(id.clone());
        let service_url = user.service_url.clone();
        // Not waited for: a crash that loses it only makes the next DM create the chat again.
        self.read(|t| t.refs.save_user(&aad, &user))?;
        Ok(Target {
            service_url,
            conversation_id: id,
        })
    }

    /// Opens a 1:1 chat between the bot and `user`; returns its conversation ID.
    async fn create_chat(
        &self,
        user: &UserRef,
        bot_id: &str,
        tenant_id: Option<String>,
    ) -> Result<String, DeliveryError> {
        let parameters = json!({
            "bot": {"id": bot_id},
            "members": [{"id": user.user_id}],
            "isGroup": false,
            "tenantId": tenant_id,
            "channelData": {"tenant": {"id": tenant_id}},
        });
        self.teams
            .connector
            .create_conversation(&user.service_url, &parameters)
            .await
    }

    /// Store work (which never waits for the disk); a store failure is worth a retry.
    fn read<T>(
        &self,
        work: impl FnOnce(&Shared) -> Result<T, StoreError>,
    ) -> Result<T, DeliveryError> {
        work(&self.teams).map_err(|e| DeliveryError::Transient(format!("store: {e}")))
    }
}

impl Adapter for TeamsAdapter {
    fn name(&self) -> &'static str {
        PLATFORM
    }

    fn reaches(&self, to: &Destination) -> bool {
        let settings = self.teams.bot.settings();
        let directory = self.teams.bot.directory();
        match to {
            Destination::Channel(name) => settings
                .channels
                .get(name)
                .is_some_and(|c| c.on(PLATFORM).is_some()),
            Destination::Person(name) => directory
                .by_name(name.as_str())
                .is_some_and(|p| p.account_on(PLATFORM).is_some()),
            Destination::Conversation { platform, .. } => platform == PLATFORM,
            Destination::Group(names) => names.iter().all(|name| {
                let person = directory.by_name(name.as_str());
                person.is_some_and(|p| p.account_on(PLATFORM).is_some())
            }),
        }
    }

    fn deliver<'a>(&'a self, outgoing: &'a Outgoing) -> Delivery<'a> {
        Box::pin(self.send(outgoing))
    }

    fn members<'a>(&'a self, source: &'a Source) -> Listing<'a> {
        Box::pin(super::members::members(&self.teams, source))
    }
}

fn not_installed() -> DeliveryError {
    DeliveryError::unreachable(
        "Teams has not reached Tandem yet, so its service URL is unknown: install the app in \
         a team or chat first",
    )
}
