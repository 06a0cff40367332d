//! `Platforms`: every configured platform's adapter as one outbox sink. It sends each message
//! by every platform that can reach its destination (a person by the one they last wrote from;
//! a group by each of its people's, each platform getting the people it reaches them on).

use std::sync::Arc;

use super::Adapter;
use crate::bot::LastPlatform;
use crate::domain::PersonName;
use crate::message::{Destination, Outgoing};
use crate::outbox::{DeliveryError, Pace, Sink};
use crate::store::Store;

/// Every configured platform, as one outbox sink.
pub struct Platforms {
    adapters: Vec<Arc<dyn Adapter>>,
    store: Arc<dyn Store>,
}

impl Platforms {
    pub fn new(adapters: Vec<Arc<dyn Adapter>>, store: Arc<dyn Store>) -> Self {
        Platforms { adapters, store }
    }

    fn last_platform(&self, to: &Destination) -> Option<String> {
        let Destination::Person(name) = to else {
            return None;
        };
        let last = self.store.kept::<LastPlatform>(name).ok()??;
        Some(last.0)
    }

    /// The one route a DM to `name` takes: where they last wrote from, else the first platform
    /// that reaches them.
    fn person_route(&self, name: &PersonName) -> Option<String> {
        let to = Destination::Person(name.clone());
        let reaching: Vec<&str> = self
            .adapters
            .iter()
            .filter(|a| a.reaches(&to))
            .map(|a| a.name())
            .collect();
        let last = self.last_platform(&to);
        let pick = reaching
            .iter()
            .find(|name| Some(**name) == last.as_deref())
            .or(reaching.first());
        pick.map(|name| name.to_string())
    }

    /// The people of a group that `route` reaches them on.
    fn group_on(&self, names: &[PersonName], route: &str) -> Vec<PersonName> {
        let on_route = |name: &&PersonName| self.person_route(name).as_deref() == Some(route);
        names.iter().filter(on_route).cloned().collect()
    }
}

impl Sink for Platforms {
    fn routes(&self, outgoing: &Outgoing) -> Vec<String> {
        let reaching: Vec<&str> = self
            .adapters
            .iter()
            .filter(|a| a.reaches(&outgoing.to))
            .map(|a| a.name())
            .collect();
        match &outgoing.to {
            // A channel is posted on every platform it exists on.
            Destination::Channel(_) => reaching.into_iter().map(String::from).collect(),
            // A conversation belongs to the one platform it came from.
            Destination::Conversation { platform, .. } => reaching
                .into_iter()
                .filter(|name| name == platform)
                .map(String::from)
                .collect(),
            // A person is reached once: where they last wrote from, else the first platform.
            Destination::Person(name) => self.person_route(name).into_iter().collect(),
            // Each person of a group where a DM would reach them.
            Destination::Group(names) => {
                let mut routes: Vec<String> = Vec::new();
                for route in names.iter().filter_map(|name| self.person_route(name)) {
                    if !routes.contains(&route) {
                        routes.push(route);
                    }
                }
                routes
            }
        }
    }

    fn pace(&self, route: &str) -> Option<Pace> {
        self.adapters.iter().find(|a| a.name() == route)?.pace()
    }

    async fn deliver(&self, route: &str, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        let narrowed;
        let outgoing = match &outgoing.to {
            // Each platform gets the people of the group it reaches them on.
            Destination::Group(names) => {
                narrowed = Outgoing {
                    to: Destination::Group(self.group_on(names, route)),
                    ..outgoing.clone()
                };
                &narrowed
            }
            _ => outgoing,
        };
        match self.adapters.iter().find(|a| a.name() == route) {
            Some(adapter) => adapter.deliver(outgoing).await,
            None => Err(DeliveryError::unreachable(format!(
                "{route} is not configured"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::message::{Message, Op};
    use crate::platform::Delivery;
    use crate::store::MemoryStore;

    /// Reaches the people it names; keeps where it was asked to deliver.
    struct Recording {
        name: &'static str,
        people: Vec<&'static str>,
        got: Mutex<Vec<Destination>>,
    }

    impl Recording {
        fn new(name: &'static str, people: &[&'static str]) -> Arc<Recording> {
            Arc::new(Recording {
                name,
                people: people.to_vec(),
                got: Mutex::default(),
            })
        }

        fn got(&self) -> Vec<Destination> {
            self.got.lock().expect("got").clone()
        }
    }

    impl Adapter for Recording {
        fn name(&self) -> &'static str {
            self.name
        }

        fn reaches(&self, to: &Destination) -> bool {
            matches!(to, Destination::Person(name) if self.people.contains(&name.as_str()))
        }

        fn deliver<'a>(&'a self, outgoing: &'a Outgoing) -> Delivery<'a> {
            self.got.lock().expect("got").push(outgoing.to.clone());
            Box::pin(async { Ok(()) })
        }
    }

    fn group(names: &[&str]) -> Destination {
        Destination::Group(names.iter().map(|n| PersonName::new(*n)).collect())
    }

    #[tokio::test]
    async fn a_group_reaches_each_person_once_where_a_dm_would() {
        let slack = Recording::new("slack", &["Asha", "Priya"]);
        let teams = Recording::new("teams", &["Priya", "Rohan"]);
        let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
        let _durable = store
            .keep(&PersonName::new("Priya"), &LastPlatform("teams".into()))
            .expect("kept");
        let platforms = Platforms::new(vec![slack.clone(), teams.clone()], store);
        let outgoing = Outgoing {
            to: group(&["Asha", "Priya", "Vikram"]),
            op: Op::Post,
            message: Message::text("You're paired"),
        };
        let routes = platforms.routes(&outgoing);
        assert_eq!(routes, vec!["slack".to_string(), "teams".to_string()]);
        for route in &routes {
            platforms
                .deliver(route, &outgoing)
                .await
                .expect("delivered");
        }
        assert_eq!(
            slack.got(),
            vec![group(&["Asha"])],
            "Priya last wrote in Teams"
        );
        assert_eq!(teams.got(), vec![group(&["Priya"])]);
        let nobody = Outgoing {
            to: group(&["Vikram"]),
            ..outgoing
        };
        assert!(platforms.routes(&nobody).is_empty(), "no way to reach him");
    }
}
