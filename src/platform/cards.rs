//! Cards: posted once, then updated in place and replied to in their thread. The rule every
//! adapter follows, written once: given what the outbox asks (`Op`) and the ID the platform
//! gave the card when it was posted there (if it was), what to do.

use crate::message::{AnswerForm, CardKey, Op, VisitForm};
use crate::store::{StoreError, Ticket};

/// What an adapter does for one outgoing message. `Id` is what the platform keeps of a posted
/// card (Slack: its channel and `ts`; Teams: its activity ID).
#[derive(Debug, PartialEq)]
pub enum CardWork<'a, Id> {
    /// Post the card and remember the ID the platform gives it: a first post, or an update
    /// of a card never posted on this platform (it came later, or the ID was lost).
    Post(&'a CardKey),
    /// Replace the content of the card with this ID.
    Update(&'a CardKey, Id),
    /// Post in the thread of the card with this ID.
    Reply(Id),
    /// A plain message (also a reply to a card this platform never had: it goes where the
    /// card would have been).
    Plain,
    /// A form to fill in, where the platform shows forms in a conversation.
    Form(&'a AnswerForm),
    /// The log-a-visit form, likewise.
    VisitForm(&'a VisitForm),
}

/// What to do for `op`, given the card's ID on this platform (`posted`), if it has one.
pub fn card_work<Id>(op: &Op, posted: Option<Id>) -> CardWork<'_, Id> {
    match (op, posted) {
        (Op::PostCard(key), _) | (Op::UpdateCard(key), None) => CardWork::Post(key),
        (Op::UpdateCard(key), Some(id)) => CardWork::Update(key, id),
        (Op::ReplyToCard(_), Some(id)) => CardWork::Reply(id),
        (Op::ReplyToCard(_) | Op::Post, _) => CardWork::Plain,
        (Op::PostForm(form), _) => CardWork::Form(form),
        (Op::PostVisitForm(form), _) => CardWork::VisitForm(form),
    }
}

/// The card whose ID `op` needs looked up, if any.
pub fn card_of(op: &Op) -> Option<&CardKey> {
    match op {
        Op::PostCard(key) | Op::UpdateCard(key) | Op::ReplyToCard(key) => Some(key),
        Op::Post | Op::PostForm(_) | Op::PostVisitForm(_) => None,
    }
}

/// Logs a posted card's ID that could not be kept. Not an error for the delivery: the card is
/// out, and posting it again would show it twice; only later updates go astray (they post it
/// anew). Keeping it is not waited for either: it is written before the outbox records the
/// delivery, so a crash that loses it loses that record too, and the card is posted again.
pub fn kept(platform: &str, key: &CardKey, saved: Result<Ticket, StoreError>) {
    if let Err(error) = saved {
        tracing::error!(platform, card = key.as_str(), %error, "could not remember a posted card");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RequestId;

    #[test]
    fn a_card_is_updated_where_it_was_posted_and_posted_where_it_never_was() {
        let key = CardKey::request(RequestId::new(1).expect("id"));
        let known = || Some("ts-1".to_string());
        let none = None::<String>;
        assert_eq!(
            card_work(&Op::PostCard(key.clone()), known()),
            CardWork::Post(&key)
        );
        assert_eq!(
            card_work(&Op::UpdateCard(key.clone()), known()),
            CardWork::Update(&key, "ts-1".into())
        );
        assert_eq!(
            card_work(&Op::UpdateCard(key.clone()), none.clone()),
            CardWork::Post(&key)
        );
        assert_eq!(
            card_work(&Op::ReplyToCard(key.clone()), known()),
            CardWork::Reply("ts-1".into())
        );
        assert_eq!(
            card_work(&Op::ReplyToCard(key.clone()), none.clone()),
            CardWork::Plain
        );
        assert_eq!(card_work(&Op::Post, none), CardWork::Plain);
        assert_eq!(card_of(&Op::Post), None);
        assert_eq!(card_of(&Op::ReplyToCard(key.clone())), Some(&key));
    }
}
