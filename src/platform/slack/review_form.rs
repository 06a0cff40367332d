//! A launch review's form in Slack: the prompt answer modal (`views::answer_modal`) with a
//! cause and a score to choose, and those choices as submitted.

use slack_morphism::prelude::*;

use super::views::VALUE;
use crate::message::ReviewChoices;

pub const CAUSE_BLOCK: &str = "cause";
pub const SCORE_BLOCK: &str = "score";

/// A review's cause and score, each a list to choose from, with the earlier choice chosen.
pub fn blocks(choices: &ReviewChoices) -> Vec<SlackBlock> {
    let select = |options: Vec<String>, chosen: Option<String>| {
        let items: Vec<SlackBlockChoiceItem<SlackBlockPlainTextOnly>> = options
            .iter()
            .map(|o| SlackBlockChoiceItem::new(pt!(o.clone()), o.clone()))
            .collect();
        let initial = chosen.and_then(|c| items.iter().find(|i| i.value == c).cloned());
        let mut element = SlackBlockStaticSelectElement::new()
            .with_action_id(VALUE.into())
            .with_options(items);
        if let Some(initial) = initial {
            element = element.with_initial_option(initial);
        }
        SlackInputBlockElement::StaticSelect(element)
    };
    let scores = (1..=5).map(|n| n.to_string()).collect();
    [
        (
            CAUSE_BLOCK,
            "Main cause",
            select(choices.causes.clone(), choices.cause.clone()),
        ),
        (
            SCORE_BLOCK,
            "Score (1–5)",
            select(scores, choices.score.map(|s| s.to_string())),
        ),
    ]
    .into_iter()
    .map(|(id, label, element)| {
        SlackInputBlock::new(pt!(label.to_string()), element)
            .with_block_id(id.into())
            .with_optional(true)
            .into()
    })
    .collect()
}

/// A review form's chosen cause and score, as submitted.
pub fn choices(state: &SlackViewState) -> (Option<String>, Option<String>) {
    let chosen = |block: &str| {
        state
            .values
            .get(&SlackBlockId::new(block.into()))?
            .get(&SlackActionId::new(VALUE.into()))?
            .selected_option
            .as_ref()
            .map(|o| o.value.clone())
    };
    (chosen(CAUSE_BLOCK), chosen(SCORE_BLOCK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::AnswerForm;

    #[test]
    fn a_review_form_adds_a_cause_and_a_score_to_choose_with_the_earlier_choice() {
        let form = AnswerForm {
            prompt: "diwali-27".into(),
            round: "review".into(),
            questions: vec!["What went well?".into()],
            answers: vec![None],
            review: Some(ReviewChoices {
                causes: vec!["pricing".into(), "timing".into()],
                cause: Some("timing".into()),
                score: None,
            }),
            input: crate::domain::Input::Answer,
        };
        let json =
            serde_json::to_value(super::super::views::answer_modal(&form)).expect("serialises");
        assert_eq!(json["callback_id"], super::super::views::REVIEW);
        assert_eq!(json["private_metadata"], "diwali-27");
        let cause = &json["blocks"][2];
        assert_eq!(cause["block_id"], CAUSE_BLOCK);
        assert_eq!(cause["element"]["options"][1]["value"], "timing");
        assert_eq!(cause["element"]["initial_option"]["value"], "timing");
        let score = &json["blocks"][3];
        assert_eq!(score["block_id"], SCORE_BLOCK);
        assert_eq!(score["element"]["options"][4]["value"], "5");
        assert!(score["element"].get("initial_option").is_none());
    }
}
