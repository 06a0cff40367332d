//! Tickets: how a write says when it is on disk.
//!
//! Every write to a store returns a `Ticket`, its place in the store's sequence of writes. The
//! change is visible to readers at once; it is on disk once `Store::durable(ticket)` resolves
//! `Ok` (or `Store::durable_blocking` returns `Ok`). Nobody hears that a change was saved before
//! its ticket did: a reply waits on it. Tickets are ordered, and a later one covers every earlier
//! one, so work that wrote several times waits on the latest (`Ticket::and`).
//!
//! `Store::written()` is the ticket of everything written so far. A reply that shows stored
//! records waits on it too, so nothing that is not yet on disk is shown to anyone: a crash can
//! lose an unacknowledged change, never one that someone was told of or saw.
//!
//! A store whose every commit is durable by itself (PostgreSQL, the memory store) hands out
//! `Ticket::DURABLE`. Many waiting writers share one flush (group commit): the sled store's
//! flusher covers every ticket handed out before the flush began.

/// A place in a store's sequence of writes.
#[must_use = "a write is on disk only once its ticket is waited on; say why when it need not be"]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ticket(u64);

impl Ticket {
    /// Covers nothing that is not on disk already.
    pub const DURABLE: Ticket = Ticket(0);

    pub(super) const fn at(sequence: u64) -> Ticket {
        Ticket(sequence)
    }

    pub(super) const fn sequence(self) -> u64 {
        self.0
    }

    /// The ticket that covers both.
    pub fn and(self, other: Ticket) -> Ticket {
        self.max(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_ticket_covers_an_earlier_one() {
        let (early, late) = (Ticket::at(3), Ticket::at(9));
        assert_eq!(early.and(late), late);
        assert_eq!(late.and(early), late);
        assert_eq!(Ticket::DURABLE.and(early), early);
    }
}
