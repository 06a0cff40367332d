//! Pure types and rules: people and teams, requests and their lifecycle, prompts and answers,
//! working hours, and the digest's arithmetic. No I/O.

pub mod digest;
pub mod duration;
pub mod hours;
pub mod lifecycle;
pub mod pairing;
pub mod people;
pub mod prompt;
pub mod reminder;
pub mod request;
pub mod stats;
pub mod step;
pub mod text;
pub mod values;

pub use digest::{Digest, DigestInput, Period};
pub use duration::{DurationError, parse_duration};
pub use hours::{HoursError, WorkingHours};
pub use lifecycle::{Action, Refusal};
pub use people::{Account, Directory, DirectoryError, Identity, Person, PersonName, Role, Team};
pub use prompt::{AnswerError, Ask, AskKey, RoundKey};
pub use request::{
    Change, Event, Kind, KindError, Kinds, NewRequest, Quantity, Rating, Request, RequestId,
    Status, Text, TextError, Title,
};
pub use step::{Step, StepKind};
