//! Pure types and rules: people and teams, requests and their lifecycle. No I/O.

pub mod duration;
pub mod lifecycle;
pub mod people;
pub mod request;
pub mod text;
pub mod values;

pub use duration::{DurationError, parse_duration};
pub use lifecycle::{Action, Refusal};
pub use people::{Directory, DirectoryError, Identity, Person, PersonName, Role, Team};
pub use request::{
    Change, Event, Kind, KindError, Kinds, NewRequest, Quantity, Rating, Request, RequestId,
    Status, Text, TextError, Title,
};
