//! The targets: each generates its kind of input and feeds it to the entry point the route
//! or loader calls, checking what the property tests check.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;
use tandem::command::{ParseContext, parse};
use tandem::config::{Env, Settings};
use tandem::domain::Kinds;
use tandem::platform::{slack, teams};

use crate::drive::{Figures, Verdict, drive};
use crate::generators::{
    config_text, form, line, mutated, slack_json, slack_text, teams_json, teams_text,
};
use crate::seeds;

/// How one run is asked for: how many inputs, from which seed, or only one of them.
#[derive(Clone, Copy)]
pub struct Run {
    pub runs: u64,
    pub seed: u64,
    pub replay: Option<u64>,
}

impl Run {
    pub fn drive<T: std::fmt::Debug>(
        self,
        name: &str,
        strategy: impl Strategy<Value = T>,
        check: impl Fn(&T) -> Verdict,
    ) -> Figures {
        drive(name, strategy, check, self.runs, self.seed, self.replay)
    }
}

/// `tandem::command::parse`: an error explains itself in one message.
pub fn command(run: Run) -> Figures {
    let kinds = Kinds::default();
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
    run.drive("command", line(), |line| {
        let ctx = ParseContext {
            kinds: &kinds,
            today,
        };
        match parse(line, &ctx) {
            Ok(_) => Ok("a command"),
            Err(error) => {
                let text = error.explain();
                let chars = text.chars().count();
                if text.trim().is_empty() || chars > 3_000 {
                    return Err(format!("an explanation of {chars} chars"));
                }
                Ok("a usage error")
            }
        }
    })
}

/// `Settings::from_toml`: an error is one line naming the file.
pub fn config(run: Run) -> Figures {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tandem.toml");
    let demo = std::fs::read(demo).expect("demo config");
    let strategy = prop_oneof![
        config_text(),
        mutated(vec![demo]).prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ];
    run.drive("config", strategy, |text| {
        match Settings::from_toml(text, Path::new("fuzz.toml"), &Env::default()) {
            Ok(_) => Ok("settings"),
            Err(error) => {
                let message = error.to_string();
                if !message.starts_with("fuzz.toml") || message.contains('\n') {
                    return Err(format!("the error {message:?}"));
                }
                Ok("an error")
            }
        }
    })
}

/// What `/slack/commands` reads of a body.
pub fn slack_command(run: Run) -> Figures {
    let generated = (slack_text(), "[a-zA-Z0-9_]{0,8}").prop_map(|(text, user)| {
        let pairs = [
            ("command", "/tandem".to_string()),
            ("text", text),
            ("user_id", user),
            ("channel_id", "C0SALES".into()),
            ("trigger_id", "t".into()),
            ("response_url", "http://127.0.0.1:9/x".into()),
        ];
        form(&pairs).into_bytes()
    });
    let strategy = prop_oneof![
        generated,
        slack_text().prop_map(String::into_bytes),
        mutated(seeds::slack_commands()),
    ];
    run.drive("slack-command", strategy, |body| {
        Ok(slack::fuzz::command_form(body))
    })
}

/// What `/slack/interactions` reads of a body, and the steps after that need no app.
pub fn slack_interaction(run: Run) -> Figures {
    let strategy = prop_oneof![
        slack_json().prop_map(|value| value.to_string()),
        mutated(seeds::slack_interactions())
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ]
    .prop_map(|payload| form(&[("payload", payload)]).into_bytes());
    run.drive("slack-interaction", strategy, |body| {
        Ok(slack::fuzz::interaction_form(body))
    })
}

/// What `/slack/events` reads of a body.
pub fn slack_event(run: Run) -> Figures {
    let strategy = prop_oneof![
        slack_json().prop_map(|value| value.to_string().into_bytes()),
        mutated(seeds::slack_events()),
    ];
    run.drive("slack-event", strategy, |body| {
        Ok(slack::fuzz::event_body(body))
    })
}

/// What `/api/messages` reads of an activity (after its token).
pub fn teams_activity(run: Run) -> Figures {
    let generated = (teams_json(), teams_text(), any::<bool>()).prop_map(|(extra, text, whole)| {
        // As in `teams::fuzz`: a real message with generated text, or with generated parts.
        let conversation =
            serde_json::json!({"id": "a:personal-29:asha", "conversationType": "personal"});
        let mut activity = seeds::teams_activity("message", conversation);
        activity["text"] = Value::from(text);
        if let (false, Some(target), Value::Object(extra)) =
            (whole, activity.as_object_mut(), extra)
        {
            target.extend(extra);
        }
        activity.to_string().into_bytes()
    });
    let strategy = prop_oneof![generated, mutated(seeds::teams_activities())];
    run.drive("teams-activity", strategy, |body| {
        Ok(teams::fuzz::activity(body))
    })
}
