use std::path::Path;
use std::str::FromStr;

use super::*;
use crate::domain::{Kinds, Team};
use chrono::Duration;

const MINIMAL: &str = r#"
timezone = "Asia/Kolkata"
[channels]
sales = { slack = "C0SALES" }
marketing = { slack = "C0MKTG" }
joint = { slack = "C0JOINT" }
[[people]]
name = "Asha"
team = "sales"
[[people]]
name = "Priya"
team = "marketing"
role = "lead"
slack = "U0PRIYA"
"#;

fn load(text: &str) -> Result<Settings, ConfigError> {
    Settings::from_toml(text, Path::new("tandem.toml"), &Env::default())
}

fn error(text: &str) -> String {
    match load(text) {
        Ok(_) => panic!("config should be refused:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_minimal_config_loads_with_defaults() {
    let settings = load(MINIMAL).expect("valid config");
    assert_eq!(settings.timezone, chrono_tz::Asia::Kolkata);
    assert_eq!(settings.listen.to_string(), "127.0.0.1:3000");
    assert_eq!(settings.store.path, Path::new("data"));
    assert_eq!(settings.requests.kinds, Kinds::default());
    assert_eq!(settings.requests.acknowledge_within, Duration::days(1));
    assert_eq!(settings.people.all().len(), 2);
}

#[test]
fn the_environment_overrides_data_dir_and_listen_address() {
    let env = Env::from_pairs([
        ("TANDEM_DATA_DIR", "/tmp/x"),
        ("TANDEM_LISTEN", "0.0.0.0:8080"),
    ]);
    let settings = Settings::from_toml(MINIMAL, Path::new("t.toml"), &env).expect("valid");
    assert_eq!(settings.store.path, Path::new("/tmp/x"));
    assert_eq!(settings.listen.to_string(), "0.0.0.0:8080");
    let bad = Env::from_pairs([("TANDEM_LISTEN", "everywhere")]);
    let error = Settings::from_toml(MINIMAL, Path::new("t.toml"), &bad).expect_err("bad address");
    assert!(
        error
            .to_string()
            .starts_with("environment variable TANDEM_LISTEN")
    );
}

#[test]
fn the_config_path_comes_from_the_flag_then_the_environment() {
    let env = Env::from_pairs([("TANDEM_CONFIG", "/etc/tandem.toml")]);
    assert_eq!(env.config_path(None), Path::new("/etc/tandem.toml"));
    assert_eq!(
        env.config_path(Some(Path::new("x.toml"))),
        Path::new("x.toml")
    );
    assert_eq!(Env::default().config_path(None), Path::new(DEFAULT_CONFIG));
}

#[test]
fn each_problem_names_the_key_and_the_reason() {
    let cases: Vec<(String, &str)> = vec![
        (
            format!("favourite_colour = \"blue\"\n{MINIMAL}"),
            "unknown field `favourite_colour`",
        ),
        (
            MINIMAL.replace("timezone = \"Asia/Kolkata\"", "timezone = \"Mars/Olympus\""),
            "timezone: \"Mars/Olympus\" is not a time zone",
        ),
        (
            MINIMAL.replace("team = \"sales\"", "team = \"finance\""),
            "people[Asha].team: \"finance\" is not a team (sales | marketing)",
        ),
        (
            MINIMAL.replace("role = \"lead\"", "role = \"boss\""),
            "people[Priya].role: \"boss\" is not a role",
        ),
        (
            format!("{MINIMAL}\n[[people]]\nname = \"Asha\"\nteam = \"marketing\""),
            "people[Asha]: Asha is in two teams (sales and marketing)",
        ),
        (
            format!("{MINIMAL}\n[[people]]\nname = \"asha\"\nteam = \"sales\""),
            "asha is listed twice",
        ),
        (
            format!(
                "{MINIMAL}\n[[people]]\nname = \"Ravi\"\nteam = \"sales\"\nslack = \"U0PRIYA\""
            ),
            "Slack ID \"U0PRIYA\" is given to both Priya and Ravi",
        ),
        (
            format!(
                "{MINIMAL}\n[[people]]\nname = \"Ravi\"\nteam = \"sales\"\ntimezone = \"Nowhere\""
            ),
            "people[Ravi].timezone: \"Nowhere\" is not a time zone",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"every friday\"\nquestions = [\"?\"]"
            ),
            "prompts[p].cron: \"every friday\" is not a valid schedule",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\nquestions = []"
            ),
            "prompts[p].questions: a prompt needs at least one question",
        ),
        (
            format!("{MINIMAL}\n[digest]\ncron = \"0 0 9 * * Mon\"\nchannel = \"everyone\""),
            "digest.channel: \"everyone\" is not defined under [channels]",
        ),
        (
            format!("{MINIMAL}\n[digest]\ncron = \"0 0 9 * * Funday\"\nchannel = \"joint\""),
            "digest.cron:",
        ),
        (
            format!("{MINIMAL}\n[digest]\ncron = \"0 0 9 * * 2\"\nchannel = \"joint\""),
            "digest.cron: \"0 0 9 * * 2\": write days of the week as names",
        ),
        (
            format!("{MINIMAL}\n[requests]\nacknowledge_within = \"soon\""),
            "requests.acknowledge_within: \"soon\" is not a duration",
        ),
        (
            format!("{MINIMAL}\n[backup]\ncron = \"nightly\""),
            "backup.cron: \"nightly\" is not a valid schedule",
        ),
        (
            format!("{MINIMAL}\n[backup]\nkeep = 0"),
            "backup.keep: keep at least one backup",
        ),
        (
            format!("{MINIMAL}\n[requests]\nkinds = []"),
            "requests.kinds: the list of kinds is empty",
        ),
        (
            MINIMAL.replace("marketing = { slack = \"C0MKTG\" }", ""),
            "channels.marketing: missing",
        ),
        (
            // Found by the config fuzzer: the size in bytes overflowed.
            format!("{MINIMAL}\n[store]\ncache_mb = 18446744073709551615"),
            "store.cache_mb: 18446744073709551615 MiB is more than any machine has",
        ),
        (
            format!("{MINIMAL}\n[server]\nlisten = \"localhost\""),
            "server.listen: \"localhost\" is not an address",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"0 0 16 * * *\"\nremind_after = \"1d\"\nquestions = [\"?\"]"
            ),
            "prompts[p].remind_after: 1d is not shorter than the time between two rounds of this prompt (1d)",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\nremind_after = \"later\"\nquestions = [\"?\"]"
            ),
            "prompts[p].remind_after: \"later\" is not a duration",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"market pulse\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\nquestions = [\"?\"]"
            ),
            "prompts[market pulse].id: an id is one word",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\nquestions = [\"a\", \" \"]"
            ),
            "prompts[p].questions: question 2 is empty",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\nquestions = [{}]",
                ["\"q\""; 11].join(", ")
            ),
            "prompts[p].questions: 11 questions; a prompt asks at most 10",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\nquestions = [\"a\", \"{}\"]",
                "q".repeat(301)
            ),
            "prompts[p].questions: question 2 is 301 characters long; the limit is 300",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"{}\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\nquestions = [\"?\"]",
                "p".repeat(41)
            ),
            "id: an id is at most 40 characters",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"0 0 16 30 Feb *\"\nquestions = [\"?\"]"
            ),
            "prompts[p].cron: \"0 0 16 30 Feb *\" never comes",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\ncatch_up = \"0h\"\nquestions = [\"?\"]"
            ),
            "prompts[p].catch_up: \"0h\" is not a duration",
        ),
        (
            format!(
                "{MINIMAL}\n[[prompts]]\nid = \"p\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\nquestions = [\"?\"]\ntimezone = \"Europe/London\""
            ),
            "unknown field `timezone`",
        ),
        (
            format!("{MINIMAL}\n[quiet_hours]\nworking_days = \"weekdays\""),
            "quiet_hours.working_days: \"weekdays\" is not a list of days",
        ),
        (
            format!("{MINIMAL}\n[quiet_hours]\nworking_hours = \"18:00-09:00\""),
            "quiet_hours.working_hours: \"18:00-09:00\" ends before it starts",
        ),
        (
            format!("{MINIMAL}\n[quiet_hours]\nworking_hours = \"9 to 5\""),
            "quiet_hours.working_hours: \"9 to 5\" is not a time window",
        ),
        (
            format!(
                "{MINIMAL}\n[digest]\ncron = \"0 0 9 * * Mon\"\nchannel = \"joint\"\ncatch_up = \"a while\""
            ),
            "digest.catch_up: \"a while\" is not a duration",
        ),
        (
            "timezone = 3".to_string(),
            "line 1: invalid type: integer `3`, expected a string",
        ),
    ];
    for (text, expected) in cases {
        let message = error(&text);
        assert!(
            message.contains(expected),
            "expected {expected:?} in {message:?}"
        );
        assert!(message.starts_with("tandem.toml: "), "{message}");
    }
}

/// Found by the fuzz bench (`config`): a quoted value with a newline in it (a TOML `\n`)
/// made the error two lines.
#[test]
fn a_value_with_a_newline_is_quoted_with_an_escape_and_the_error_stays_one_line() {
    let text = format!(
        "{MINIMAL}\n[[people]]\nname = \"Ravi\"\nteam = \"sales\"\ntimezone = \"Europe/Lond\\n\""
    );
    let message = error(&text);
    assert!(!message.contains('\n'), "{message}");
    assert!(
        message.contains(r#"people[Ravi].timezone: "Europe/Lond\n" is not a time zone"#),
        "{message}"
    );
}

#[test]
fn the_bundled_demo_config_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_CONFIG);
    let settings = Settings::load(&path, &Env::default()).expect("demo config is valid");
    let people = settings.people.all();
    let count = |team, role| {
        people
            .iter()
            .filter(|p| p.team == team && p.role == role)
            .count()
    };
    assert_eq!(count(Team::Sales, crate::domain::Role::Member), 2);
    assert_eq!(count(Team::Sales, crate::domain::Role::Lead), 1);
    assert_eq!(count(Team::Marketing, crate::domain::Role::Member), 2);
    assert_eq!(count(Team::Marketing, crate::domain::Role::Lead), 1);
    assert_eq!(settings.channels.len(), 3);
    assert_eq!(settings.prompts.len(), 2);
    assert!(settings.digest.is_some());
    assert_eq!(
        settings.working_hours,
        crate::domain::WorkingHours::default()
    );
}

#[test]
fn prompts_and_digest_get_their_defaults() {
    let text = format!(
        "{MINIMAL}\n[[prompts]]\nid = \"market-pulse\"\nteam = \"sales\"\ncron = \"0 0 16 * * Fri\"\nquestions = [\" What sells? \"]\n[digest]\ncron = \"0 0 9 * * Mon\"\nchannel = \"joint\""
    );
    let settings = load(&text).expect("valid");
    let prompt = settings
        .prompt("Market-Pulse")
        .expect("found ignoring case");
    assert_eq!(prompt.remind_after, DEFAULT_REMIND_AFTER);
    assert_eq!(prompt.catch_up, DEFAULT_CATCH_UP);
    assert_eq!(prompt.questions, vec!["What sells?".to_string()]);
    assert_eq!(settings.digest.map(|d| d.catch_up), Some(DEFAULT_CATCH_UP));
    assert_eq!(
        settings.working_hours,
        crate::domain::WorkingHours::default()
    );
    let custom = format!(
        "{MINIMAL}\n[quiet_hours]\nworking_days = \"Sun-Thu\"\nworking_hours = \"08:00-17:00\""
    );
    assert_ne!(
        load(&custom).expect("valid").working_hours,
        crate::domain::WorkingHours::default()
    );
}

#[test]
fn pairing_is_off_without_its_section_and_gets_its_defaults_with_it() {
    assert!(load(MINIMAL).expect("valid").pairing.is_none());
    let settings = load(&format!("{MINIMAL}\n[pairing]\n")).expect("valid");
    let pairing = settings.pairing.expect("on");
    assert_eq!(pairing.every, Duration::weeks(2));
    assert_eq!(pairing.check_after, Duration::days(7));
    assert_eq!(pairing.catch_up, Duration::hours(12));
    assert!(pairing.cross_level && pairing.opt_out.is_empty());
    assert_eq!(
        pairing.cron.to_string(),
        cron::Schedule::from_str("0 0 10 * * Mon")
            .expect("cron")
            .to_string()
    );
    let named = load(&format!(
        "{MINIMAL}\n[pairing]\ncron = \"0 30 9 * * Tue\"\nevery = \"4w\"\ncheck_after = \"10d\"\ncross_level = false\nopt_out = [\"asha\"]"
    ))
    .expect("valid");
    let pairing = named.pairing.expect("on");
    assert_eq!(
        (pairing.every, pairing.check_after),
        (Duration::weeks(4), Duration::days(10))
    );
    assert!(!pairing.cross_level);
    assert_eq!(
        pairing.opt_out,
        vec![crate::domain::PersonName::new("Asha")]
    );
}

#[test]
fn pairing_problems_name_their_key() {
    let cases = [
        (
            "cron = \"every monday\"",
            "tandem.toml: pairing.cron: \"every monday\" is not a valid schedule",
        ),
        (
            "cron = \"0 0 10 * * 2\"",
            "tandem.toml: pairing.cron: \"0 0 10 * * 2\": write days of the week as names",
        ),
        (
            "check_after = \"2w\"",
            "tandem.toml: pairing.check_after: 14d is not shorter than the time between two rounds (14d)",
        ),
        (
            "every = \"1d\"\ncheck_after = \"7d\"",
            "tandem.toml: pairing.check_after: 7d is not shorter than the time between two rounds (7d)",
        ),
        (
            "opt_out = [\"Asha\", \"Zed\"]",
            "tandem.toml: pairing.opt_out: \"Zed\" is not a configured person",
        ),
        (
            "every = \"soon\"",
            "tandem.toml: pairing.every: \"soon\" is not a duration",
        ),
        ("pairs = 2", "unknown field `pairs`"),
    ];
    for (lines, expected) in cases {
        let message = error(&format!("{MINIMAL}\n[pairing]\n{lines}"));
        assert!(message.contains(expected), "{lines:?} → {message}");
    }
}

#[test]
fn the_scorecard_is_posted_only_with_its_section_to_the_leads_by_default() {
    assert!(load(MINIMAL).expect("valid").scorecard.is_none());
    let settings = load(&format!("{MINIMAL}\n[scorecard]\n")).expect("valid");
    let scorecard = settings.scorecard.expect("on");
    assert_eq!(scorecard.to, [ScorecardTo::Leads]);
    assert_eq!(scorecard.catch_up, Duration::hours(12));
    assert_eq!(
        scorecard.cron.to_string(),
        cron::Schedule::from_str(DEFAULT_SCORECARD_CRON)
            .expect("cron")
            .to_string()
    );
    let named = load(&format!(
        "{MINIMAL}\n[scorecard]\ncron = \"0 30 8 * * Mon-Fri\"\nto = [\"joint\", \"Leads\", \"joint\"]\ncatch_up = \"1d\""
    ))
    .expect("valid");
    let scorecard = named.scorecard.expect("on");
    assert_eq!(
        scorecard.to,
        [ScorecardTo::Channel("joint".into()), ScorecardTo::Leads]
    );
    assert_eq!(scorecard.catch_up, Duration::days(1));
}

#[test]
fn scorecard_problems_name_their_key() {
    let cases = [
        (
            "cron = \"monthly\"",
            "tandem.toml: scorecard.cron: \"monthly\" is not a valid schedule",
        ),
        (
            "to = [\"everyone\"]",
            "tandem.toml: scorecard.to: \"everyone\" is neither \"leads\" nor a channel in [channels]",
        ),
        (
            "to = []",
            "tandem.toml: scorecard.to: the scorecard goes nowhere",
        ),
        (
            "catch_up = \"later\"",
            "tandem.toml: scorecard.catch_up: \"later\" is not a duration",
        ),
        ("channel = \"joint\"", "unknown field `channel`"),
    ];
    for (lines, expected) in cases {
        let message = error(&format!("{MINIMAL}\n[scorecard]\n{lines}"));
        assert!(message.contains(expected), "{lines:?} → {message}");
    }
}
