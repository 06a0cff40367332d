//! A request given as form fields (a Slack modal) rather than one line: the same values, the
//! same checks, with each problem tied to its field.

use super::error::ParseError;
use super::parse::{ParseContext, parse_date};
use crate::domain::{NewRequest, Quantity, Text, TextError, Title};

/// The fields of a new-request form, as typed.
#[derive(Clone, Debug, Default)]
pub struct RequestFields {
    pub kind: String,
    pub title: String,
    pub quantity: Option<String>,
    pub market: Option<String>,
    pub needed_by: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Kind,
    Title,
    Quantity,
    Market,
    NeededBy,
}

/// Validates every field; on failure, says what is wrong with each field that is.
pub fn parse_request_form(
    fields: &RequestFields,
    ctx: &ParseContext<'_>,
) -> Result<NewRequest, Vec<(FormField, String)>> {
    let mut errors = Vec::new();
    let kind = ctx
        .kinds
        .parse(&fields.kind)
        .map_err(|e| errors.push((FormField::Kind, format!("{e}."))))
        .ok();
    let title = match Title::parse(&fields.title) {
        Ok(title) => Some(title),
        Err(TextError::Empty) => {
            errors.push((FormField::Title, "Give the request a title.".into()));
            None
        }
        Err(source) => {
            errors.push((FormField::Title, ParseError::Title { source }.to_string()));
            None
        }
    };
    let quantity = optional(&fields.quantity).and_then(|q| {
        q.parse::<Quantity>()
            .map_err(|source| {
                errors.push((
                    FormField::Quantity,
                    ParseError::Quantity { source }.to_string(),
                ))
            })
            .ok()
    });
    let market = optional(&fields.market).and_then(|m| {
        Text::parse(m)
            .map_err(|e| errors.push((FormField::Market, format!("The market is too long: {e}."))))
            .ok()
    });
    let needed_by = optional(&fields.needed_by).and_then(|d| {
        parse_date(d, ctx.today)
            .map_err(|e| errors.push((FormField::NeededBy, e.to_string())))
            .ok()
    });
    match (kind, title) {
        (Some(kind), Some(title)) if errors.is_empty() => Ok(NewRequest {
            kind,
            title,
            quantity,
            market,
            needed_by,
        }),
        _ => Err(errors),
    }
}

fn optional(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kinds;
    use chrono::NaiveDate;

    fn check(fields: RequestFields) -> Result<NewRequest, Vec<(FormField, String)>> {
        let kinds = Kinds::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        parse_request_form(
            &fields,
            &ParseContext {
                kinds: &kinds,
                today,
            },
        )
    }

    #[test]
    fn a_complete_form_becomes_a_request() {
        let fields = RequestFields {
            kind: "pos".into(),
            title: "Shelf \"talkers\"".into(),
            quantity: Some("500".into()),
            market: Some("Pune West".into()),
            needed_by: Some("2026-12-10".into()),
        };
        let new = check(fields).expect("valid");
        assert_eq!(new.title.as_str(), "Shelf \"talkers\"");
        assert_eq!(new.quantity.map(|q| q.get()), Some(500));
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let fields = RequestFields {
            kind: "posters".into(),
            title: " ".into(),
            quantity: Some("0".into()),
            market: None,
            needed_by: Some("2026-11-01".into()),
        };
        let errors = check(fields).expect_err("invalid");
        let by_field = |f| {
            errors
                .iter()
                .find(|(field, _)| *field == f)
                .map(|(_, m)| m.as_str())
        };
        assert!(by_field(FormField::Kind).is_some_and(|m| m.contains("is not a request kind")));
        assert_eq!(
            by_field(FormField::Title),
            Some("Give the request a title.")
        );
        assert!(by_field(FormField::Quantity).is_some_and(|m| m.contains("at least 1")));
        assert!(by_field(FormField::NeededBy).is_some_and(|m| m.contains("is in the past")));
        assert_eq!(errors.len(), 4);
    }
}
