//! Teams' settings: from the environment only, since they carry secrets. Teams is on when
//! `TEAMS_APP_ID` is set.

use crate::config::{ConfigError, Env, Secret};

pub const DEFAULT_OPENID_METADATA_URL: &str =
    "https://login.botframework.com/v1/.well-known/openidconfiguration";
pub const DEFAULT_LOGIN_URL: &str = "https://login.microsoftonline.com";
/// The tenant of multi-tenant bots, when `TEAMS_TENANT_ID` is not set.
pub const DEFAULT_TENANT: &str = "botframework.com";

#[derive(Clone, Debug)]
pub struct TeamsSettings {
    pub app_id: String,
    pub app_password: Secret,
    pub tenant_id: String,
    pub openid_metadata_url: String,
    pub login_url: String,
}

impl TeamsSettings {
    /// `None` when Teams is not configured; an error naming the variable when it is half so.
    pub fn from_env(env: &Env) -> Result<Option<TeamsSettings>, ConfigError> {
        let Some(app_id) = env.get("TEAMS_APP_ID") else {
            if env.get("TEAMS_APP_PASSWORD").is_some() {
                return Err(Env::missing(
                    "TEAMS_APP_ID",
                    "Teams needs the bot's app ID too",
                ));
            }
            return Ok(None);
        };
        let app_password = env.secret("TEAMS_APP_PASSWORD").ok_or_else(|| {
            Env::missing("TEAMS_APP_PASSWORD", "Teams needs the bot's app password")
        })?;
        Ok(Some(TeamsSettings {
            app_id: app_id.trim().to_string(),
            app_password,
            tenant_id: env
                .get("TEAMS_TENANT_ID")
                .unwrap_or(DEFAULT_TENANT)
                .trim()
                .to_string(),
            openid_metadata_url: env
                .url("TEAMS_OPENID_METADATA_URL", DEFAULT_OPENID_METADATA_URL)?,
            login_url: env.url("TEAMS_LOGIN_URL", DEFAULT_LOGIN_URL)?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_needs_id_and_password_and_never_shows_the_password() {
        let env = Env::from_pairs([("TEAMS_APP_ID", "app"), ("TEAMS_APP_PASSWORD", "pw")]);
        let settings = TeamsSettings::from_env(&env).expect("ok").expect("on");
        assert_eq!(settings.tenant_id, DEFAULT_TENANT);
        let shown = format!("{settings:?}");
        assert!(
            shown.contains("[redacted]") && !shown.contains("\"pw\""),
            "{shown}"
        );
        assert!(TeamsSettings::from_env(&Env::from_pairs([("TEAMS_APP_ID", "app")])).is_err());
        assert!(
            TeamsSettings::from_env(&Env::default())
                .expect("ok")
                .is_none()
        );
    }
}
