//! `report [YYYY-MM]`: the month's scorecard as a picture for a lead, and the files behind it.

use std::path::{Path, PathBuf};

use super::core::Bot;
use super::reply::Reply;
use super::scorecard::ScorecardError;
use crate::command::CommandName;
use crate::domain::{Month, Person};
use crate::message::{Block, Destination, Message, Op, Outgoing};
use crate::report::{Format, Report, ReportError, sheet};

/// Where the scorecards for chat are written, under the data directory.
pub const REPORTS_DIR: &str = "reports";

impl Bot {
    /// The scorecard of `month` (the current one without it), ready to draw.
    pub fn report_of(&self, month: Option<Month>) -> Result<Report, ScorecardError> {
        let card = self.scorecard(month.unwrap_or_else(|| self.current_month()))?;
        Ok(Report::new(card, self.settings.timezone))
    }

    /// `tandem report`: checks the path, makes the scorecard, writes it to `out`.
    pub fn write_report(
        &self,
        month: Option<Month>,
        out: &Path,
    ) -> Result<PathBuf, ScorecardError> {
        Format::of(out)?;
        self.report_of(month)?.write(out)?;
        Ok(out.to_path_buf())
    }

    /// The scorecard as a message: its summary, the picture, and where the page is. Writes
    /// `scorecard-YYYY-MM.png` and `.html` under the data directory's `reports`.
    pub fn scorecard_message(&self, report: &Report) -> Result<Message, ReportError> {
        let dir = self.settings.store.path.join(REPORTS_DIR);
        std::fs::create_dir_all(&dir).map_err(|source| ReportError::Write {
            path: dir.display().to_string(),
            source,
        })?;
        let stem = format!("scorecard-{}", report.card.month);
        let png = dir.join(format!("{stem}.png"));
        let html = dir.join(format!("{stem}.html"));
        report.write(&png)?;
        report.write(&html)?;
        let name = sheet::name(report.card.month);
        Ok(Message::with_header(format!("Scorecard · {name}"))
            .push(Block::Text {
                text: report.sheet.summary.clone(),
            })
            .push(Block::Image {
                path: png.display().to_string(),
                alt: format!("Tandem scorecard, {name}"),
            })
            .push(Block::Context {
                text: format!("The page to print: {}", html.display()),
            }))
    }

    /// `report [YYYY-MM]`: a lead gets the scorecard by DM; anyone else is refused.
    pub(super) fn report(&self, person: &Person, month: Option<Month>) -> Reply {
        let command = CommandName::Report;
        if !person.is_lead() {
            return Reply::refused(command, "The scorecard is for leads; ask your lead for it.");
        }
        let report = match self.report_of(month) {
            Ok(report) => report,
            Err(ScorecardError::Store(error)) => return Reply::failed(command, &error),
            Err(error) => return Reply::refused(command, error.to_string()),
        };
        let message = match self.scorecard_message(&report) {
            Ok(message) => message,
            Err(error) => {
                tracing::error!(%error, "the scorecard could not be drawn");
                return Reply::refused(
                    command,
                    format!("The scorecard could not be made: {error}"),
                );
            }
        };
        let outgoing = Outgoing {
            to: Destination::Person(person.name.clone()),
            op: Op::Post,
            message,
        };
        if let Err(error) = self.store.enqueue(&[outgoing], self.clock.now()) {
            return Reply::failed(command, &error);
        }
        Reply::done(
            command,
            Message::text(format!(
                "The scorecard of {} is on its way to you as a picture, by DM.",
                sheet::name(report.card.month)
            )),
        )
    }
}
