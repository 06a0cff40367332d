//! The neutral message model: what the bot says, before a platform renders it.

mod form;
mod model;
mod plain;

pub use form::{AnswerForm, ReviewChoices, VisitForm};
pub use model::{
    Block, Button, ButtonStyle, CardKey, Column, Destination, Field, FormOption, Message, Op,
    Outgoing,
};
pub use plain::{render_outgoing_plain, render_plain};
