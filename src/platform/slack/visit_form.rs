//! The log-a-visit modal (`/tandem visit log` alone, by a marketer): market, date (today by
//! default), a Sales companion and a kind to choose, and the learnings; and that modal as
//! submitted, which logs the visit through the bot or shows each problem beside its field.

use serde_json::{Value, json};
use slack_morphism::prelude::*;

use super::Slack;
use super::limits;
use super::mrkdwn::shorten_plain;
use super::views::{VALUE, input_block, text_input};
use crate::bot::Outcome;
use crate::command::{VisitField, VisitFields};
use crate::domain::{Identity, Input};
use crate::message::VisitForm;

pub const LOG_VISIT: &str = "tandem_visit";

/// The log-a-visit modal; `channel` (where `/tandem visit log` was typed) rides along so the
/// confirmation can be shown there.
pub fn visit_modal(form: &VisitForm, channel: &str) -> SlackView {
    let date = SlackBlockDatePickerElement::new()
        .with_action_id(VALUE.into())
        .with_initial_date(form.today.format("%Y-%m-%d").to_string());
    let mut blocks = vec![
        input(
            VisitField::Market,
            "Market",
            text_input(Input::Market),
            false,
        ),
        input(
            VisitField::Date,
            "Date",
            SlackInputBlockElement::DatePicker(date),
            false,
        ),
    ];
    if let Some(select) = select(&form.companions) {
        blocks.push(input(VisitField::Companion, "With (Sales)", select, true));
    }
    if let Some(select) = select(&form.kinds) {
        blocks.push(input(VisitField::Kind, "Kind", select, true));
    }
    blocks.push(input(
        VisitField::Learnings,
        Input::Learning.label(),
        text_input(Input::Learning),
        false,
    ));
    SlackView::Modal(
        SlackModalView::new(pt!("Log a visit"), blocks)
            .with_submit(pt!("Log it"))
            .with_close(pt!("Cancel"))
            .with_callback_id(LOG_VISIT.into())
            .with_private_metadata(channel.to_string()),
    )
}

pub fn block_id(field: VisitField) -> &'static str {
    match field {
        VisitField::Market => "market",
        VisitField::Date => "date",
        VisitField::Companion => "companion",
        VisitField::Kind => "kind",
        VisitField::Learnings => "learnings",
    }
}

/// The modal's values, as submitted.
pub fn visit_fields(state: &SlackViewState) -> VisitFields {
    let value = |field: VisitField| super::views::submitted(state, block_id(field));
    VisitFields {
        market: value(VisitField::Market).unwrap_or_default(),
        date: value(VisitField::Date),
        companion: value(VisitField::Companion),
        kind: value(VisitField::Kind),
        learnings: value(VisitField::Learnings).unwrap_or_default(),
    }
}

impl Slack {
    /// A submitted log-a-visit modal: logged (and confirmed in `channel`), or its problems
    /// beside their fields.
    pub(super) async fn submitted_visit(
        &self,
        user: &str,
        channel: &str,
        state: &SlackViewState,
    ) -> Option<Value> {
        let from = Identity::on(super::NAME, user.to_string());
        match self.commands().visit_log(&from, &visit_fields(state)).await {
            Err(errors) => {
                let errors: serde_json::Map<String, Value> = errors
                    .into_iter()
                    .map(|(field, text)| (block_id(field).to_string(), json!(text)))
                    .collect();
                Some(json!({ "response_action": "errors", "errors": errors }))
            }
            Ok(reply) if reply.outcome == Outcome::Done => {
                if let Err(error) = self.whisper(channel, user, &reply.message).await {
                    tracing::warn!(%error, "could not confirm a logged visit");
                }
                None
            }
            Ok(reply) => {
                let beside = block_id(VisitField::Market);
                Some(json!({ "response_action": "errors", "errors": { beside: reply.text() } }))
            }
        }
    }
}

fn input(
    field: VisitField,
    label: &str,
    element: SlackInputBlockElement,
    optional: bool,
) -> SlackBlock {
    input_block(block_id(field), label, element, optional)
}

/// A list to choose one of, up to Slack's number of options; `None` when there is nothing to
/// choose (Slack refuses an empty list). A value too long for an option is left out: it can
/// still be typed.
fn select(values: &[String]) -> Option<SlackInputBlockElement> {
    let options: Vec<SlackBlockChoiceItem<SlackBlockPlainTextOnly>> = values
        .iter()
        .filter(|v| v.len() <= limits::OPTION_VALUE)
        .take(limits::SELECT_OPTIONS)
        .map(|v| SlackBlockChoiceItem::new(pt!(shorten_plain(v, limits::OPTION_TEXT)), v.clone()))
        .collect();
    if options.is_empty() {
        return None;
    }
    Some(SlackInputBlockElement::StaticSelect(
        SlackBlockStaticSelectElement::new()
            .with_action_id(VALUE.into())
            .with_options(options),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(companions: Vec<String>, kinds: Vec<String>) -> VisitForm {
        VisitForm {
            companions,
            kinds,
            today: chrono::NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date"),
        }
    }

    #[test]
    fn the_modal_asks_for_market_date_companion_kind_and_learnings() {
        let modal = visit_modal(&form(vec!["Asha".into()], vec!["store".into()]), "C0MKTG");
        let json = serde_json::to_value(modal).expect("serialises");
        assert_eq!(json["callback_id"], LOG_VISIT);
        assert_eq!(json["private_metadata"], "C0MKTG");
        let ids: Vec<&str> = json["blocks"]
            .as_array()
            .expect("blocks")
            .iter()
            .filter_map(|b| b["block_id"].as_str())
            .collect();
        assert_eq!(ids, ["market", "date", "companion", "kind", "learnings"]);
        let blocks = &json["blocks"];
        assert_eq!(
            blocks[0]["element"]["max_length"],
            Input::Market.max_chars()
        );
        assert_eq!(blocks[1]["element"]["initial_date"], "2026-12-03");
        assert_eq!(blocks[2]["optional"], true);
        assert_eq!(blocks[2]["element"]["options"][0]["value"], "Asha");
        assert_eq!(blocks[4]["element"]["multiline"], true);
        assert_eq!(
            blocks[4]["element"]["max_length"],
            Input::Learning.max_chars()
        );
        assert_eq!(blocks[4]["optional"], false);
    }

    #[test]
    fn long_lists_keep_to_slacks_limits_and_an_empty_one_is_left_out() {
        let many: Vec<String> = (0..150)
            .map(|n| format!("{n}{}", "x".repeat(100)))
            .collect();
        let json =
            serde_json::to_value(visit_modal(&form(many, vec![]), "C0MKTG")).expect("serialises");
        let options = json["blocks"][2]["element"]["options"]
            .as_array()
            .expect("options");
        assert_eq!(options.len(), limits::SELECT_OPTIONS);
        for option in options {
            let text = option["text"]["text"].as_str().expect("a text");
            assert!(text.chars().count() <= limits::OPTION_TEXT, "{text}");
            let value = option["value"].as_str().expect("a value");
            assert!(value.len() <= limits::OPTION_VALUE, "{value}");
        }
        let ids: Vec<&str> = json["blocks"]
            .as_array()
            .expect("blocks")
            .iter()
            .filter_map(|b| b["block_id"].as_str())
            .collect();
        assert!(!ids.contains(&"kind"), "no kinds, no list: {ids:?}");
    }
}
