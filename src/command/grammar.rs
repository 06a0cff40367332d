//! The commands, one grammar for Slack, Teams and the shell, with their help beside them.

use std::fmt;

use chrono::Duration;

use super::launch::LaunchCommand;
use crate::domain::{Action, Given, LaunchName, NewRequest, RequestId, Text};

/// A parsed command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Help(Option<CommandName>),
    /// `request` with nothing after it: platforms with forms open one, others show the usage.
    RequestForm,
    Request(NewRequest),
    List(ListFilter),
    Show(RequestId),
    /// `show <ID> all [page:N]`: every step of a request, a page at a time (from 1).
    ShowAll {
        id: RequestId,
        page: usize,
    },
    /// A step in a request's life (everything but assign, whose person is resolved later).
    Act {
        id: RequestId,
        action: Action,
    },
    /// `assign <ID> @person`: the person as typed (a name or a platform user ID).
    Assign {
        id: RequestId,
        to: String,
    },
    /// `admin outbox`: messages the bot could not deliver (leads).
    AdminOutbox,
    /// `admin backup`: a backup of the whole store, now (leads).
    AdminBackup,
    /// `admin sync [--confirm]`: sync the directory from the platforms now (leads); `confirm`
    /// applies a sync that was held because it would remove more than half of a team.
    AdminSync {
        confirm: bool,
    },
    /// `answer <prompt>` with nothing after it: platforms with forms open one with a field
    /// per question, others show the questions and how to answer.
    AnswerForm {
        prompt: String,
    },
    /// Answers to the newest round of a prompt, by question number (from 1). A form's fields
    /// map straight onto this.
    Answer {
        prompt: String,
        answers: Vec<(usize, Text)>,
    },
    /// No prompts or reminders for this long.
    Pause(Duration),
    Resume,
    /// The digest as it would be posted now, shown only to the person who asked.
    Digest,
    /// Market visits and ride-alongs.
    Visit(super::visit::VisitCommand),
    /// `request … launch:<name>`: a request filed for a launch.
    RequestFor {
        new: NewRequest,
        launch: LaunchName,
    },
    /// `launch …`
    Launch(LaunchCommand),
    /// Answers to a launch review with a cause or a score (`answer <name> … cause:… score:…`;
    /// without them a review is answered with `Answer`, whose name then is the launch's).
    AnswerReview {
        launch: String,
        given: Given,
    },
    /// Sales × Marketing pairs: list, met, skip, resume.
    Pair(super::pair::PairCommand),
    /// You said → we did: actions on what people said.
    Action(super::action::ActionCommand),
    /// Joint planning rounds.
    Plan(super::plan::PlanCommand),
    /// The month's scorecard as a picture (the current month without one); leads only.
    Report(Option<crate::domain::Month>),
}

/// Which requests `list` shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListFilter {
    /// Everything not finished (finished = confirmed or declined).
    #[default]
    Open,
    /// What I filed (Sales) or what is assigned to me (Marketing).
    Mine,
    /// Past its needed-by date and not delivered.
    Overdue,
    All,
}

impl ListFilter {
    pub fn word(self) -> &'static str {
        match self {
            ListFilter::Open => "open",
            ListFilter::Mine => "mine",
            ListFilter::Overdue => "overdue",
            ListFilter::All => "all",
        }
    }
}

/// The first word of a command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandName {
    Help,
    Request,
    List,
    Show,
    Ack,
    Start,
    Deliver,
    Block,
    Decline,
    Assign,
    Comment,
    Confirm,
    Reopen,
    Admin,
    Answer,
    Pause,
    Resume,
    Digest,
    Visit,
    Launch,
    Pair,
    Action,
    Plan,
    Report,
}

/// What `help` says about one command.
pub struct Spec {
    pub name: CommandName,
    pub word: &'static str,
    pub aliases: &'static [&'static str],
    pub usage: &'static str,
    pub summary: &'static str,
    pub example: &'static str,
}

#[rustfmt::skip]
pub const SPECS: &[Spec] = &[
    spec(CommandName::Help, "help", &[], "help [command]",
        "show the commands, or the details of one", "help request"),
    spec(CommandName::Request, "request", &["req"],
        "request <kind> <title…> [by:YYYY-MM-DD] [qty:N] [market:NAME]",
        "file a request to Marketing (Sales)",
        "request pos Diwali shelf talkers by:2026-12-10 qty:500 market:\"Pune West\""),
    spec(CommandName::List, "list", &["ls"], "list [open|mine|overdue|all]",
        "list requests: not finished (default), mine, past due, or all", "list mine"),
    spec(CommandName::Show, "show", &[], "show <ID> [all [page:N]]",
        "a request: its newest steps, who and when, and response times; all: every step",
        "show REQ-1 all"),
    spec(CommandName::Ack, "ack", &["acknowledge"], "ack <ID>",
        "acknowledge a request: we've seen it (Marketing)", "ack REQ-1"),
    spec(CommandName::Start, "start", &[], "start <ID>",
        "start work on a request (Marketing)", "start REQ-1"),
    spec(CommandName::Deliver, "deliver", &[], "deliver <ID> [note…]",
        "mark a request delivered (Marketing)", "deliver REQ-1 shipped to the Pune depot"),
    spec(CommandName::Block, "block", &[], "block <ID> <reason…>",
        "mark a request blocked and name the constraint (Marketing)",
        "block REQ-1 print vendor at capacity until Dec 5"),
    spec(CommandName::Decline, "decline", &[], "decline <ID> <reason…>",
        "decline a request with a reason (Marketing)", "decline REQ-1 no budget left this quarter"),
    spec(CommandName::Assign, "assign", &[], "assign <ID> @person",
        "make someone in Marketing responsible for a request", "assign REQ-1 @Priya"),
    spec(CommandName::Comment, "comment", &[], "comment <ID> <text…>",
        "add a comment to a request (anyone)", "comment REQ-1 the depot closes at 6pm"),
    spec(CommandName::Confirm, "confirm", &[], "confirm <ID> [rating:1-5] [note…]",
        "confirm you received it, and rate it (the requester or a Sales lead)",
        "confirm REQ-1 rating:5 arrived in time"),
    spec(CommandName::Reopen, "reopen", &[], "reopen <ID> <reason…>",
        "reopen a declined or delivered request (the requester or a lead)",
        "reopen REQ-1 budget approved after all"),
    spec(CommandName::Admin, "admin", &[], "admin outbox | admin backup | admin sync [--confirm]",
        "messages Tandem could not deliver, with the error; a backup of the record now; sync the teams from Slack and Teams now, --confirm to apply a sync that was held (leads)",
        "admin outbox"),
    spec(CommandName::Answer, "answer", &[],
        "answer <prompt> [N:<text…> …] | answer <prompt> <N> <text…> | answer <launch> [N:<text…> …] [cause:CAUSE] [score:1-5]",
        "answer a feedback prompt or a launch review (a review also takes cause:CAUSE score:1-5): every question at once, or one by its number",
        "answer market-pulse 1:\"shops want smaller packs\" 2:\"the Diwali posters helped\""),
    spec(CommandName::Pause, "pause", &[], "pause <duration>",
        "no prompts or reminders for a while, like a holiday (up to 26w)", "pause 2w"),
    spec(CommandName::Resume, "resume", &[], "resume",
        "prompts and reminders again, before a pause ends", "resume"),
    spec(CommandName::Digest, "digest", &[], "digest",
        "preview the weekly digest as it stands now (only you see it)", "digest"),
    spec(CommandName::Visit, "visit", &[],
        "visit log|plan|invite|accept|decline|vouch|dispute|list …",
        "market visits and ride-alongs with a monthly target, vouched for by Sales (help visit)",
        "visit log market:\"Pune West\" with:@Asha kind:store shops want smaller packs"),
    spec(CommandName::Launch, "launch", &[],
        "launch add <name> on:YYYY-MM-DD [markets:\"A, B\"] [title…] | launch link <name> <ID> | launch review <name> [closes:YYYY-MM-DD] | launch close <name> | launch show <name> [page:N] | launch list",
        "launches, the requests that served them, and their reviews: both teams' views side by side with the facts",
        "launch add diwali-27 on:2027-10-20 markets:\"Pune West, Nashik\" Diwali gift packs"),
    spec(CommandName::Pair, "pair", &[],
        "pair list [mine|all] | pair met PAIR-n yes|no|not-yet [takeaway…] | pair skip | pair resume",
        "Sales × Marketing pairs: this round's, whether you met (with a takeaway for you both), sit out the next round, come back",
        "pair met PAIR-3 yes shops want smaller packs before Diwali"),
    spec(CommandName::Action, "action", &[],
        "action add <ANS-n|VIS-n|REQ-n|PAIR-n|launch> <what we'll do…> [owner:@person] [due:YYYY-MM-DD] | action done ACT-n <what we did…> | action drop ACT-n <reason…> | action rate ACT-n yes|no | action list [open|mine|all] | show ACT-n",
        "you said → we did: act on what someone said, and they hear what came of it (help action)",
        "action add ANS-3 a 50 g pack for kirana shops owner:@Priya due:2027-01-15"),
    spec(CommandName::Plan, "plan", &[],
        "plan open|input|object|resolve|line|figure|agree|draft|signoff|actual|show|list …",
        "joint planning rounds: inputs from both teams, objections answered, blind forecasts, both leads sign the same version (help plan)",
        "plan open fy27 due:2027-01-31"),
    spec(CommandName::Report, "report", &[], "report [YYYY-MM]",
        "the month's scorecard for the leads, as a picture: requests, visits, pairs, actions, reviews, prompts, each beside the month before",
        "report 2027-01"),
];

#[allow(clippy::too_many_arguments)]
const fn spec(
    name: CommandName,
    word: &'static str,
    aliases: &'static [&'static str],
    usage: &'static str,
    summary: &'static str,
    example: &'static str,
) -> Spec {
    Spec {
        name,
        word,
        aliases,
        usage,
        summary,
        example,
    }
}

impl CommandName {
    pub fn spec(self) -> &'static Spec {
        SPECS
            .iter()
            .find(|s| s.name == self)
            .expect("every command has a spec")
    }

    pub fn usage(self) -> &'static str {
        self.spec().usage
    }

    /// Whether the command only reads (so a failure can never have saved anything of it).
    pub fn only_reads(self) -> bool {
        matches!(
            self,
            CommandName::Help
                | CommandName::List
                | CommandName::Show
                | CommandName::Admin
                | CommandName::Digest
        )
    }

    /// Whether the answer to this command may be shown where others read it (a channel):
    /// `help`, and the steps of a request, whose card and thread are public anyway. Every
    /// other answer may carry something blind or private to the asker (their own figures,
    /// review answers, drafts), so it goes to them alone; a new command is private until
    /// listed here.
    pub fn answers_in_the_open(self) -> bool {
        matches!(
            self,
            CommandName::Help
                | CommandName::Request
                | CommandName::Ack
                | CommandName::Start
                | CommandName::Deliver
                | CommandName::Block
                | CommandName::Decline
                | CommandName::Assign
                | CommandName::Comment
                | CommandName::Confirm
                | CommandName::Reopen
        )
    }

    /// Looks up a command word or alias, ignoring case.
    pub fn from_word(word: &str) -> Option<CommandName> {
        let word = word.to_lowercase();
        SPECS
            .iter()
            .find(|s| s.word == word || s.aliases.contains(&word.as_str()))
            .map(|s| s.name)
    }
}

impl fmt::Display for CommandName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.spec().word)
    }
}

/// The overview `help` shows.
pub fn help_overview() -> String {
    let mut text = String::from("Tandem keeps Sales and Marketing in one loop. Commands:\n");
    for spec in SPECS {
        text.push_str(&format!("• `{}` — {}\n", spec.usage, spec.summary));
    }
    text.push_str("IDs can be written REQ-12, #12 or 12. `show ACT-3` shows an action. `help <command>` shows an example.");
    text
}

/// The details `help <command>` shows.
pub fn help_for(name: CommandName) -> String {
    let spec = name.spec();
    let mut text = format!(
        "`{}` — {}\nExample: `{}`",
        spec.usage, spec.summary, spec.example
    );
    let subcommands = match name {
        CommandName::Visit => super::visit::USAGES,
        CommandName::Action => super::action::USAGES,
        CommandName::Plan => super::plan::USAGES,
        _ => &[],
    };
    for (_, usage) in subcommands {
        text.push_str(&format!("\n• `{usage}`"));
    }
    if !spec.aliases.is_empty() {
        text.push_str(&format!("\nAlso written: {}", spec.aliases.join(", ")));
    }
    text
}
