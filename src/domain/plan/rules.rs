//! Who may do what to a plan, and each change with its checks: a refused change changes
//! nothing and says why.

use chrono::{DateTime, NaiveDate, Utc};

use super::amount::Amount;
use super::error::PlanError;
use super::model::{
    Actual, Agreement, Change, ChangeKind, Figure, Line, Member, Objection, Plan, PlanInput,
    Resolution, Signoff,
};
use super::name::PlanName;
use crate::domain::people::{Person, Team};
use crate::domain::values::Text;

/// The most forecast lines a plan has: its gap table fits one message on every platform.
pub const MAX_LINES: usize = 30;

/// What a change to the signed content did to sign-offs of older versions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Voided(pub Vec<Signoff>);

/// What a sign-off did: whether it made the plan agreed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signed {
    Waiting,
    Agreed,
}

/// What entering a figure did.
#[derive(Clone, Debug, PartialEq)]
pub struct Entered {
    /// Both teams' figures for the line are in now.
    pub both_in: bool,
    /// The team's figure this one replaced, if there was one.
    pub replaced: Option<Figure>,
}

/// What `plan open` gives.
#[derive(Clone, Debug, PartialEq)]
pub struct NewPlan {
    pub name: PlanName,
    pub due: NaiveDate,
    pub sections: Option<Vec<String>>,
}

/// A lead opens, resolves, drafts, agrees figures, adds lines and signs.
pub fn may_lead(person: &Person, verb: &'static str) -> Result<(), PlanError> {
    if person.is_lead() {
        return Ok(());
    }
    Err(PlanError::LeadOnly { verb })
}

impl Plan {
    /// A round opened by `by`; `people` is everyone in both teams now.
    #[allow(clippy::too_many_arguments)]
    pub fn open(
        name: PlanName,
        due: NaiveDate,
        sections: Vec<String>,
        gap_percent: u32,
        people: Vec<Member>,
        by: &Person,
        at: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Plan, PlanError> {
        may_lead(by, "open a planning round")?;
        if due < today {
            return Err(PlanError::DueInPast { due, today });
        }
        Ok(Plan {
            name,
            opened_by: by.name.clone(),
            opened_at: at,
            due,
            sections,
            gap_percent,
            people,
            inputs: Vec::new(),
            objections: Vec::new(),
            lines: Vec::new(),
            changes: Vec::new(),
            signoffs: Vec::new(),
            agreed: None,
            reminded: Vec::new(),
            leads_reminded: Vec::new(),
            revision: 0,
        })
    }

    pub fn add_input(
        &mut self,
        by: &Person,
        section: usize,
        text: Text,
        at: DateTime<Utc>,
    ) -> Result<(), PlanError> {
        self.still_open()?;
        self.check_section(section)?;
        self.inputs.push(PlanInput {
            section,
            by: by.name.clone(),
            team: by.team,
            text,
            at,
        });
        Ok(())
    }

    /// Raises an objection; returns its number.
    pub fn object(
        &mut self,
        by: &Person,
        section: usize,
        reason: Text,
        at: DateTime<Utc>,
    ) -> Result<usize, PlanError> {
        self.still_open()?;
        self.check_section(section)?;
        let number = self.objections.len() + 1;
        self.objections.push(Objection {
            number,
            section,
            by: by.name.clone(),
            team: by.team,
            reason,
            at,
            resolved: None,
        });
        Ok(number)
    }

    /// A lead settles an objection; returns it.
    pub fn resolve(
        &mut self,
        by: &Person,
        number: usize,
        how: Text,
        at: DateTime<Utc>,
    ) -> Result<&Objection, PlanError> {
        may_lead(by, "resolve an objection")?;
        self.still_open()?;
        let plan = self.name.clone();
        let objection = number
            .checked_sub(1)
            .and_then(|i| self.objections.get_mut(i))
            .ok_or(PlanError::Objection { plan, number })?;
        if let Some(done) = &objection.resolved {
            return Err(PlanError::AlreadyResolved {
                number,
                by: done.by.to_string(),
            });
        }
        objection.resolved = Some(Resolution {
            by: by.name.clone(),
            how,
            at,
        });
        Ok(objection)
    }

    /// A lead adds a forecast line; returns its number and the sign-offs it voided.
    pub fn add_line(
        &mut self,
        by: &Person,
        label: Text,
        at: DateTime<Utc>,
    ) -> Result<(usize, Voided), PlanError> {
        may_lead(by, "add a forecast line")?;
        self.still_open()?;
        if self.lines.len() >= MAX_LINES {
            return Err(PlanError::TooManyLines {
                plan: self.name.clone(),
                max: MAX_LINES,
            });
        }
        let number = self.lines.len() + 1;
        self.lines.push(Line {
            number,
            label: label.clone(),
            figures: Vec::new(),
            actual: None,
        });
        let voided = self.change(
            by,
            ChangeKind::Line {
                line: number,
                label,
            },
            at,
        );
        Ok((number, voided))
    }

    /// A team's figure for a line, entered by anyone in the team (for its lead); it may be
    /// changed until the other team's is in.
    pub fn enter_figure(
        &mut self,
        by: &Person,
        line: usize,
        value: Amount,
        why: Option<Text>,
        at: DateTime<Utc>,
    ) -> Result<Entered, PlanError> {
        self.still_open()?;
        let plan = self.name.clone();
        let index = self.check_line(line)?;
        let entry = &mut self.lines[index];
        if entry.revealed().is_some() {
            return Err(PlanError::FiguresIn { plan, line });
        }
        let replaced = entry.figure_of(by.team).cloned();
        entry.figures.retain(|f| f.team != by.team);
        entry.figures.push(Figure {
            team: by.team,
            value,
            why,
            by: by.name.clone(),
            at,
        });
        Ok(Entered {
            both_in: entry.revealed().is_some(),
            replaced,
        })
    }

    /// A lead sets a line's agreed figure, with a reason, once both teams' figures are in
    /// (before, the lead would set it having seen only their own team's).
    pub fn agree(
        &mut self,
        by: &Person,
        line: usize,
        value: Amount,
        reason: Text,
        at: DateTime<Utc>,
    ) -> Result<Voided, PlanError> {
        may_lead(by, "agree a figure")?;
        self.still_open()?;
        let index = self.check_line(line)?;
        if self.lines[index].revealed().is_none() {
            return Err(PlanError::FiguresNotIn {
                plan: self.name.clone(),
                line,
            });
        }
        let what = ChangeKind::Agreed {
            line,
            value,
            reason,
        };
        Ok(self.change(by, what, at))
    }

    /// A lead writes a section's agreed text: a new version.
    pub fn write_draft(
        &mut self,
        by: &Person,
        section: usize,
        text: Text,
        at: DateTime<Utc>,
    ) -> Result<Voided, PlanError> {
        may_lead(by, "write a section's agreed text")?;
        self.still_open()?;
        self.check_section(section)?;
        Ok(self.change(by, ChangeKind::Draft { section, text }, at))
    }

    /// A lead signs the current version for their team (`team`, when named, must be theirs);
    /// once both teams have, the plan is agreed.
    pub fn sign(
        &mut self,
        by: &Person,
        team: Option<Team>,
        at: DateTime<Utc>,
    ) -> Result<Signed, PlanError> {
        may_lead(by, "sign off a plan")?;
        if let Some(team) = team.filter(|t| *t != by.team) {
            return Err(PlanError::WrongTeam {
                lead: by.team.label(),
                team: team.label(),
            });
        }
        self.still_open()?;
        let version = self.version();
        if let Some(signed) = self.signoff_of(by.team) {
            return Err(PlanError::SignedTwice {
                plan: self.name.clone(),
                team: by.team.label(),
                version: signed.version,
                by: signed.by.to_string(),
            });
        }
        let blockers = self.blockers();
        if !blockers.is_empty() {
            return Err(PlanError::NotReady {
                plan: self.name.clone(),
                blockers,
            });
        }
        self.signoffs.push(Signoff {
            team: by.team,
            by: by.name.clone(),
            version,
            at,
            voided_at: None,
        });
        if Team::ALL.iter().all(|t| self.signoff_of(*t).is_some()) {
            self.agreed = Some(Agreement { version, at });
            return Ok(Signed::Agreed);
        }
        Ok(Signed::Waiting)
    }

    /// A lead records what happened on a line, after the period. A plan has no dates for its
    /// period, but the period comes after the plan is agreed, so an open plan takes none.
    pub fn record_actual(
        &mut self,
        by: &Person,
        line: usize,
        value: Amount,
        at: DateTime<Utc>,
    ) -> Result<(), PlanError> {
        may_lead(by, "record what happened")?;
        let index = self.check_line(line)?;
        if !self.is_agreed() {
            return Err(PlanError::NotAgreedYet {
                plan: self.name.clone(),
            });
        }
        self.lines[index].actual = Some(Actual {
            value,
            by: by.name.clone(),
            at,
        });
        Ok(())
    }

    fn change(&mut self, by: &Person, what: ChangeKind, at: DateTime<Utc>) -> Voided {
        let version = self.version() + 1;
        self.changes.push(Change {
            version,
            by: by.name.clone(),
            at,
            what,
        });
        let mut voided = Vec::new();
        for signoff in &mut self.signoffs {
            if signoff.voided_at.is_none() && signoff.version < version {
                signoff.voided_at = Some(at);
                voided.push(signoff.clone());
            }
        }
        Voided(voided)
    }

    fn still_open(&self) -> Result<(), PlanError> {
        if self.is_agreed() {
            return Err(PlanError::Agreed {
                plan: self.name.clone(),
            });
        }
        Ok(())
    }

    fn check_section(&self, number: usize) -> Result<(), PlanError> {
        if (1..=self.sections.len()).contains(&number) {
            return Ok(());
        }
        Err(PlanError::Section {
            plan: self.name.clone(),
            number,
            count: self.sections.len(),
        })
    }

    /// The index of line `number`, if there is one.
    fn check_line(&self, number: usize) -> Result<usize, PlanError> {
        if self.lines.is_empty() {
            return Err(PlanError::NoLines {
                plan: self.name.clone(),
            });
        }
        if (1..=self.lines.len()).contains(&number) {
            return Ok(number - 1);
        }
        Err(PlanError::Line {
            plan: self.name.clone(),
            number,
            count: self.lines.len(),
        })
    }
}
