//! The month's scorecard for the leads, drawn by Tandem: an HTML page with inline SVG charts,
//! or the same figures as a PNG card for chat.

pub mod html;
pub mod png;
pub mod sheet;
pub mod svg;

mod file;

pub use file::{Format, Report, ReportError};
pub use sheet::Sheet;
