//! Slack's settings: from the environment only, since they carry secrets. Slack is on when
//! `SLACK_BOT_TOKEN` is set.

use crate::config::{ConfigError, Env, Secret};

pub const DEFAULT_SLACK_API_URL: &str = "https://slack.com/api";

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

impl SlackSettings {
    /// `None` when Slack is not configured; an error naming the variable when it is half so.
    pub fn from_env(env: &Env) -> Result<Option<SlackSettings>, ConfigError> {
        let signing_secret = env.secret("SLACK_SIGNING_SECRET");
        let app_token = env.secret("SLACK_APP_TOKEN");
        let Some(bot_token) = env.secret("SLACK_BOT_TOKEN") else {
            if app_token.is_some() || signing_secret.is_some() {
                return Err(Env::missing(
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
            return Err(Env::missing(
                "SLACK_SIGNING_SECRET",
                "Slack over HTTP needs the signing secret (or set SLACK_APP_TOKEN for Socket Mode)",
            ));
        }
        Ok(Some(SlackSettings {
            bot_token,
            signing_secret,
            app_token,
            api_url: env.url("SLACK_API_URL", DEFAULT_SLACK_API_URL)?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slack(env: &Env) -> Result<Option<SlackSettings>, ConfigError> {
        SlackSettings::from_env(env)
    }

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
    fn bad_slack_settings_are_named_without_showing_the_secret() {
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
    }
}
