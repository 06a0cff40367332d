//! Filing, listing, showing and moving requests.

use crate::command::{CommandName, ListFilter};
use crate::domain::{
    Action, Change, Event, LaunchName, NewRequest, Person, PersonName, Request, RequestId, Team,
};
use crate::message::{CardKey, Destination, Message, Op, Outgoing};
use crate::store::{RequestQuery, StoreError};

use super::core::Bot;
use super::history;
use super::reply::Reply;
use super::views;

const LIST_LIMIT: usize = 25;
const OVERDUE_SCAN_LIMIT: usize = 10_000;
/// How often a step is retried when someone else changed the request at the same moment.
const MAX_ATTEMPTS: usize = 5;

impl Bot {
    pub(super) fn file(&self, person: &Person, new: NewRequest) -> Reply {
        self.file_linked(person, new, None)
    }

    /// Files a request, linked to `launch` when one is given.
    pub(super) fn file_linked(
        &self,
        person: &Person,
        new: NewRequest,
        launch: Option<&LaunchName>,
    ) -> Reply {
        let command = CommandName::Request;
        if person.team != Team::Sales {
            return Reply::refused(command, "Only Sales files requests; Marketing works them.");
        }
        let now = self.clock.now();
        let zone = self.settings.timezone;
        let build = |id: RequestId| {
            let mut request = Request::file(id, new.clone(), person.name.clone(), now);
            request.launch = launch.cloned();
            let card = Outgoing {
                to: Destination::Channel(Team::Marketing.channel().into()),
                op: Op::PostCard(CardKey::request(id)),
                message: views::card(&request, zone),
            };
            (request, vec![card])
        };
        // The reply waits for everything written (`Bot::handle`), this filing included.
        match self.store.file_request(&build) {
            Ok((request, _)) => Reply::done(
                command,
                Message::text(format!(
                    "Filed {} · {}{}. Marketing sees it in #{}; you'll get a DM at every step.",
                    request.id,
                    request.title,
                    launch.map_or(String::new(), |l| format!(" for launch {l}")),
                    Team::Marketing.channel()
                )),
            ),
            Err(error) => Reply::failed(command, &error),
        }
    }

    pub(super) fn list(&self, person: &Person, filter: ListFilter) -> Reply {
        let command = CommandName::List;
        let today = self.today(person);
        let query = match filter {
            ListFilter::Open | ListFilter::Overdue => RequestQuery::Open,
            ListFilter::Mine if person.team == Team::Sales => {
                RequestQuery::FiledBy(person.name.clone())
            }
            ListFilter::Mine => RequestQuery::AssignedTo(person.name.clone()),
            ListFilter::All => RequestQuery::All,
        };
        let limit = if filter == ListFilter::Overdue {
            OVERDUE_SCAN_LIMIT
        } else {
            LIST_LIMIT
        };
        let mut page = match self.store.list_requests(&query, limit) {
            Ok(page) => page,
            Err(error) => return Reply::failed(command, &error),
        };
        if filter == ListFilter::Overdue {
            page.requests.retain(|r| r.is_overdue(today));
            page.total = page.requests.len();
            page.requests.truncate(LIST_LIMIT);
        }
        let heading = match filter {
            ListFilter::Open => "Open requests",
            ListFilter::Mine if person.team == Team::Sales => "Requests you filed",
            ListFilter::Mine => "Requests assigned to you",
            ListFilter::Overdue => "Overdue requests",
            ListFilter::All => "All requests",
        };
        if page.total == 0 {
            return Reply::done(command, Message::text(format!("{heading}: none.")));
        }
        let directory = self.directory();
        let mut lines: Vec<String> = page
            .requests
            .iter()
            .map(|r| views::row(r, today, &directory))
            .collect();
        if page.total > page.requests.len() {
            lines.push(format!("… and {} more.", page.total - page.requests.len()));
        }
        let message =
            Message::with_header(format!("{heading} ({})", page.total)).paragraph(lines.join("\n"));
        Reply::done(command, message)
    }

    pub(super) fn show(&self, person: &Person, id: RequestId) -> Reply {
        match self.store.request(id) {
            Ok(Some(request)) => {
                let message = views::detail(&request, person, self.zone(person));
                Reply::done(CommandName::Show, self.with_former(message, &request))
            }
            Ok(None) => Reply::refused(CommandName::Show, missing(id)),
            Err(error) => Reply::failed(CommandName::Show, &error),
        }
    }

    /// Names people of the request who left their team: "Asha K. (former member)".
    fn with_former(&self, message: Message, request: &crate::domain::Request) -> Message {
        let directory = self.directory();
        let former: Vec<String> = [Some(&request.requester), request.assignee.as_ref()]
            .into_iter()
            .flatten()
            .filter(|name| directory.is_former(name.as_str()))
            .map(|name| directory.shown(name.as_str()))
            .collect();
        match former.is_empty() {
            true => message,
            false => message.context(former.join(", ")),
        }
    }

    /// `show <ID> all [page:N]`: a page of every step, oldest first.
    pub(super) fn show_all(&self, person: &Person, id: RequestId, page: usize) -> Reply {
        let command = CommandName::Show;
        let request = match self.store.request(id) {
            Ok(Some(request)) => request,
            Ok(None) => return Reply::refused(command, missing(id)),
            Err(error) => return Reply::failed(command, &error),
        };
        match history::page(&request, page, self.zone(person)) {
            Ok(message) => Reply::done(command, message),
            Err(pages) => Reply::refused(
                command,
                format!(
                    "{id}'s history has {pages} page{}; `show {id} all page:{pages}` is the last.",
                    if pages == 1 { "" } else { "s" }
                ),
            ),
        }
    }

    pub(super) fn assign(&self, person: &Person, id: RequestId, mention: &str) -> Reply {
        let directory = self.directory();
        let Some(to) = directory.resolve_mention(mention) else {
            let names: Vec<&str> = directory
                .members_of(Team::Marketing)
                .map(|p| p.name.as_str())
                .collect();
            return Reply::refused(
                CommandName::Assign,
                format!(
                    "I don't know who \"{mention}\" is. Marketing is: {}.",
                    names.join(", ")
                ),
            );
        };
        self.act(person, id, Action::Assign { to: to.clone() })
    }

    /// Applies one step, retrying if someone else changed the request at the same moment.
    pub(super) fn act(&self, person: &Person, id: RequestId, action: Action) -> Reply {
        let command = command_of(&action);
        for _ in 0..MAX_ATTEMPTS {
            let mut request = match self.store.request(id) {
                Ok(Some(request)) => request,
                Ok(None) => return Reply::refused(command, missing(id)),
                Err(error) => return Reply::failed(command, &error),
            };
            let version = request.version();
            let event = match request.act(person, action.clone(), self.clock.now()) {
                Ok(event) => event.clone(),
                Err(refusal) => return Reply::refused(command, refusal.to_string()),
            };
            let outgoing = self.announce(&request, &event);
            match self.store.update_request(&request, version, &outgoing) {
                Ok(_) => {
                    if let Action::Deliver { note } = &action {
                        let note = note.as_ref().map(|n| n.as_str());
                        self.close_actions_of_delivered(&request, &person.name, note);
                    }
                    return Reply::done(command, done_message(&request, &event, &outgoing));
                }
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(command, &error),
            }
        }
        Reply::failed(command, &StoreError::Conflict)
    }

    /// The card update, the thread reply, and DMs to the people who should hear of `event`.
    pub(super) fn announce(&self, request: &Request, event: &Event) -> Vec<Outgoing> {
        let card = CardKey::request(request.id);
        let channel = Destination::Channel(Team::Marketing.channel().into());
        let company = self.settings.timezone;
        let mut outgoing = vec![
            Outgoing {
                to: channel.clone(),
                op: Op::UpdateCard(card.clone()),
                message: views::card(request, company),
            },
            Outgoing {
                to: channel,
                op: Op::ReplyToCard(card),
                message: Message::text(format!("{}.", views::sentence(event))),
            },
        ];
        for name in self.to_notify(request, event) {
            let zone = self
                .directory()
                .by_name(name.as_str())
                .map_or(company, |p| self.zone(p));
            outgoing.push(Outgoing {
                to: Destination::Person(name),
                op: Op::Post,
                message: views::notice(request, event, zone),
            });
        }
        outgoing
    }

    /// The requester hears of every step others take; the assignee of the requester's steps and
    /// comments; a newly assigned person of the assignment.
    fn to_notify(&self, request: &Request, event: &Event) -> Vec<PersonName> {
        let mut names = vec![request.requester.clone()];
        if let Some(assignee) = &request.assignee {
            names.push(assignee.clone());
        }
        if let Change::Assigned { to } = &event.change {
            names.push(to.clone());
        }
        let mut unique: Vec<PersonName> = Vec::new();
        for name in names {
            if name != event.actor && !unique.contains(&name) {
                unique.push(name);
            }
        }
        unique
    }
}

fn missing(id: RequestId) -> String {
    format!("{id} doesn't exist. `list all` shows every request.")
}

fn done_message(request: &Request, event: &Event, outgoing: &[Outgoing]) -> Message {
    let told: Vec<String> = outgoing
        .iter()
        .filter_map(|o| match &o.to {
            Destination::Person(name) => Some(name.to_string()),
            Destination::Channel(_) | Destination::Conversation { .. } | Destination::Group(_) => {
                None
            }
        })
        .collect();
    let mut text = format!(
        "{} · {}: {}. Now {}.",
        request.id,
        request.title,
        views::describe("you", &event.change),
        request.status
    );
    if !told.is_empty() {
        text.push_str(&format!(" {} told by DM.", told.join(" and ")));
    }
    Message::text(text)
}

fn command_of(action: &Action) -> CommandName {
    match action {
        Action::Acknowledge => CommandName::Ack,
        Action::Start => CommandName::Start,
        Action::Deliver { .. } => CommandName::Deliver,
        Action::Block { .. } => CommandName::Block,
        Action::Decline { .. } => CommandName::Decline,
        Action::Assign { .. } => CommandName::Assign,
        Action::Comment { .. } => CommandName::Comment,
        Action::Confirm { .. } => CommandName::Confirm,
        Action::Reopen { .. } => CommandName::Reopen,
    }
}
