//! The log-a-visit form as an Adaptive Card (`visit log` alone, by a marketer): market, date
//! (today by default), a Sales companion and a kind to choose, and the learnings, with one
//! button that logs it; the same form again with the values as entered and each problem under
//! its field; and the form as submitted.

use serde_json::{Value, json};

use super::card::{CARD_CONTENT_TYPE, DATA_COMMAND};
use crate::command::{Command, VisitField, VisitFields, parse_visit_form};
use crate::domain::Input;
use crate::message::VisitForm;

/// In the form's data: marks a log-a-visit form.
pub const DATA_LOG_VISIT: &str = "log_visit";
/// The most choices a list shows (Tandem's budget: a list is picked from, not read).
pub const MAX_CHOICES: usize = 100;

/// The input that holds `field`.
pub fn input_id(field: VisitField) -> &'static str {
    match field {
        VisitField::Market => "visit_market",
        VisitField::Date => "visit_date",
        VisitField::Companion => "visit_companion",
        VisitField::Kind => "visit_kind",
        VisitField::Learnings => "visit_learnings",
    }
}

/// The form, empty but for today's date.
pub fn visit_form(form: &VisitForm) -> Value {
    let today = VisitFields {
        date: Some(form.today.format("%Y-%m-%d").to_string()),
        ..VisitFields::default()
    };
    visit_form_with(form, &today, &[])
}

/// The form filled with `fields`, each problem in `errors` under its field.
pub fn visit_form_with(
    form: &VisitForm,
    fields: &VisitFields,
    errors: &[(VisitField, String)],
) -> Value {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let inputs = [
        (
            VisitField::Market,
            json!({
                "type": "Input.Text", "label": "Market", "value": fields.market,
                "maxLength": Input::Market.max_chars(), "isRequired": true,
                "errorMessage": "Which market?",
            }),
        ),
        (
            VisitField::Date,
            json!({
                "type": "Input.Date", "label": "Date", "value": text(&fields.date),
                "max": form.today.format("%Y-%m-%d").to_string(),
            }),
        ),
        (
            VisitField::Companion,
            json!({
                "type": "Input.ChoiceSet", "label": "With (Sales)", "style": "compact",
                "choices": choices(&form.companions), "value": text(&fields.companion),
            }),
        ),
        (
            VisitField::Kind,
            json!({
                "type": "Input.ChoiceSet", "label": "Kind", "style": "compact",
                "choices": choices(&form.kinds), "value": text(&fields.kind),
            }),
        ),
        (
            VisitField::Learnings,
            json!({
                "type": "Input.Text", "label": Input::Learning.label(), "value": fields.learnings,
                "isMultiline": true, "maxLength": Input::Learning.max_chars(), "isRequired": true,
                "errorMessage": "What did you learn?",
            }),
        ),
    ];
    let mut body = vec![json!({
        "type": "TextBlock", "text": "Log a market visit", "weight": "Bolder", "size": "Medium",
        "wrap": true, "style": "heading",
    })];
    for (field, mut input) in inputs {
        input["id"] = json!(input_id(field));
        body.push(input);
        for (_, why) in errors.iter().filter(|(f, _)| *f == field) {
            body.push(
                json!({"type": "TextBlock", "text": why, "color": "Attention", "wrap": true}),
            );
        }
    }
    // The command too, as every Tandem button has: what an older client's message stands for.
    let data = json!({ DATA_COMMAND: "visit log", DATA_LOG_VISIT: true });
    super::form::form_card(body, "Log it", &data)
}

/// A message activity carrying the form.
pub fn visit_form_activity(form: &VisitForm) -> Value {
    json!({
        "type": "message",
        "summary": "Log a market visit",
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": visit_form(form)}],
    })
}

/// The fields of a submitted log-a-visit form; `None` when `data` is not one.
pub(super) fn submitted(data: &Value) -> Option<VisitFields> {
    if !data.get(DATA_LOG_VISIT)?.as_bool()? {
        return None;
    }
    let value = |field| {
        data.get(input_id(field))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Some(VisitFields {
        market: value(VisitField::Market).unwrap_or_default(),
        date: value(VisitField::Date),
        companion: value(VisitField::Companion),
        kind: value(VisitField::Kind),
        learnings: value(VisitField::Learnings).unwrap_or_default(),
    })
}

/// A form an older client submitted as a message: `visit log` as a command, or what is wrong
/// (the bot checks its rules when it runs it).
pub(super) fn submitted_command(data: &Value) -> Option<Result<Command, String>> {
    let fields = submitted(data)?;
    Some(parse_visit_form(&fields).map_err(|errors| {
        let lines: Vec<String> = errors.into_iter().map(|(_, why)| why).collect();
        lines.join(" ")
    }))
}

fn choices(values: &[String]) -> Vec<Value> {
    values
        .iter()
        .take(MAX_CHOICES)
        .map(|v| json!({"title": v, "value": v}))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::teams::budget::{MAX_ACTIVITY_BYTES, size};
    use crate::platform::teams::card::VERB;

    fn form(companions: Vec<String>) -> VisitForm {
        VisitForm {
            companions,
            kinds: vec!["store".into(), "ride-along".into()],
            today: chrono::NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date"),
        }
    }

    #[test]
    fn the_form_has_its_five_inputs_and_a_button_that_logs() {
        let card = visit_form(&form(vec!["Asha".into(), "Vikram".into()]));
        let body = card["body"].as_array().expect("a body");
        let kinds: Vec<(&str, &str)> = body[1..]
            .iter()
            .filter_map(|i| Some((i["type"].as_str()?, i["id"].as_str()?)))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Input.Text", "visit_market"),
                ("Input.Date", "visit_date"),
                ("Input.ChoiceSet", "visit_companion"),
                ("Input.ChoiceSet", "visit_kind"),
                ("Input.Text", "visit_learnings"),
            ]
        );
        assert_eq!(body[2]["value"], "2026-12-03");
        assert_eq!(body[3]["choices"][1]["value"], "Vikram");
        assert_eq!(body[5]["isMultiline"], true);
        assert_eq!(body[5]["maxLength"], Input::Learning.max_chars());
        let button = &card["actions"][0];
        assert_eq!(button["type"], "Action.Execute");
        assert_eq!(button["verb"], VERB);
        assert_eq!(button["data"][DATA_LOG_VISIT], true);
        assert_eq!(button["data"][DATA_COMMAND], "visit log");
        assert_eq!(button["fallback"]["data"], button["data"]);
    }

    #[test]
    fn a_problem_shows_under_its_field_with_the_values_kept() {
        let fields = VisitFields {
            market: "Pune".into(),
            date: Some("2026-12-01".into()),
            learnings: "packs".into(),
            ..Default::default()
        };
        let errors = [(VisitField::Companion, "Meera is not in Sales.".to_string())];
        let card = visit_form_with(&form(vec![]), &fields, &errors);
        let body = &card["body"];
        assert_eq!(body[1]["value"], "Pune");
        assert_eq!(body[2]["value"], "2026-12-01");
        assert_eq!(body[3]["id"], "visit_companion");
        assert_eq!(body[4]["text"], "Meera is not in Sales.");
        assert_eq!(body[4]["color"], "Attention");
        assert_eq!(body[5]["id"], "visit_kind");
    }

    #[test]
    fn submitted_fields_come_back_and_other_data_is_not_a_visit_form() {
        let data = json!({
            "log_visit": true, "visit_market": "Pune West", "visit_date": "2026-12-02",
            "visit_companion": "Asha", "visit_learnings": "smaller packs",
        });
        let fields = submitted(&data).expect("a visit form");
        assert_eq!(fields.market, "Pune West");
        assert_eq!(fields.companion.as_deref(), Some("Asha"));
        assert_eq!(fields.kind, None);
        assert_eq!(submitted(&json!({"command": "visit log"})), None);
        let empty = submitted_command(&json!({"log_visit": true}));
        assert!(
            matches!(&empty, Some(Err(why)) if why.contains("Which market?") && why.contains("What did you learn?")),
            "{empty:?}"
        );
    }

    #[test]
    fn a_hundred_long_names_fit_teams() {
        let many: Vec<String> = (0..200)
            .map(|n| format!("{n}{}", "🎉".repeat(60)))
            .collect();
        let activity = visit_form_activity(&form(many));
        let choices = activity["attachments"][0]["content"]["body"][3]["choices"]
            .as_array()
            .map(Vec::len);
        assert_eq!(choices, Some(MAX_CHOICES));
        assert!(
            size(&activity) <= MAX_ACTIVITY_BYTES,
            "{} bytes",
            size(&activity)
        );
    }
}
