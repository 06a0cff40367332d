use std::path::Path;

use chrono::Duration;

use super::*;
use crate::domain::Team;
use crate::domain::membership::Group;

const BASE: &str = r#"
[channels]
sales = { slack = "C0SALES" }
marketing = { slack = "C0MKTG" }
"#;

fn load(directory: &str) -> Result<Settings, ConfigError> {
    let text = format!("{BASE}[directory]\n{directory}");
    Settings::from_toml(&text, Path::new("tandem.toml"), &Env::default())
}

fn error(directory: &str) -> String {
    match load(directory) {
        Ok(_) => panic!("should be refused: {directory}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_directory_section_names_each_groups_sources_and_defaults_to_hourly() {
    let settings = load(
        "sales = { slack_usergroup = \"S0SALES\", teams_team = \"19:sales@thread.tacv2\" }\n\
         marketing = { slack_channel = \"C0MKTG\" }\n\
         sales_leads = { slack_usergroup = \"S0LEADS\" }\n",
    )
    .expect("valid");
    let directory = settings.directory.expect("on");
    assert_eq!(directory.sync_every, Duration::hours(1));
    let sources: Vec<(Group, String)> = directory
        .sources()
        .map(|(g, s)| (g, s.to_string()))
        .collect();
    assert_eq!(
        sources,
        vec![
            (Group::Team(Team::Sales), "slack_usergroup S0SALES".into()),
            (
                Group::Team(Team::Sales),
                "teams_team 19:sales@thread.tacv2".into()
            ),
            (Group::Team(Team::Marketing), "slack_channel C0MKTG".into()),
            (Group::Leads(Team::Sales), "slack_usergroup S0LEADS".into()),
        ]
    );
    let without = Settings::from_toml(BASE, Path::new("t.toml"), &Env::default());
    assert!(without.expect("valid").directory.is_none());
}

#[test]
fn bad_directory_lines_name_their_key_and_the_reason() {
    let cases = [
        (
            "sales = { usergroup = \"S1\" }",
            "tandem.toml: directory.sales.usergroup: not a source Tandem reads; a source is <platform>_<kind>, like slack_usergroup",
        ),
        (
            "sales = { slack_usergroup = \" \" }",
            "tandem.toml: directory.sales.slack_usergroup: needs the group's ID, one word",
        ),
        (
            "sales = { slack_usergroup = \"S1\" }\nmarketing = { slack_usergroup = \"S1\" }",
            "tandem.toml: directory.marketing.slack_usergroup: \"S1\" is already the source of directory.sales; a group fills one team",
        ),
        (
            "sales_leads = { slack_usergroup = \"S1\" }",
            "tandem.toml: directory: say where sales or marketing come from, like sales = { slack_usergroup = \"S0SALES\" }",
        ),
        (
            "sales = { slack_usergroup = \"S1\" }\nsync_every = \"1m\"",
            "tandem.toml: directory.sync_every: sync at most every 5m",
        ),
        ("sales = {}", "tandem.toml: directory.sales: name a source"),
    ];
    for (lines, expected) in cases {
        let got = error(lines);
        assert!(
            got.starts_with(expected),
            "{lines}\n got: {got}\nwant: {expected}"
        );
    }
    let unknown = error("sales = { slack_usergroup = \"S1\" }\nevery = \"1h\"");
    assert!(unknown.contains("every"), "{unknown}");
}
