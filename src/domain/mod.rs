//! Pure types and rules: people and teams, requests and their lifecycle, prompts and answers,
//! working hours, and the digest's arithmetic. No I/O.

pub mod action;
pub mod digest;
pub mod duration;
pub mod facts;
pub mod hours;
pub mod launch;
pub mod lifecycle;
pub mod limits;
pub mod membership;
pub mod pairing;
pub mod people;
pub mod plan;
pub mod prompt;
pub mod reminder;
pub mod request;
pub mod review;
pub mod review_result;
pub mod scorecard;
pub mod shared;
pub mod stats;
pub mod step;
pub mod text;
pub mod values;
pub mod visit;

pub use action::{
    ActionError, ActionFigures, ActionId, ActionIdError, ActionItem, ActionRating, ActionState,
    AnswerId, Closing, Said, Source, SourceError,
};
pub use digest::{Digest, DigestInput, Period};
pub use duration::{DurationError, parse_duration};
pub use hours::{HoursError, WorkingHours};
pub use launch::{Launch, LaunchName, LaunchNameError, LaunchRefusal, NewLaunch};
pub use lifecycle::{Action, Refusal};
pub use limits::Input;
pub use people::{Account, Directory, DirectoryError, Identity, Person, PersonName, Role, Team};
pub use plan::{Plan, PlanName};
pub use prompt::{AnswerError, Ask, AskKey, RoundKey};
pub use request::{
    Change, Event, Kind, KindError, Kinds, NewRequest, Quantity, Rating, Request, RequestId,
    Status, Text, TextError, Title,
};
pub use review::{Given, Review, ReviewAnswer, ReviewError, Score, ScoreError};
pub use shared::{AnswerOrigin, SharedAnswer};
pub use step::{Step, StepKind};
pub use visit::{Month, Tally, Visit, VisitId, VisitStatus};
