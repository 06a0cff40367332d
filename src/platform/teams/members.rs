//! The people of a Teams team or channel: the Bot Framework's paged roster,
//! `GET {serviceUrl}/v3/conversations/{id}/pagedmembers?pageSize=…&continuationToken=…`. People
//! are known by their AAD object ID, as the config's `teams = "…"` gives them.

use serde::Deserialize;

use super::address::PLATFORM;
use super::connector::{base, encode};
use super::setup::Shared;
use crate::domain::Account;
use crate::domain::membership::{Member, Source};
use crate::platform::ListError;

/// Members asked for per page (the Bot Framework allows up to 500).
const PAGE: usize = 100;
/// Pages read at most.
const MAX_PAGES: usize = 1_000;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    #[serde(default)]
    members: Vec<RosterMember>,
    continuation_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RosterMember {
    aad_object_id: Option<String>,
    name: Option<String>,
    given_name: Option<String>,
    surname: Option<String>,
    email: Option<String>,
    user_principal_name: Option<String>,
}

pub(super) async fn members(teams: &Shared, source: &Source) -> Result<Vec<Member>, ListError> {
    let service_url = teams
        .refs
        .service_url(&source.id)
        .map_err(|e| ListError::Failed(format!("store: {e}")))?
        .ok_or_else(|| {
            ListError::Failed(format!(
                "Teams has not reached Tandem yet, so {source} cannot be read: install the app \
                 in the team first"
            ))
        })?;
    let first = format!(
        "{}/v3/conversations/{}/pagedmembers?pageSize={PAGE}",
        base(&service_url),
        encode(&source.id)
    );
    let mut members = Vec::new();
    let mut url = first.clone();
    for _ in 0..MAX_PAGES {
        let body = teams.connector.get(&url).await.map_err(|e| {
            teams.bot.metrics().api_error(PLATFORM, "pagedmembers");
            ListError::Failed(format!("Teams could not list {source}: {e}"))
        })?;
        let page: Page = serde_json::from_value(body).map_err(|_| {
            ListError::Failed(format!(
                "Teams answered something else than a roster for {source}"
            ))
        })?;
        members.extend(page.members.into_iter().filter_map(member));
        match page.continuation_token.filter(|t| !t.is_empty()) {
            Some(token) => url = format!("{first}&continuationToken={}", encode(&token)),
            None => return Ok(members),
        }
    }
    Err(ListError::Failed(format!(
        "{source} has more than {MAX_PAGES} pages of members"
    )))
}

/// A person of the roster, or `None` for one without an AAD object ID (a bot, a guest of
/// another kind).
fn member(m: RosterMember) -> Option<Member> {
    let aad = m.aad_object_id.filter(|id| !id.trim().is_empty())?;
    let full = match (&m.given_name, &m.surname) {
        (Some(given), Some(surname)) => Some(format!("{given} {surname}")),
        _ => None,
    };
    let email = m
        .email
        .or(m.user_principal_name)
        .filter(|e| e.contains('@'));
    Some(Member {
        account: Account::new(PLATFORM, aad.trim()),
        name: m.name.unwrap_or_default(),
        full_name: full,
        email,
        timezone: None,
    })
}
