//! Launches: adding, listing, showing, and linking the requests that served them.

use super::core::Bot;
use super::launch_views;
use super::reply::Reply;
use super::review_views;
use crate::command::{CommandName, LaunchCommand};
use crate::domain::launch::{self, may_add};
use crate::domain::{
    Launch, LaunchName, NewLaunch, NewRequest, Person, RequestId, facts::RequestFact,
};
use crate::message::Message;
use crate::store::StoreError;

const COMMAND: CommandName = CommandName::Launch;
/// How often a link is retried when someone else changed the request at the same moment.
const MAX_ATTEMPTS: usize = 5;

impl Bot {
    /// Whether `name` is a launch's (and no prompt's): `answer <name>` then answers its review.
    pub(super) fn is_launch(&self, name: &str) -> bool {
        if self.settings.prompt(name).is_some() {
            return false;
        }
        let Ok(name) = LaunchName::parse(name) else {
            return false;
        };
        matches!(self.store.launch(&name), Ok(Some(_)))
    }

    pub(super) fn launch(&self, person: &Person, command: LaunchCommand) -> Reply {
        match command {
            LaunchCommand::Add(new) => self.add_launch(person, new),
            LaunchCommand::Link { launch, id } => self.link_launch(person, &launch, id),
            LaunchCommand::Review { launch, closes } => self.open_review(person, &launch, closes),
            LaunchCommand::Close(launch) => self.close_review(person, &launch),
            LaunchCommand::Show { launch, page } => self.show_launch(person, &launch, page),
            LaunchCommand::List => self.list_launches(),
        }
    }

    /// The launch called `name`, or the reply that says there is none.
    pub(super) fn find_launch(
        &self,
        command: CommandName,
        name: &LaunchName,
    ) -> Result<Launch, Reply> {
        match self.store.launch(name) {
            Ok(Some(launch)) => Ok(launch),
            Ok(None) => Err(Reply::refused(
                command,
                format!("There's no launch called {name}. `launch list` shows them."),
            )),
            Err(error) => Err(Reply::failed(command, &error)),
        }
    }

    /// `request … launch:<name>`: the launch must exist.
    pub(super) fn file_for_launch(
        &self,
        person: &Person,
        new: NewRequest,
        launch: &LaunchName,
    ) -> Reply {
        if let Err(reply) = self.find_launch(CommandName::Request, launch) {
            return reply;
        }
        self.file_linked(person, new, Some(launch))
    }

    fn add_launch(&self, person: &Person, new: NewLaunch) -> Reply {
        if let Err(refusal) = may_add(person) {
            return Reply::refused(COMMAND, refusal.to_string());
        }
        if let Some(prompt) = self.settings.prompt(new.name.as_str()) {
            return Reply::refused(
                COMMAND,
                format!(
                    "{} is a prompt's id (people type `answer {}`); give the launch another name.",
                    prompt.id, prompt.id
                ),
            );
        }
        if self.is_plan(new.name.as_str()) {
            return Reply::refused(
                COMMAND,
                format!(
                    "{} is a plan's name; give the launch another name.",
                    new.name
                ),
            );
        }
        let launch = Launch::new(new, person.name.clone(), self.clock.now());
        match self.store.add_launch(&launch, &[], launch.added_at) {
            Ok(_) => Reply::done(
                COMMAND,
                launch_views::added(&launch, self.settings.timezone),
            ),
            Err(StoreError::Conflict) => Reply::refused(
                COMMAND,
                format!(
                    "There is already a launch called {}; `launch show {}` shows it.",
                    launch.name, launch.name
                ),
            ),
            Err(error) => Reply::failed(COMMAND, &error),
        }
    }

    fn list_launches(&self) -> Reply {
        let launches = match self.store.launches() {
            Ok(launches) => launches,
            Err(error) => return Reply::failed(COMMAND, &error),
        };
        if launches.is_empty() {
            return Reply::done(
                COMMAND,
                Message::text(
                    "Launches: none yet. Marketing or a lead adds one with `launch add`.",
                ),
            );
        }
        let mut rows = Vec::new();
        for launch in &launches {
            let linked = match self.store.launch_requests(&launch.name) {
                Ok(requests) => requests.len(),
                Err(error) => return Reply::failed(COMMAND, &error),
            };
            rows.push(launch_views::row(launch, linked));
        }
        let message = Message::with_header(format!("Launches ({})", launches.len()))
            .paragraph(rows.join("\n"));
        Reply::done(COMMAND, message)
    }

    fn show_launch(&self, person: &Person, name: &LaunchName, page: usize) -> Reply {
        let launch = match self.find_launch(COMMAND, name) {
            Ok(launch) => launch,
            Err(reply) => return reply,
        };
        let zone = self.zone(person);
        let pages = match &launch.review {
            Some(review) if review.closed.is_some() => review_views::result_pages(review),
            _ => 1,
        };
        if page > pages {
            let of = if pages == 1 {
                "one page".to_string()
            } else {
                format!("{pages} pages")
            };
            return Reply::refused(
                COMMAND,
                format!("There's no page {page}: {} shows on {of}.", launch.name),
            );
        }
        let Some(review) = &launch.review else {
            let requests = match self.store.launch_requests(name) {
                Ok(requests) => requests,
                Err(error) => return Reply::failed(COMMAND, &error),
            };
            let company = self.settings.timezone;
            let facts: Vec<RequestFact> = requests
                .iter()
                .map(|r| RequestFact::of(r, company))
                .collect();
            return Reply::done(COMMAND, launch_views::unreviewed(&launch, &facts, zone));
        };
        let message = match review.closed {
            Some(_) => review_views::result_page(&launch, review, zone, page).unwrap_or_default(),
            None => review_views::status(&launch, review, person, self.clock.now(), zone),
        };
        Reply::done(COMMAND, message)
    }

    fn link_launch(&self, person: &Person, name: &LaunchName, id: RequestId) -> Reply {
        if let Err(reply) = self.find_launch(COMMAND, name) {
            return reply;
        }
        for _ in 0..MAX_ATTEMPTS {
            let mut request = match self.store.request(id) {
                Ok(Some(request)) => request,
                Ok(None) => {
                    return Reply::refused(
                        COMMAND,
                        format!("{id} doesn't exist. `list all` shows every request."),
                    );
                }
                Err(error) => return Reply::failed(COMMAND, &error),
            };
            let version = request.version();
            let event = match launch::link(&mut request, person, name, self.clock.now()) {
                Ok(event) => event,
                Err(refusal) => return Reply::refused(COMMAND, refusal.to_string()),
            };
            let outgoing = self.announce(&request, &event);
            match self.store.update_request(&request, version, &outgoing) {
                Ok(_) => return Reply::done(COMMAND, launch_views::linked(&request, &outgoing)),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(COMMAND, &error),
            }
        }
        Reply::failed(COMMAND, &StoreError::Conflict)
    }
}
