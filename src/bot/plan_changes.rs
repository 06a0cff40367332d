//! Changes to what leads sign, and the sign-offs: forecast lines and their figures, agreed
//! figures, the sections' agreed text (each a new version that voids older sign-offs, with
//! both leads told), signing, and what happened after the period.

use super::core::Bot;
use super::plan_views;
use super::plans::PLAN;
use super::reply::Reply;
use super::review_rounds::dm;
use crate::command::PlanCommand;
use crate::domain::plan::{Entered, Plan, Signed, Voided};
use crate::domain::{Person, Team};
use crate::message::{Destination, Message, Op, Outgoing};

impl Bot {
    /// The plan commands that change its content, its figures or its sign-offs.
    pub(super) fn change_plan(&self, person: &Person, command: PlanCommand) -> Reply {
        use PlanCommand as P;
        match command {
            P::Line { plan, label } => self.update_plan(
                &plan,
                |plan, now| plan.add_line(person, label.clone(), now),
                |plan, (number, voided)| {
                    let reply = plan_views::line_added(plan, number, &voided);
                    (reply, self.voided_dms(plan, person, &voided))
                },
            ),
            P::Figure {
                plan,
                line,
                value,
                why,
            } => self.update_plan(
                &plan,
                |plan, now| plan.enter_figure(person, line, value, why.clone(), now),
                |plan, entered| self.figure_entered(plan, person, line, entered),
            ),
            P::Agree {
                plan,
                line,
                value,
                reason,
            } => self.update_plan(
                &plan,
                |plan, now| plan.agree(person, line, value, reason.clone(), now),
                |plan, voided| {
                    let reply = plan_views::figure_agreed(plan, line, &voided);
                    (reply, self.voided_dms(plan, person, &voided))
                },
            ),
            P::Draft {
                plan,
                section,
                text,
            } => self.update_plan(
                &plan,
                |plan, now| plan.write_draft(person, section, text.clone(), now),
                |plan, voided| {
                    let reply = plan_views::drafted(plan, section, &voided);
                    (reply, self.voided_dms(plan, person, &voided))
                },
            ),
            P::Signoff { plan, team } => self.update_plan(
                &plan,
                |plan, now| plan.sign(person, team, now),
                |plan, signed| self.signed(plan, person, signed),
            ),
            P::Actual { plan, line, value } => self.update_plan(
                &plan,
                |plan, now| plan.record_actual(person, line, value, now),
                |plan, ()| (plan_views::actual_recorded(plan, line), Vec::new()),
            ),
            // The rest are handled in `plans`.
            _ => Reply::refused(PLAN, "That plan command is not a change."),
        }
    }

    /// A figure saved. One that replaces a figure a lead entered is not replaced unnoticed:
    /// the team's other leads are told by DM (the figure is the team's, and its lead answers
    /// for it; a member may still correct it on the lead's behalf).
    fn figure_entered(
        &self,
        plan: &Plan,
        person: &Person,
        line: usize,
        entered: Entered,
    ) -> (Message, Vec<Outgoing>) {
        let mut reply = plan_views::figure_saved(plan, line, person.team, entered.both_in);
        let Some(replaced) = entered.replaced.filter(|f| f.by != person.name) else {
            return (reply, Vec::new());
        };
        let directory = self.directory();
        let leads: Vec<&Person> = directory
            .leads(person.team)
            .filter(|lead| lead.name != person.name)
            .collect();
        if !leads.iter().any(|lead| lead.name == replaced.by) {
            return (reply, Vec::new());
        }
        reply = reply.context(plan_views::replaced_note(&replaced));
        let dms = leads
            .iter()
            .map(|lead| {
                let told = plan_views::replaced_dm(plan, line, person, &replaced);
                dm(&lead.name, told)
            })
            .collect();
        (reply, dms)
    }

    /// Every other lead is told which sign-offs a new version voided.
    fn voided_dms(&self, plan: &Plan, by: &Person, voided: &Voided) -> Vec<Outgoing> {
        if voided.0.is_empty() {
            return Vec::new();
        }
        self.leads_but(&by.name)
            .iter()
            .map(|lead| dm(&lead.name, plan_views::voided_dm(plan, &by.name, voided)))
            .collect()
    }

    /// A sign-off: the other team's leads are told; once both teams have signed, the agreed
    /// plan goes where both teams read it, once.
    fn signed(&self, plan: &Plan, by: &Person, signed: Signed) -> (Message, Vec<Outgoing>) {
        match signed {
            Signed::Waiting => {
                let dms = self
                    .directory()
                    .leads(by.team.other())
                    .map(|lead| dm(&lead.name, plan_views::signed_dm(plan, by)))
                    .collect();
                (plan_views::signed(plan, by), dms)
            }
            Signed::Agreed => {
                let card = plan_views::agreed_card(plan, self.settings.timezone);
                let posts = self
                    .plan_channels()
                    .into_iter()
                    .map(|channel| Outgoing {
                        to: Destination::Channel(channel),
                        op: Op::Post,
                        message: card.clone(),
                    })
                    .collect();
                (plan_views::agreed(plan), posts)
            }
        }
    }

    /// Where an agreed plan goes: the joint channel, else both teams' channels.
    fn plan_channels(&self) -> Vec<String> {
        match self.settings.joint_channel() {
            Some(channel) => vec![channel.to_string()],
            None => Team::ALL.iter().map(|t| t.channel().to_string()).collect(),
        }
    }
}
