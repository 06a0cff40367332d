//! What goes out in place of a message a platform refused (too large, invalid): a short
//! sentence, to the same place, that says so and where leads can see the message. The outbox
//! parks the refused message itself, with the platform's error.

use super::Permanent;
use crate::domain::text::clip;
use crate::message::{Message, Op, Outgoing};

/// How much of the refused message's first line the stand-in quotes.
const QUOTED_CHARS: usize = 80;

/// The stand-in for `outgoing`, which a platform refused (`why` reads `Slack refused it:
/// invalid_blocks`): a plain post where it was to go, or a reply under its card.
pub fn stand_in(outgoing: &Outgoing, why: &Permanent) -> Outgoing {
    let op = match &outgoing.op {
        Op::PostCard(card) | Op::UpdateCard(card) | Op::ReplyToCard(card) => {
            Op::ReplyToCard(card.clone())
        }
        Op::Post | Op::PostForm(_) | Op::PostVisitForm(_) => Op::Post,
    };
    Outgoing {
        to: outgoing.to.clone(),
        op,
        message: Message::text(stand_in_text(&outgoing.message, why, true)),
    }
}

/// The stand-in's sentence; `parked` says whether leads can find the message in the outbox
/// (an answer a platform refused in its own response is not queued, so it is only logged).
pub fn stand_in_text(message: &Message, why: &Permanent, parked: bool) -> String {
    let summary = message.summary();
    let what = match summary.trim() {
        "" => "this".to_string(),
        line => format!("“{}”", clip(line, QUOTED_CHARS)),
    };
    let whom = if parked {
        "a lead can see it in `admin outbox`"
    } else {
        "it was logged for whoever runs Tandem"
    };
    format!("Tandem couldn't show {what} here ({why}); {whom}.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RequestId;
    use crate::message::{CardKey, Destination};

    fn refused() -> Permanent {
        Permanent::Refused {
            platform: "Slack".into(),
            error: "invalid_blocks".into(),
        }
    }

    #[test]
    fn a_refused_card_is_stood_in_for_under_it_and_a_post_by_a_post() {
        let key = CardKey::request(RequestId::new(1).expect("id"));
        let card = Outgoing {
            to: Destination::Channel("marketing".into()),
            op: Op::UpdateCard(key.clone()),
            message: Message::with_header("REQ-1 · Diwali shelf talkers"),
        };
        let standing = stand_in(&card, &refused());
        assert_eq!(standing.to, card.to);
        assert_eq!(standing.op, Op::ReplyToCard(key));
        assert_eq!(
            standing.message.summary(),
            "Tandem couldn't show “REQ-1 · Diwali shelf talkers” here (Slack refused it: \
             invalid_blocks); a lead can see it in `admin outbox`."
        );
        let answer = Outgoing {
            op: Op::Post,
            message: Message::text("x".repeat(500)),
            ..card
        };
        let standing = stand_in(&answer, &refused());
        assert_eq!(standing.op, Op::Post);
        assert!(standing.message.summary().chars().count() < 200);
    }
}
