//! `visit log` as form fields (a Slack modal, a Teams card): the same `Command` the typed
//! grammar makes, with each problem tied to its field. The values never pass through a line,
//! so no field can carry another option in.

use chrono::NaiveDate;

use super::grammar::Command;
use super::visit::VisitCommand;
use crate::domain::{Input, Text, TextError};

/// The fields of the log-a-visit form, as submitted (empty or absent when not filled in).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitFields {
    pub market: String,
    /// `YYYY-MM-DD`; absent means today.
    pub date: Option<String>,
    /// A Sales person's configured name.
    pub companion: Option<String>,
    pub kind: Option<String>,
    pub learnings: String,
}

/// A field of the log-a-visit form, to show a problem beside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitField {
    Market,
    Date,
    Companion,
    Kind,
    Learnings,
}

/// The form's fields as `visit log market:… [on:…] [with:…] [kind:…] <learnings…>`, or what
/// is wrong with each field that is. The bot checks the rest (the date against today, the
/// companion, the kind), as it does for the typed line.
pub fn parse_visit_form(fields: &VisitFields) -> Result<Command, Vec<(VisitField, String)>> {
    let mut errors = Vec::new();
    let market = match Text::parse(&fields.market, Input::Market) {
        Ok(market) => Some(market),
        Err(TextError::Empty) => {
            errors.push((VisitField::Market, "Which market? Like Pune West.".into()));
            None
        }
        Err(e) => {
            errors.push((VisitField::Market, format!("The market is too long: {e}.")));
            None
        }
    };
    let on = filled(&fields.date).and_then(|d| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| {
                let why = format!("Give the date like 2027-03-10, not \"{d}\".");
                errors.push((VisitField::Date, why));
            })
            .ok()
    });
    let learnings = match Text::parse(&fields.learnings, Input::Learning) {
        Ok(learnings) => Some(learnings),
        Err(TextError::Empty) => {
            let why = "What did you learn? Tell Sales in a sentence or two.";
            errors.push((VisitField::Learnings, why.into()));
            None
        }
        Err(e) => {
            errors.push((VisitField::Learnings, format!("Too long: {e}.")));
            None
        }
    };
    match (market, learnings) {
        (Some(market), Some(learnings)) if errors.is_empty() => {
            Ok(Command::Visit(VisitCommand::Log {
                market,
                on,
                with: filled(&fields.companion).map(str::to_string),
                kind: filled(&fields.kind).map(str::to_lowercase),
                learnings,
            }))
        }
        _ => Err(errors),
    }
}

fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_form_is_the_typed_log_command() {
        let fields = VisitFields {
            market: " Pune West ".into(),
            date: Some("2027-03-10".into()),
            companion: Some("Asha".into()),
            kind: Some("Store".into()),
            learnings: "shops want kind:x smaller packs".into(),
        };
        let Ok(Command::Visit(VisitCommand::Log {
            market,
            on,
            with,
            kind,
            learnings,
        })) = parse_visit_form(&fields)
        else {
            panic!("a log command");
        };
        assert_eq!(market.as_str(), "Pune West");
        assert_eq!(on.map(|d| d.to_string()).as_deref(), Some("2027-03-10"));
        assert_eq!(with.as_deref(), Some("Asha"));
        assert_eq!(kind.as_deref(), Some("store"));
        assert_eq!(
            learnings.as_str(),
            "shops want kind:x smaller packs",
            "a field's words stay in their field"
        );
    }

    #[test]
    fn each_wrong_field_says_so_beside_itself() {
        let fields = VisitFields {
            market: "  ".into(),
            date: Some("next week".into()),
            learnings: "x".repeat(Input::Learning.max_chars() + 1),
            ..Default::default()
        };
        let errors = parse_visit_form(&fields).expect_err("three problems");
        let at: Vec<VisitField> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            at,
            [VisitField::Market, VisitField::Date, VisitField::Learnings]
        );
        let empty = parse_visit_form(&VisitFields {
            market: "Pune".into(),
            ..Default::default()
        })
        .expect_err("no learnings");
        assert_eq!(empty[0].0, VisitField::Learnings);
        assert!(empty[0].1.contains("What did you learn?"), "{empty:?}");
    }
}
