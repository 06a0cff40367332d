//! `[visits]`: defaults, and refusals that name the key.

use std::path::Path;

use super::*;

const BASE: &str = r#"
[channels]
sales = { slack = "C0SALES" }
marketing = { slack = "C0MKTG" }
[[people]]
name = "Asha"
team = "sales"
[[people]]
name = "Meera"
team = "marketing"
role = "lead"
"#;

fn load(extra: &str) -> Result<Settings, ConfigError> {
    let text = format!("{BASE}{extra}");
    Settings::from_toml(&text, Path::new("tandem.toml"), &Env::default())
}

#[test]
fn without_a_visits_section_the_target_is_two_and_leads_count() {
    let settings = load("").expect("valid");
    assert_eq!(settings.visits.per_month, 2);
    assert_eq!(
        settings.visits.kinds.names(),
        ["store", "ride-along", "distributor", "customer"]
    );
    let meera = settings.people.by_name("Meera").expect("Meera");
    assert!(settings.visits.has_target(meera));
}

#[test]
fn a_visits_section_sets_the_target_kinds_and_leads() {
    let settings = load("[visits]\nper_month = 3\nkinds = [\"store\", \"fair\"]\nleads = false\n")
        .expect("valid");
    assert_eq!(settings.visits.per_month, 3);
    assert_eq!(settings.visits.kinds.names(), ["store", "fair"]);
    let meera = settings.people.by_name("Meera").expect("Meera");
    let asha = settings.people.by_name("Asha").expect("Asha");
    assert!(!settings.visits.has_target(meera));
    assert!(!settings.visits.has_target(asha));
}

#[test]
fn bad_visit_settings_are_refused_naming_the_key() {
    let zero = load("[visits]\nper_month = 0\n")
        .err()
        .map(|e| e.to_string());
    assert!(zero.is_some_and(|e| e.contains("visits.per_month")));
    let kinds = load("[visits]\nkinds = [\"Big Store\"]\n")
        .err()
        .map(|e| e.to_string());
    assert!(kinds.is_some_and(|e| e.contains("visits.kinds")));
    let unknown = load("[visits]\ntarget = 2\n").err().map(|e| e.to_string());
    assert!(unknown.is_some_and(|e| e.contains("target")));
}
