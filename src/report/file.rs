//! `Report`: a month's scorecard ready to write as a page or a picture, and what stops a write.

use std::path::Path;

use chrono_tz::Tz;
use thiserror::Error;

use super::{Sheet, html, png};
use crate::domain::scorecard::Scorecard;

/// What a scorecard file is: by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Html,
    Png,
}

/// Why no scorecard was written; nothing was written then.
#[derive(Debug, Error)]
pub enum ReportError {
    #[error("{0}: the output file must end in .html or .png.")]
    Extension(String),
    #[error("{0}: that folder does not exist.")]
    Folder(String),
    #[error(transparent)]
    Png(#[from] png::PngError),
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl Format {
    /// The format of `path`, whose folder must exist.
    pub fn of(path: &Path) -> Result<Format, ReportError> {
        let shown = path.display().to_string();
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("html") => Format::Html,
            Some(e) if e.eq_ignore_ascii_case("png") => Format::Png,
            _ => return Err(ReportError::Extension(shown)),
        };
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(ReportError::Folder(folder.display().to_string()));
        }
        Ok(format)
    }
}

/// A scorecard ready to write: its figures and its sheet.
pub struct Report {
    pub card: Scorecard,
    pub sheet: Sheet,
}

impl Report {
    pub fn new(card: Scorecard, zone: Tz) -> Report {
        let sheet = Sheet::of(&card, zone);
        Report { card, sheet }
    }

    pub fn html(&self) -> String {
        html::page(&self.sheet)
    }

    pub fn png(&self) -> Result<Vec<u8>, png::PngError> {
        png::render(&self.sheet)
    }

    /// Writes the report to `path` in its format; on any refusal nothing is written.
    pub fn write(&self, path: &Path) -> Result<(), ReportError> {
        let bytes = match Format::of(path)? {
            Format::Html => self.html().into_bytes(),
            Format::Png => self.png()?,
        };
        std::fs::write(path, bytes).map_err(|source| ReportError::Write {
            path: path.display().to_string(),
            source,
        })
    }
}
