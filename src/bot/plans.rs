//! Planning rounds: opening one (everyone in both teams asked by DM), inputs and objections
//! from anyone, showing and listing. Changes to what leads sign are in `plan_changes`.

use chrono::{DateTime, Utc};

use super::core::Bot;
use super::plan_views;
use super::reply::{Form, Reply};
use super::review_rounds::dm;
use crate::command::{CommandName, PlanCommand};
use crate::domain::plan::{Member, NewPlan, Plan, PlanError, PlanName, may_lead};
use crate::domain::{Person, Team, Text};
use crate::message::{AnswerForm, Message, Outgoing};
use crate::store::{PlanWrite, StoreError};

pub(super) const PLAN: CommandName = CommandName::Plan;
/// How often a write is retried when the plan changed at the same moment.
const MAX_ATTEMPTS: usize = 5;

impl Bot {
    pub(super) fn plan(&self, person: &Person, command: PlanCommand) -> Reply {
        use PlanCommand as P;
        match command {
            P::Open(new) => self.open_plan(person, new),
            P::InputForm(name) => self.plan_input_form_reply(&name),
            P::Input {
                plan,
                section,
                text,
            } => self.plan_inputs(person, &plan, &[(section, text)]),
            P::Object {
                plan,
                section,
                reason,
            } => self.object_to_plan(person, &plan, section, reason),
            P::Resolve {
                plan,
                objection,
                how,
            } => self.resolve_objection(person, &plan, objection, how),
            P::Show {
                plan,
                section,
                page,
            } => self.show_plan(person, &plan, section, page),
            P::List => self.list_plans(),
            other => self.change_plan(person, other),
        }
    }

    /// Whether `name` is a plan's (and no prompt's or launch's): `answer <name>` then gives
    /// input to its sections, which is what its form submits.
    pub(super) fn is_plan(&self, name: &str) -> bool {
        if self.settings.prompt(name).is_some() || self.is_launch(name) {
            return false;
        }
        let Ok(name) = PlanName::parse(name) else {
            return false;
        };
        matches!(self.store.plan(&name), Ok(Some(_)))
    }

    /// The plan called `name`, or the reply that says there is none.
    pub(super) fn find_plan(&self, name: &PlanName) -> Result<Plan, Reply> {
        match self.store.plan(name) {
            Ok(Some(plan)) => Ok(plan),
            Ok(None) => Err(Reply::refused(
                PLAN,
                format!("There's no plan called {name}. `plan list` shows them."),
            )),
            Err(error) => Err(Reply::failed(PLAN, &error)),
        }
    }

    /// Reads the plan, applies `change`, and saves it with the messages `outcome` makes of
    /// it, retrying when someone changed the plan at the same moment.
    pub(super) fn update_plan<T>(
        &self,
        name: &PlanName,
        change: impl Fn(&mut Plan, DateTime<Utc>) -> Result<T, PlanError>,
        outcome: impl Fn(&Plan, T) -> (Message, Vec<Outgoing>),
    ) -> Reply {
        for _ in 0..MAX_ATTEMPTS {
            let mut plan = match self.find_plan(name) {
                Ok(plan) => plan,
                Err(reply) => return reply,
            };
            let now = self.clock.now();
            let result = match change(&mut plan, now) {
                Ok(result) => result,
                Err(error) => return Reply::refused(PLAN, error.to_string()),
            };
            let (message, outgoing) = outcome(&plan, result);
            // The reply waits for everything written (`Bot::handle`): "saved" means on disk.
            match self.store.save_plan(&PlanWrite::next(plan), &outgoing, now) {
                Ok(_) => return Reply::done(PLAN, message),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(PLAN, &error),
            }
        }
        Reply::failed(PLAN, &StoreError::Conflict)
    }

    fn open_plan(&self, person: &Person, new: NewPlan) -> Reply {
        if let Err(refusal) = may_lead(person, "open a planning round") {
            return Reply::refused(PLAN, refusal.to_string());
        }
        if let Some(taken) = self.name_taken(new.name.as_str()) {
            return Reply::refused(PLAN, taken);
        }
        let now = self.clock.now();
        let directory = self.directory();
        let people: Vec<Member> = Team::ALL
            .iter()
            .flat_map(|team| directory.members_of(*team))
            .map(|p| Member {
                person: p.name.clone(),
                team: p.team,
            })
            .collect();
        let sections = new
            .sections
            .unwrap_or_else(|| self.settings.planning.sections.clone());
        let opened = Plan::open(
            new.name,
            new.due,
            sections,
            self.settings.planning.gap_percent,
            people,
            person,
            now,
            self.today(person),
        );
        let plan = match opened {
            Ok(plan) => plan,
            Err(refusal) => return Reply::refused(PLAN, refusal.to_string()),
        };
        let mut outgoing = Vec::new();
        for member in &plan.people {
            match self.paused_until(&member.person, now) {
                Ok(Some(_)) => continue,
                Ok(None) => {}
                Err(error) => return Reply::failed(PLAN, &error),
            }
            outgoing.push(dm(&member.person, plan_views::opened_dm(&plan)));
        }
        match self.store.add_plan(&plan, &outgoing, now) {
            Ok(_) => Reply::done(PLAN, plan_views::opened(&plan, outgoing.len())),
            Err(StoreError::Conflict) => Reply::refused(
                PLAN,
                format!(
                    "There is already a plan called {}; `plan show {}` shows it.",
                    plan.name, plan.name
                ),
            ),
            Err(error) => Reply::failed(PLAN, &error),
        }
    }

    /// Why a plan may not be called `name` (a prompt's id or a launch's name), if it may not.
    fn name_taken(&self, name: &str) -> Option<String> {
        if let Some(prompt) = self.settings.prompt(name) {
            return Some(format!(
                "{} is a prompt's id (people type `answer {}`); give the plan another name.",
                prompt.id, prompt.id
            ));
        }
        if self.is_launch(name) {
            return Some(format!(
                "{name} is a launch's name; give the plan another name."
            ));
        }
        None
    }

    /// Inputs to sections (from a line or a form), all saved together.
    pub(super) fn plan_inputs(
        &self,
        person: &Person,
        name: &PlanName,
        inputs: &[(usize, Text)],
    ) -> Reply {
        self.update_plan(
            name,
            |plan, now| {
                for (section, text) in inputs {
                    plan.add_input(person, *section, text.clone(), now)?;
                }
                Ok(())
            },
            |plan, ()| {
                let sections: Vec<usize> = inputs.iter().map(|(s, _)| *s).collect();
                (plan_views::input_saved(plan, &sections), Vec::new())
            },
        )
    }

    /// `answer <plan> 1:"…" …`, as a plan's input form submits it.
    pub(super) fn answer_plan(
        &self,
        person: &Person,
        name: &str,
        answers: &[(usize, Text)],
    ) -> Reply {
        match PlanName::parse(name) {
            Ok(name) => self.plan_inputs(person, &name, answers),
            Err(error) => Reply::refused(PLAN, error.to_string()),
        }
    }

    fn object_to_plan(
        &self,
        person: &Person,
        name: &PlanName,
        section: usize,
        reason: Text,
    ) -> Reply {
        self.update_plan(
            name,
            |plan, now| plan.object(person, section, reason.clone(), now),
            |plan, number| {
                let dms = self
                    .leads_but(&person.name)
                    .iter()
                    .map(|lead| dm(&lead.name, plan_views::objection_dm(plan, number)))
                    .collect();
                (plan_views::objected(plan, number), dms)
            },
        )
    }

    fn resolve_objection(
        &self,
        person: &Person,
        name: &PlanName,
        number: usize,
        how: Text,
    ) -> Reply {
        self.update_plan(
            name,
            |plan, now| plan.resolve(person, number, how.clone(), now).cloned(),
            |plan, objection| {
                let mut dms = Vec::new();
                if objection.by != person.name {
                    dms.push(dm(&objection.by, plan_views::resolved_dm(plan, &objection)));
                }
                (plan_views::resolved(plan, &objection), dms)
            },
        )
    }

    fn show_plan(
        &self,
        person: &Person,
        name: &PlanName,
        section: Option<usize>,
        page: usize,
    ) -> Reply {
        let plan = match self.find_plan(name) {
            Ok(plan) => plan,
            Err(reply) => return reply,
        };
        let zone = self.zone(person);
        match section {
            None => Reply::done(PLAN, plan_views::show(&plan, person.team, zone)),
            Some(n) if (1..=plan.sections.len()).contains(&n) => {
                match plan_views::show_section(&plan, n, page, zone) {
                    Ok(message) => Reply::done(PLAN, message),
                    Err(pages) => Reply::refused(
                        PLAN,
                        format!(
                            "Section {n} of {} has {pages} page(s) of inputs; there's no page {page}.",
                            plan.name
                        ),
                    ),
                }
            }
            Some(n) => Reply::refused(
                PLAN,
                PlanError::Section {
                    plan: plan.name.clone(),
                    number: n,
                    count: plan.sections.len(),
                }
                .to_string(),
            ),
        }
    }

    fn list_plans(&self) -> Reply {
        match self.store.plans() {
            Ok(plans) => Reply::done(PLAN, plan_views::list(&plans)),
            Err(error) => Reply::failed(PLAN, &error),
        }
    }

    /// `plan input <name>` alone: the sections and how to give input, with a form where the
    /// platform has forms.
    fn plan_input_form_reply(&self, name: &PlanName) -> Reply {
        let plan = match self.find_plan(name) {
            Ok(plan) => plan,
            Err(reply) => return reply,
        };
        if plan.is_agreed() {
            let refusal = PlanError::Agreed { plan: plan.name };
            return Reply::refused(PLAN, refusal.to_string());
        }
        Reply {
            form: Some(Form::Answer {
                prompt: plan.name.to_string(),
            }),
            ..Reply::done(PLAN, plan_views::input_form_text(&plan))
        }
    }

    /// A plan's input form: a field per section, empty (each submission adds inputs).
    pub(super) fn plan_input_form(&self, name: &str) -> Result<AnswerForm, Reply> {
        let name = PlanName::parse(name)
            .map_err(|_| Reply::refused(PLAN, format!("I know no plan \"{name}\".")))?;
        let plan = self.find_plan(&name)?;
        if plan.is_agreed() {
            return Err(Reply::refused(
                PLAN,
                PlanError::Agreed { plan: plan.name }.to_string(),
            ));
        }
        Ok(AnswerForm {
            prompt: plan.name.to_string(),
            round: format!("planning · due {}", super::format::date(plan.due)),
            questions: plan.sections.clone(),
            answers: vec![None; plan.sections.len()],
            review: None,
            input: crate::domain::Input::PlanText,
        })
    }

    /// The leads of both teams, but `not`.
    pub(super) fn leads_but(&self, not: &crate::domain::PersonName) -> Vec<Person> {
        let directory = self.directory();
        Team::ALL
            .iter()
            .flat_map(|team| directory.leads(*team))
            .filter(|lead| &lead.name != not)
            .cloned()
            .collect()
    }
}
