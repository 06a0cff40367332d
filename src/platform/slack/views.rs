//! Modals and the App Home: the new-request form, the reason form, a person's home tab. Text
//! inputs take their length from the table of limits (`Input`), so a form accepts exactly what
//! the typed grammar does; everything else is held to Slack's limits (`limits`).

use slack_morphism::prelude::*;

use super::limits;
use super::mrkdwn::shorten_plain;
use super::render::{self, line};
use crate::bot::AnswerForm;
use crate::command::{FormField, RequestFields};
use crate::domain::{Input, Kinds};
use crate::message::{FormOption, Message};

pub const NEW_REQUEST: &str = "tandem_request";
pub const ANSWERS: &str = "tandem_answers";
/// A launch review's answer form: the questions, a cause and a score.
pub const REVIEW: &str = "tandem_review";
pub const REASON: &str = "tandem_reason";
pub const REASON_BLOCK: &str = "reason";
/// The block of an optional field of the reason form: `opt_owner`.
pub const OPTION_BLOCK: &str = "opt_";
/// An optional field (an owner, a date) holds this many characters at most.
const OPTION_CHARS: u64 = 100;
pub(super) const VALUE: &str = "value";

/// The new-request form; `channel` (where `/tandem request` was typed) rides along so the
/// confirmation can be shown there.
pub fn request_modal(kinds: &Kinds, channel: &str) -> SlackView {
    let options = kinds
        .names()
        .iter()
        .map(|k| SlackBlockChoiceItem::new(pt!(k.clone()), k.clone()))
        .collect();
    let kind = SlackBlockStaticSelectElement::new()
        .with_action_id(VALUE.into())
        .with_options(options);
    let blocks = vec![
        input(
            FormField::Kind,
            "Kind",
            SlackInputBlockElement::StaticSelect(kind),
            false,
        ),
        input(
            FormField::Title,
            "What do you need?",
            text_input(Input::Title),
            false,
        ),
        input(FormField::Quantity, "Quantity", number_input(), true),
        input(
            FormField::Market,
            Input::Market.label(),
            text_input(Input::Market),
            true,
        ),
        input(
            FormField::NeededBy,
            "Needed by",
            SlackInputBlockElement::DatePicker(
                SlackBlockDatePickerElement::new().with_action_id(VALUE.into()),
            ),
            true,
        ),
    ];
    SlackView::Modal(
        SlackModalView::new(pt!("New request"), blocks)
            .with_submit(pt!("File it"))
            .with_close(pt!("Cancel"))
            .with_callback_id(NEW_REQUEST.into())
            .with_private_metadata(channel.to_string()),
    )
}

/// Asks for the text a button needs (a reason, what we'll do), with any optional fields
/// beside it (an owner, a due date); `command` is the line it completes.
pub fn reason_modal(command: &str, input: Input, options: &[FormOption]) -> SlackView {
    let label = input.label();
    let prompt = format!("{label} for `{command}`");
    let mut blocks: Vec<SlackBlock> = vec![
        SlackSectionBlock::new()
            .with_text(md!(line(&prompt)))
            .into(),
        SlackInputBlock::new(pt!(label.to_string()), text_input(input))
            .with_block_id(REASON_BLOCK.into())
            .into(),
    ];
    for option in options {
        let element = SlackInputBlockElement::PlainTextInput(
            SlackBlockPlainTextInputElement::new()
                .with_action_id(VALUE.into())
                .with_placeholder(pt!(shorten_plain(&option.hint, limits::PLACEHOLDER)))
                .with_max_length(OPTION_CHARS),
        );
        blocks.push(
            SlackInputBlock::new(pt!(option.label.clone()), element)
                .with_block_id(format!("{OPTION_BLOCK}{}", option.key).into())
                .with_optional(true)
                .into(),
        );
    }
    SlackView::Modal(
        SlackModalView::new(pt!(shorten_plain(label, limits::MODAL_TITLE)), blocks)
            .with_submit(pt!("Save"))
            .with_close(pt!("Cancel"))
            .with_callback_id(REASON.into())
            .with_private_metadata(command.to_string()),
    )
}

/// One field per question of a prompt round, filled with the answers given so far.
pub fn answer_modal(form: &AnswerForm) -> SlackView {
    let mut blocks: Vec<SlackBlock> = vec![
        SlackSectionBlock::new()
            .with_text(md!(line(&format!("{} · {}", form.prompt, form.round))))
            .into(),
    ];
    let max = form.input.max_chars();
    for (i, question) in form.questions.iter().enumerate() {
        let mut input = SlackBlockPlainTextInputElement::new()
            .with_action_id(VALUE.into())
            .with_multiline(true)
            .with_max_length(max as u64);
        if let Some(Some(answer)) = form.answers.get(i) {
            // An answer kept from before the limit was lowered shows cut, visibly.
            input = input.with_initial_value(shorten_plain(answer, max));
        }
        let label = shorten_plain(&format!("{}. {question}", i + 1), limits::INPUT_LABEL);
        let block = SlackInputBlock::new(pt!(label), SlackInputBlockElement::PlainTextInput(input))
            .with_block_id(question_block(i + 1).into())
            .with_optional(true);
        blocks.push(block.into());
    }
    let callback = match &form.review {
        Some(choices) => {
            blocks.extend(super::review_form::blocks(choices));
            REVIEW
        }
        None => ANSWERS,
    };
    SlackView::Modal(
        SlackModalView::new(pt!("Your answers"), blocks)
            .with_submit(pt!("Share"))
            .with_close(pt!("Later"))
            .with_callback_id(callback.into())
            .with_private_metadata(form.prompt.clone()),
    )
}

/// The block of question `number` (from 1) in the answer form.
pub fn question_block(number: usize) -> String {
    format!("q{number}")
}

/// The answer form's fields by question number, as submitted.
pub fn answers(state: &SlackViewState) -> Vec<(usize, String)> {
    let mut answers: Vec<(usize, String)> = state
        .values
        .iter()
        .filter_map(|(block, actions)| {
            let number = block.to_string().strip_prefix('q')?.parse().ok()?;
            let value = actions
                .get(&SlackActionId::new(VALUE.into()))?
                .value
                .clone()?;
            Some((number, value))
        })
        .collect();
    answers.sort();
    answers
}

/// A person's Home tab: up to a view's 100 blocks.
pub fn home(message: &Message) -> SlackView {
    SlackView::Home(SlackHomeView::new(render::blocks(
        message,
        limits::VIEW_BLOCKS,
    )))
}

pub fn block_id(field: FormField) -> &'static str {
    match field {
        FormField::Kind => "kind",
        FormField::Title => "title",
        FormField::Quantity => "quantity",
        FormField::Market => "market",
        FormField::NeededBy => "needed_by",
    }
}

/// What was submitted in the input of block `block`: a picked option's value, a picked date,
/// or the text typed.
pub fn submitted(state: &SlackViewState, block: &str) -> Option<String> {
    let entry = state
        .values
        .get(&SlackBlockId::new(block.into()))?
        .get(&SlackActionId::new(VALUE.into()))?;
    entry
        .selected_option
        .as_ref()
        .map(|o| o.value.clone())
        .or_else(|| entry.selected_date.clone())
        .or_else(|| entry.value.clone())
}

/// The new-request form's values, as submitted.
pub fn request_fields(state: &SlackViewState) -> RequestFields {
    let value = |field: FormField| submitted(state, block_id(field));
    RequestFields {
        kind: value(FormField::Kind).unwrap_or_default(),
        title: value(FormField::Title).unwrap_or_default(),
        quantity: value(FormField::Quantity),
        market: value(FormField::Market),
        needed_by: value(FormField::NeededBy),
    }
}

/// The reason form's optional fields that were filled in, as `key:"value"`s.
pub fn options(state: &SlackViewState) -> Vec<String> {
    FormOption::KEYS
        .iter()
        .filter_map(|key| {
            let value = submitted(state, &format!("{OPTION_BLOCK}{key}"))?;
            FormOption::by_key(key)?.typed(&value)
        })
        .collect()
}

/// The reason form's text, as submitted.
pub fn reason(state: &SlackViewState) -> String {
    state
        .values
        .get(&SlackBlockId::new(REASON_BLOCK.into()))
        .and_then(|actions| actions.get(&SlackActionId::new(VALUE.into())))
        .and_then(|entry| entry.value.clone())
        .unwrap_or_default()
}

fn input(
    field: FormField,
    label: &str,
    element: SlackInputBlockElement,
    optional: bool,
) -> SlackBlock {
    input_block(block_id(field), label, element, optional)
}

/// A modal's input block: `element` under `label`, found again by `block_id` on submit.
pub(super) fn input_block(
    block_id: &str,
    label: &str,
    element: SlackInputBlockElement,
    optional: bool,
) -> SlackBlock {
    SlackInputBlock::new(pt!(label.to_string()), element)
        .with_block_id(block_id.into())
        .with_optional(optional)
        .into()
}

/// A text field that takes at most what `input` allows (multi-line for long texts).
pub(super) fn text_input(input: Input) -> SlackInputBlockElement {
    let max = input.max_chars().min(limits::INPUT_TEXT);
    SlackInputBlockElement::PlainTextInput(
        SlackBlockPlainTextInputElement::new()
            .with_action_id(VALUE.into())
            .with_multiline(max > Input::Title.max_chars())
            .with_max_length(max as u64),
    )
}

fn number_input() -> SlackInputBlockElement {
    SlackInputBlockElement::NumberInput(
        SlackBlockNumberInputElement::new(false)
            .with_action_id(VALUE.into())
            .with_min_value("1".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_answer_form_has_a_field_per_question_filled_with_earlier_answers() {
        let form = AnswerForm {
            prompt: "market-pulse".into(),
            round: "Fri 4 Dec 16:00".into(),
            questions: vec![
                "What are customers saying?".into(),
                "What support helped?".into(),
            ],
            answers: vec![None, Some("the posters".into())],
            review: None,
            input: crate::domain::Input::Answer,
        };
        let json = serde_json::to_value(answer_modal(&form)).expect("serialises");
        assert_eq!(json["callback_id"], ANSWERS);
        assert_eq!(json["private_metadata"], "market-pulse");
        assert_eq!(json["blocks"][1]["block_id"], "q1");
        assert_eq!(
            json["blocks"][1]["label"]["text"],
            "1. What are customers saying?"
        );
        assert_eq!(json["blocks"][2]["element"]["initial_value"], "the posters");
    }

    #[test]
    fn submitted_answers_come_back_by_question_number() {
        let value = |text: &str| {
            let entry: SlackViewStateValue = serde_json::from_value(
                serde_json::json!({ "type": "plain_text_input", "value": text }),
            )
            .expect("a state value");
            HashMap::from([(SlackActionId::new(VALUE.into()), entry)])
        };
        let state = SlackViewState::new(HashMap::from([
            (SlackBlockId::new("q2".into()), value("posters")),
            (SlackBlockId::new("q1".into()), value("prices")),
            (SlackBlockId::new("kind".into()), value("ignored")),
        ]));
        assert_eq!(
            answers(&state),
            vec![(1, "prices".to_string()), (2, "posters".to_string())]
        );
    }
}
