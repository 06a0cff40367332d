//! A person's own page (Slack's App Home): what waits on them, with the same buttons.

use crate::domain::{Identity, Request, Team};
use crate::message::Message;
use crate::store::{RequestQuery, StoreError};

use super::core::Bot;
use super::views;

const SHOWN: usize = 15;

impl Bot {
    /// Sales: their own unfinished requests. Marketing: what is assigned to them and waiting,
    /// then unassigned open requests. `None` for someone who is in no team.
    pub fn home(&self, from: &Identity) -> Result<Option<Message>, StoreError> {
        let directory = self.directory();
        let Some(person) = directory.identify(from) else {
            return Ok(None);
        };
        let today = self.today(person);
        let (heading, requests) = match person.team {
            Team::Sales => (
                "Your open requests",
                self.unfinished(RequestQuery::FiledBy(person.name.clone()))?,
            ),
            Team::Marketing => {
                let mut mine = self.unfinished(RequestQuery::AssignedTo(person.name.clone()))?;
                let open = self.store.list_requests(&RequestQuery::Open, 500)?;
                mine.extend(open.requests.into_iter().filter(|r| r.assignee.is_none()));
                ("Assigned to you, and not yet taken", mine)
            }
        };
        let mut message = Message::with_header(format!("Tandem · {heading}"));
        if requests.is_empty() {
            message = message
                .paragraph("Nothing is waiting on you. `/tandem help` shows what you can do.");
        }
        let directory = self.directory();
        for request in requests.iter().take(SHOWN) {
            for block in views::compact(request, person, today, &directory) {
                message = message.push(block);
            }
        }
        if requests.len() > SHOWN {
            message = message.context(format!(
                "… and {} more: `/tandem list mine`",
                requests.len() - SHOWN
            ));
        }
        Ok(Some(message))
    }

    fn unfinished(&self, query: RequestQuery) -> Result<Vec<Request>, StoreError> {
        let page = self.store.list_requests(&query, 500)?;
        Ok(page
            .requests
            .into_iter()
            .filter(|r| !r.status.is_finished())
            .collect())
    }
}
