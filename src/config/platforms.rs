//! Slack and Teams settings: from the environment only, since they carry secrets.

use super::{ConfigError, Env, Secret};

pub const DEFAULT_SLACK_API_URL: &str = "https://slack.com/api";
pub const DEFAULT_OPENID_METADATA_URL: &str =
    "https://login.botframework.com/v1/.well-known/openidconfiguration";
pub const DEFAULT_LOGIN_URL: &str = "https://login.microsoftonline.com";
/// The tenant of multi-tenant bots, when `TEAMS_TENANT_ID` is not set.
pub const DEFAULT_TENANT: &str = "botframework.com";

#[derive(Clone, Debug)]
pub struct SlackSettings {
    pub bot_token: Secret,
    /// Verifies HTTP requests; not needed in Socket Mode.
    pub signing_secret: Option<Secret>,
    /// Socket Mode (`xapp-…`): when set, Slack is served over a WebSocket instead of HTTP.
    pub app_token: Option<Secret>,
    /// The Web API base, without a trailing slash.
    pub api_url: String,
}

#[derive(Clone, Debug)]
pub struct TeamsSettings {
    pub app_id: String,
    pub app_password: Secret,
    pub tenant_id: String,
    pub openid_metadata_url: String,
    pub login_url: String,
}

/// Slack is on when `SLACK_BOT_TOKEN` is set.
pub fn slack(env: &Env) -> Result<Option<SlackSettings>, ConfigError> {
    let bot_token = env.get("SLACK_BOT_TOKEN").map(Secret::new);
    let signing_secret = env.get("SLACK_SIGNING_SECRET").map(Secret::new);
    let app_token = env.get("SLACK_APP_TOKEN").map(Secret::new);
    let Some(bot_token) = bot_token else {
        if app_token.is_some() || signing_secret.is_some() {
            return Err(missing(
                "SLACK_BOT_TOKEN",
                "Slack needs the bot token (xoxb-…) too",
            ));
        }
        return Ok(None);
    };
    if let Some(token) = &app_token {
        if !token.expose().starts_with("xapp-") {
            return Err(ConfigError::Env {
                var: "SLACK_APP_TOKEN",
                reason: "is not an app-level token (those start with xapp-)".into(),
            });
        }
    } else if signing_secret.is_none() {
        return Err(missing(
            "SLACK_SIGNING_SECRET",
            "Slack over HTTP needs the signing secret (or set SLACK_APP_TOKEN for Socket Mode)",
        ));
    }
    let api_url = env.get("SLACK_API_URL").unwrap_or(DEFAULT_SLACK_API_URL);
    Ok(Some(SlackSettings {
        bot_token,
        signing_secret,
        app_token,
        api_url: url("SLACK_API_URL", api_url)?,
    }))
}

/// Teams is on when `TEAMS_APP_ID` is set.
pub fn teams(env: &Env) -> Result<Option<TeamsSettings>, ConfigError> {
    let Some(app_id) = env.get("TEAMS_APP_ID") else {
        if env.get("TEAMS_APP_PASSWORD").is_some() {
            return Err(missing("TEAMS_APP_ID", "Teams needs the bot's app ID too"));
        }
        return Ok(None);
    };
    let app_password = env
        .get("TEAMS_APP_PASSWORD")
        .map(Secret::new)
        .ok_or_else(|| missing("TEAMS_APP_PASSWORD", "Teams needs the bot's app password"))?;
    let metadata = env
        .get("TEAMS_OPENID_METADATA_URL")
        .unwrap_or(DEFAULT_OPENID_METADATA_URL);
    let login = env.get("TEAMS_LOGIN_URL").unwrap_or(DEFAULT_LOGIN_URL);
    Ok(Some(TeamsSettings {
        app_id: app_id.trim().to_string(),
        app_password,
        tenant_id: env
            .get("TEAMS_TENANT_ID")
            .unwrap_or(DEFAULT_TENANT)
            .trim()
            .to_string(),
        openid_metadata_url: url("TEAMS_OPENID_METADATA_URL", metadata)?,
        login_url: url("TEAMS_LOGIN_URL", login)?,
    }))
}

fn missing(var: &'static str, reason: &str) -> ConfigError {
    ConfigError::Env {
        var,
        reason: format!("not set; {reason}"),
    }
}

/// An http(s) URL without a trailing slash.
fn url(var: &'static str, value: &str) -> Result<String, ConfigError> {
    let value = value.trim().trim_end_matches('/');
    if !(value.starts_with("https://") || value.starts_with("http://")) {
        return Err(ConfigError::Env {
            var,
            reason: format!("\"{value}\" is not an http(s) URL"),
        });
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_is_off_without_a_bot_token_and_needs_a_way_to_verify_requests() {
        assert!(slack(&Env::default()).expect("ok").is_none());
        let http = Env::from_pairs([
            ("SLACK_BOT_TOKEN", "xoxb-1"),
            ("SLACK_SIGNING_SECRET", "s3cret"),
        ]);
        let settings = slack(&http).expect("ok").expect("on");
        assert_eq!(settings.api_url, DEFAULT_SLACK_API_URL);
        assert!(settings.app_token.is_none());
        let neither = Env::from_pairs([("SLACK_BOT_TOKEN", "xoxb-1")]);
        let error = slack(&neither).expect_err("no secret").to_string();
        assert!(
            error.contains("SLACK_SIGNING_SECRET: not set; Slack over HTTP needs"),
            "{error}"
        );
        let socket =
            Env::from_pairs([("SLACK_BOT_TOKEN", "xoxb-1"), ("SLACK_APP_TOKEN", "xapp-1")]);
        assert!(slack(&socket).expect("ok").expect("on").app_token.is_some());
    }

    #[test]
    fn bad_platform_settings_are_named_without_showing_the_secret() {
        let wrong = Env::from_pairs([
            ("SLACK_BOT_TOKEN", "xoxb-1"),
            ("SLACK_APP_TOKEN", "xoxb-secret-value"),
        ]);
        let error = slack(&wrong).expect_err("not xapp").to_string();
        assert!(
            error.starts_with("environment variable SLACK_APP_TOKEN"),
            "{error}"
        );
        assert!(!error.contains("secret-value"), "{error}");
        let url = Env::from_pairs([
            ("SLACK_BOT_TOKEN", "x"),
            ("SLACK_SIGNING_SECRET", "y"),
            ("SLACK_API_URL", "slack.com"),
        ]);
        assert!(
            slack(&url)
                .expect_err("bad url")
                .to_string()
                .contains("SLACK_API_URL")
        );
        let teams_env = Env::from_pairs([("TEAMS_APP_ID", "app"), ("TEAMS_APP_PASSWORD", "pw")]);
        let settings = teams(&teams_env).expect("ok").expect("on");
        assert_eq!(settings.tenant_id, DEFAULT_TENANT);
        assert!(
            format!("{settings:?}").contains("[redacted]")
                && !format!("{settings:?}").contains("\"pw\"")
        );
        assert!(teams(&Env::from_pairs([("TEAMS_APP_ID", "app")])).is_err());
    }
}
