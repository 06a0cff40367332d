//! `tandem export --visits`: each visit with its words (vouched, disputed), as JSON and CSV,
//! from a day on with `--since`, and never together with another export.

use chrono::NaiveDate;

use crate::cli::{tandem, text};

const SCRIPT: &str = ":as Priya\n\
    visit log market:\"Pune West\" with:@Asha kind:ride-along shops want smaller packs\n\
    :as Asha\nvisit vouch VIS-1 we were there all morning\n\
    :wait 3d\n\
    :as Priya\nvisit log market:Nashik with:@Vikram fewer returns, more samples\n\
    :as Vikram\nvisit dispute VIS-2 I was in Mumbai that day\n";

#[test]
fn the_export_has_visits_with_who_vouched_and_who_disputed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shell = tandem(&["shell"], dir.path(), SCRIPT);
    assert!(shell.status.success(), "{}", text(&shell.stderr));
    let out = text(&shell.stdout);
    assert!(out.contains("VIS-2"), "{out}");

    let json = tandem(&["export", "--visits"], dir.path(), "");
    assert!(json.status.success(), "{}", text(&json.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    let visits = parsed.as_array().expect("an array");
    assert_eq!(visits.len(), 2, "{parsed}");
    let first = &visits[0];
    assert_eq!(first["id"], "VIS-1");
    assert_eq!(first["marketer"], "Priya");
    assert_eq!(first["market"], "Pune West");
    assert_eq!(first["companion"], "Asha");
    assert_eq!(first["kind"], "ride-along");
    assert_eq!(first["status"], "done");
    assert_eq!(first["counts"], true);
    assert_eq!(first["learnings"], "shops want smaller packs");
    assert_eq!(first["vouched"]["by"], "Asha");
    assert_eq!(first["vouched"]["text"], "we were there all morning");
    assert!(first["vouched"]["at"].is_string(), "{first}");
    assert!(first["disputed"].is_null(), "{first}");
    let second = &visits[1];
    assert_eq!(second["id"], "VIS-2");
    assert_eq!(second["disputed"]["by"], "Vikram");
    assert_eq!(second["disputed"]["text"], "I was in Mumbai that day");
    assert_eq!(second["counts"], false, "a disputed visit does not count");
    assert!(second["kind"].is_null(), "{second}");

    // --since is a day: the first visit's date plus one leaves only the second.
    let first_day: NaiveDate = first["date"]
        .as_str()
        .and_then(|d| d.parse().ok())
        .expect("a date");
    let since = (first_day + chrono::Duration::days(1)).to_string();
    let later = tandem(&["export", "--visits", "--since", &since], dir.path(), "");
    assert!(later.status.success(), "{}", text(&later.stderr));
    let later: serde_json::Value = serde_json::from_slice(&later.stdout).expect("valid JSON");
    let ids: Vec<&str> = later
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|v| v["id"].as_str())
        .collect();
    assert_eq!(ids, ["VIS-2"]);
}

#[test]
fn the_csv_export_has_one_row_per_visit_and_the_other_exports_stay_as_they_were() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shell = tandem(&["shell"], dir.path(), SCRIPT);
    assert!(shell.status.success(), "{}", text(&shell.stderr));

    let csv = tandem(&["export", "--visits", "--format", "csv"], dir.path(), "");
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    let csv = text(&csv.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "a header and two rows: {csv}");
    assert!(
        lines[0].starts_with(
            "id,marketer,market,date,companion,kind,status,counts,learnings,created_at,updated_at,\
             invited_by,invited_at,invited_text,declined_by,"
        ),
        "{csv}"
    );
    assert!(
        lines[0].ends_with("settled_by,settled_at,settled_text,former"),
        "{csv}"
    );
    assert!(
        lines[1].starts_with("VIS-1,Priya,Pune West,")
            && lines[1].contains(",Asha,ride-along,done,true,shops want smaller packs,"),
        "{csv}"
    );
    assert!(lines[1].contains(",Asha,") && lines[1].contains("we were there all morning"));
    assert!(
        lines[2].contains(",Vikram,,done,false,\"fewer returns, more samples\","),
        "a comma is quoted: {csv}"
    );

    let requests = tandem(&["export"], dir.path(), "");
    assert!(requests.status.success(), "{}", text(&requests.stderr));
    let requests: serde_json::Value = serde_json::from_slice(&requests.stdout).expect("valid JSON");
    assert_eq!(requests, serde_json::json!([]), "no requests, no visits");
    for other in ["--plans", "--actions", "--launches"] {
        let both = tandem(&["export", "--visits", other], dir.path(), "");
        assert!(!both.status.success(), "--visits with {other}");
    }
}
