//! What leaves a planning round besides its commands: the digest's open plans and the export
//! with every version, both blind to a lone figure; and the whole round in the shell.

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Kolkata;
use tandem::bot::Outcome;
use tandem::domain::plan::Plan;
use tandem::export::Format;
use tandem::message::render_plain;

use crate::cli::{tandem, text};
use crate::looping::{Loop, ZONES, local};

fn start() -> DateTime<Utc> {
    local(Kolkata, 2026, 11, 30, 10, 0)
}

fn export(plans: &[Plan], format: Format) -> String {
    let mut out = Vec::new();
    tandem::export_plans::write(plans, format, &mut out).expect("written");
    String::from_utf8(out).expect("utf-8")
}

fn plans(bot: &Loop) -> Vec<Plan> {
    bot.bot.store().plans().expect("plans")
}

#[test]
fn the_digest_shows_open_plans_inputs_this_week_objections_and_sign_offs_never_a_lone_figure() {
    let mut bot = Loop::new(ZONES, start());
    bot.ok(
        "Meera",
        r#"plan open fy27 due:2026-12-31 sections:"Products, Pricing""#,
    );
    bot.ok("Asha", "plan input fy27 1 smaller packs");
    bot.ok("Oliver", "plan input fy27 2 margins");
    bot.ok("Priya", "plan input fy27 2 hold at 40");
    bot.ok("Priya", "plan object fy27 1 no new SKUs this year");
    bot.ok("Meera", "plan line fy27 Masala Mix units");
    bot.ok("Asha", "plan figure fy27 1 4321");
    let digest = render_plain(
        &bot.bot
            .digest_message(start() + chrono::Duration::hours(1))
            .expect("digest"),
    );
    assert!(
        digest.contains("• fy27 (due Thu 31 Dec 2026): inputs this week — Sales 2, Marketing 1; 1 open objection(s); version 1, no sign-off yet"),
        "{digest}"
    );
    assert!(
        !digest.contains("4,321") && !digest.contains("4321"),
        "{digest}"
    );
    let next_week = render_plain(
        &bot.bot
            .digest_message(start() + chrono::Duration::days(8))
            .expect("digest"),
    );
    assert!(
        next_week.contains("inputs this week — Sales 0, Marketing 0"),
        "{next_week}"
    );
}

#[test]
fn the_export_has_every_version_and_a_lines_figures_only_once_both_are_in() {
    let mut bot = Loop::new(ZONES, start());
    bot.ok(
        "Meera",
        r#"plan open fy27 due:2026-12-31 sections:"Products, Pricing""#,
    );
    bot.ok("Asha", "plan input fy27 1 smaller packs");
    bot.ok("Meera", "plan line fy27 Masala Mix units");
    bot.ok("Asha", "plan figure fy27 1 4321");
    bot.ok("Rohan", "plan draft fy27 1 Masala Mix 50g");
    bot.ok("Rohan", "plan draft fy27 2 List price 40");
    let early = bot.say("Rohan", "plan agree fy27 1 4200 depot capacity");
    assert_eq!(early.outcome, Outcome::Refused, "{}", early.text());
    let blind = export(&plans(&bot), Format::Json);
    assert!(
        !blind.contains("4321"),
        "a lone figure leaves Tandem: {blind}"
    );
    let parsed: serde_json::Value = serde_json::from_str(&blind).expect("json");
    let line = &parsed[0]["lines"][0];
    assert_eq!(line["sales_entered"], true);
    assert_eq!(line["marketing_entered"], false);
    assert_eq!(line["figures"].as_array().map(Vec::len), Some(0));

    bot.ok("Priya", "plan figure fy27 1 4000");
    bot.ok("Rohan", "plan agree fy27 1 4200 depot capacity");
    bot.ok("Meera", "plan signoff fy27");
    bot.ok("Rohan", "plan draft fy27 2 List price 38");
    let parsed: serde_json::Value =
        serde_json::from_str(&export(&plans(&bot), Format::Json)).expect("json");
    let plan = &parsed[0];
    assert_eq!(plan["lines"][0]["figures"][0]["value"], 4321.0);
    assert_eq!(plan["lines"][0]["figures"][1]["value"], 4000.0);
    let versions: Vec<(u64, &str)> = plan["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| {
            (
                v["version"].as_u64().unwrap_or(0),
                v["change"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        versions,
        vec![
            (1, "line"),
            (2, "draft"),
            (3, "draft"),
            (4, "agreed_figure"),
            (5, "draft")
        ]
    );
    assert_eq!(plan["versions"][4]["text"], "List price 38");
    assert_eq!(plan["versions"][3]["value"], 4200.0);
    assert_eq!(plan["signoffs"][0]["version"], 4);
    assert!(plan["signoffs"][0]["voided_at"].is_string(), "{plan}");
    assert_eq!(plan["buy_in"][0]["gave_input"], 1);

    let csv = export(&plans(&bot), Format::Csv);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 6, "a header and one row per version: {csv}");
    assert!(rows[5].starts_with("fy27,open,5,"), "{csv}");
    assert!(rows[5].contains(",draft,2,,List price 38,"), "{csv}");
    assert!(
        rows[4].contains(",agreed_figure,,1,4200,depot capacity"),
        "{csv}"
    );
}

#[test]
fn a_round_runs_to_agreement_in_the_shell_and_exports_with_plans() {
    let dir = tempfile::tempdir().expect("temp dir");
    let due = (Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let script = format!(
        ":as Meera\nplan open fy27 due:{due} sections:\"Products, Pricing\"\n\
         :as Asha\nplan input fy27 1 smaller packs\n\
         :as Priya\nplan input fy27 2 hold the price\n\
         :as Rohan\nplan draft fy27 1 Masala Mix 50g\nplan draft fy27 2 List price 40\nplan signoff fy27\n\
         :as Meera\nplan signoff fy27\n"
    );
    let shell = tandem(&["shell"], dir.path(), &script);
    let out = text(&shell.stdout);
    assert!(shell.status.success(), "{}", text(&shell.stderr));
    assert!(out.contains("[DM → Priya] Planning round · fy27"), "{out}");
    assert!(out.contains("[#joint] Plan agreed · fy27"), "{out}");
    assert!(
        out.contains("Buy-in: 1 of 3 in Sales gave input, 1 of 3 in Marketing gave input."),
        "{out}"
    );

    let json = tandem(&["export", "--plans"], dir.path(), "");
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(parsed[0]["name"], "fy27");
    assert_eq!(parsed[0]["state"], "agreed");
    assert_eq!(parsed[0]["agreed_version"], 2);
    let requests = tandem(&["export"], dir.path(), "");
    assert_eq!(
        text(&requests.stdout).trim(),
        "[]",
        "the request export is unchanged"
    );
}
