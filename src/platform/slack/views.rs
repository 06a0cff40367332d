//! Modals and the App Home: the new-request form, the reason form, a person's home tab.

use slack_morphism::prelude::*;

use crate::command::{FormField, RequestFields};
use crate::domain::Kinds;
use crate::message::Message;

pub const NEW_REQUEST: &str = "tandem_request";
pub const REASON: &str = "tandem_reason";
pub const REASON_BLOCK: &str = "reason";
const VALUE: &str = "value";

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
            text_input(200),
            false,
        ),
        input(FormField::Quantity, "Quantity", number_input(), true),
        input(FormField::Market, "Market", text_input(100), true),
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

/// Asks for the text a button needs (a reason); `command` is the line it completes.
pub fn reason_modal(command: &str, label: &str) -> SlackView {
    let prompt = format!("{label} for `{command}`");
    let blocks = vec![
        SlackSectionBlock::new()
            .with_text(md!(super::render::escape(&prompt)))
            .into(),
        SlackInputBlock::new(pt!(label.to_string()), text_input(2000))
            .with_block_id(REASON_BLOCK.into())
            .into(),
    ];
    SlackView::Modal(
        SlackModalView::new(pt!(label.to_string()), blocks)
            .with_submit(pt!("Save"))
            .with_close(pt!("Cancel"))
            .with_callback_id(REASON.into())
            .with_private_metadata(command.to_string()),
    )
}

pub fn home(message: &Message) -> SlackView {
    SlackView::Home(SlackHomeView::new(super::render::blocks(message)))
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

/// The new-request form's values, as submitted.
pub fn request_fields(state: &SlackViewState) -> RequestFields {
    let value = |field: FormField| {
        let entry = state
            .values
            .get(&SlackBlockId::new(block_id(field).into()))?
            .get(&SlackActionId::new(VALUE.into()))?;
        entry
            .selected_option
            .as_ref()
            .map(|o| o.value.clone())
            .or_else(|| entry.selected_date.clone())
            .or_else(|| entry.value.clone())
    };
    RequestFields {
        kind: value(FormField::Kind).unwrap_or_default(),
        title: value(FormField::Title).unwrap_or_default(),
        quantity: value(FormField::Quantity),
        market: value(FormField::Market),
        needed_by: value(FormField::NeededBy),
    }
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
    SlackInputBlock::new(pt!(label.to_string()), element)
        .with_block_id(block_id(field).into())
        .with_optional(optional)
        .into()
}

fn text_input(max: u64) -> SlackInputBlockElement {
    SlackInputBlockElement::PlainTextInput(
        SlackBlockPlainTextInputElement::new()
            .with_action_id(VALUE.into())
            .with_max_length(max),
    )
}

fn number_input() -> SlackInputBlockElement {
    SlackInputBlockElement::NumberInput(
        SlackBlockNumberInputElement::new(false)
            .with_action_id(VALUE.into())
            .with_min_value("1".into()),
    )
}
