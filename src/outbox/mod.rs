//! The durable queue of outgoing messages: delivery, pacing to the platforms' rate limits,
//! retries with backoff, and parking what keeps failing.

mod pace;
mod policy;
mod sink;
mod stand_in;
mod worker;

pub use sink::{DeliveryError, Permanent, Sink};

pub use pace::{Pace, Rate};
pub use policy::{MIN_AGE_TO_PARK, MIN_TRIES_TO_PARK, next_attempt};
pub use stand_in::{stand_in, stand_in_text};
pub use worker::{Delivered, Outbox};
