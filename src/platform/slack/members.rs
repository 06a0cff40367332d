//! The people of a Slack user group (`usergroups.users.list`) or channel
//! (`conversations.members`, paged by cursor), each read with `users.info` for their name,
//! zone and e-mail. Deactivated accounts and bots are left out.

use slack_morphism::errors::SlackClientError;
use slack_morphism::prelude::*;

use super::api::Api;
use crate::domain::Account;
use crate::domain::membership::{Member, Source};
use crate::platform::ListError;

/// Members asked for per `conversations.members` page (Slack allows up to 1,000).
const PAGE: u16 = 200;
/// Pages read at most: 200,000 members is more than any channel Tandem reads.
const MAX_PAGES: usize = 1_000;
/// A `users.info` Slack rate-limits is tried this many times more, after the wait it asks for.
const RETRIES: usize = 3;
/// The longest wait for a rate limit; a longer one fails the sync (tried again next time).
const LONGEST_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

impl Api {
    /// The people in `source` (`usergroup` or `channel`).
    pub async fn members(&self, source: &Source) -> Result<Vec<Member>, ListError> {
        let ids = match source.kind.as_str() {
            "usergroup" => self.usergroup(source).await?,
            "channel" => self.channel(source).await?,
            other => {
                return Err(ListError::Failed(format!(
                    "Slack has no \"{other}\" to read people from"
                )));
            }
        };
        let mut members = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(member) = self.member(source, &id).await? {
                members.push(member);
            }
        }
        Ok(members)
    }

    async fn usergroup(&self, source: &Source) -> Result<Vec<String>, ListError> {
        let request = SlackApiUserGroupsUsersListRequest::new(source.id.clone().into());
        let response = self.session().usergroups_users_list(&request).await;
        let users = self.read("usergroups.users.list", source, response)?.users;
        Ok(users.into_iter().map(|u| u.to_string()).collect())
    }

    async fn channel(&self, source: &Source) -> Result<Vec<String>, ListError> {
        let mut ids = Vec::new();
        let mut cursor: Option<SlackCursorId> = None;
        for _ in 0..MAX_PAGES {
            let request = SlackApiConversationsMembersRequest::new()
                .with_channel(source.id.clone().into())
                .with_limit(PAGE)
                .opt_cursor(cursor.take());
            let response = self.session().conversations_members(&request).await;
            let page = self.read("conversations.members", source, response)?;
            ids.extend(page.members.into_iter().map(|u| u.to_string()));
            cursor = page
                .response_metadata
                .and_then(|m| m.next_cursor)
                .filter(|c| !c.to_string().is_empty());
            if cursor.is_none() {
                return Ok(ids);
            }
        }
        Err(ListError::Failed(format!(
            "{source} has more than {} pages of members",
            MAX_PAGES
        )))
    }

    /// One person, or `None` for a deactivated account or a bot.
    async fn member(&self, source: &Source, id: &str) -> Result<Option<Member>, ListError> {
        let response = self.user_info(id).await;
        let user = self.read("users.info", source, response)?.user;
        let bot = user.flags.is_bot == Some(true) || user.flags.is_app_user == Some(true);
        if user.deleted == Some(true) || bot || id == "USLACKBOT" {
            return Ok(None);
        }
        let profile = user.profile.as_ref();
        let shown = profile
            .and_then(|p| p.display_name.clone())
            .filter(|n| !n.trim().is_empty());
        let full = profile
            .and_then(|p| p.real_name.clone())
            .or(user.real_name.clone())
            .filter(|n| !n.trim().is_empty());
        let name = shown
            .or(full.clone())
            .or(user.name.clone())
            .unwrap_or_default();
        Ok(Some(Member {
            account: Account::new(super::NAME, id),
            name,
            full_name: full,
            email: profile.and_then(|p| p.email.as_ref()).map(|e| e.0.clone()),
            timezone: user.tz.as_deref().and_then(|z| z.parse().ok()),
        }))
    }

    /// `users.info`, waiting out a rate limit (a sync reads every member one by one).
    async fn user_info(&self, id: &str) -> ClientResult<SlackApiUsersInfoResponse> {
        let request = SlackApiUsersInfoRequest::new(id.to_string().into());
        for _ in 0..RETRIES {
            match self.session().users_info(&request).await {
                Err(SlackClientError::RateLimitError(limit)) => {
                    let wait = limit
                        .retry_after
                        .unwrap_or(std::time::Duration::from_secs(1));
                    if wait > LONGEST_WAIT {
                        return Err(SlackClientError::RateLimitError(limit));
                    }
                    tokio::time::sleep(wait).await;
                }
                answer => return answer,
            }
        }
        self.session().users_info(&request).await
    }

    /// A Slack answer, or why the group cannot be read: the scope Slack says is missing, or its
    /// error code. Never the token.
    fn read<T>(
        &self,
        method: &str,
        source: &Source,
        result: ClientResult<T>,
    ) -> Result<T, ListError> {
        result.map_err(|error| {
            self.count_error(method);
            let mapped = list_error(source, error);
            tracing::warn!(method, error = %mapped, "Slack could not list a group");
            mapped
        })
    }
}

fn list_error(source: &Source, error: SlackClientError) -> ListError {
    match error {
        SlackClientError::ApiError(e) if e.code == "missing_scope" => ListError::MissingScope {
            platform: "Slack".into(),
            scope: needed(e.http_response_body.as_deref()).unwrap_or_else(|| "(unnamed)".into()),
            group: source.to_string(),
        },
        SlackClientError::ApiError(e) => {
            ListError::Failed(format!("Slack said {} for {source}", e.code))
        }
        SlackClientError::HttpError(e) => ListError::Failed(format!(
            "Slack answered HTTP {} for {source}",
            e.status_code.as_u16()
        )),
        SlackClientError::RateLimitError(_) => {
            ListError::Failed(format!("Slack rate-limited reading {source}"))
        }
        _ => ListError::Failed(format!("could not reach Slack to read {source}")),
    }
}

/// The scope in Slack's `{"ok":false,"error":"missing_scope","needed":"usergroups:read"}`.
pub(super) fn needed(body: Option<&str>) -> Option<String> {
    let body: serde_json::Value = serde_json::from_str(body?).ok()?;
    let needed = body.get("needed")?.as_str()?;
    // Slack names scopes with letters, digits, `:` and `.`; anything else is not shown.
    let fine = |c: char| c.is_ascii_alphanumeric() || ":._,".contains(c);
    (!needed.is_empty() && needed.chars().all(fine)).then(|| needed.to_string())
}
