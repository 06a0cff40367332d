//! Teams beside another platform: channels are posted on both, a person is reached where they
//! last wrote from, and a request filed in Teams is worked from the other side.

use std::sync::{Arc, Mutex};

use tandem::bot::{Incoming, Outcome};
use tandem::domain::Identity;
use tandem::message::{Destination, Op, Outgoing};
use tandem::outbox::DeliveryError;
use tandem::platform::{Adapter, Delivery};
use wiremock::ResponseTemplate;

use super::fake::ASHA;
use super::outbox::Rig;
use crate::helpers::{channel, dm};

/// Stands in for Slack: reaches everyone with a Slack ID, records what it was given.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<(Destination, Op)>>,
}

impl Adapter for Recorder {
    fn name(&self) -> &'static str {
        "slack"
    }

    fn reaches(&self, _: &Destination) -> bool {
        true
    }

    fn deliver<'a>(&'a self, outgoing: &'a Outgoing) -> Delivery<'a> {
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        sent.push((outgoing.to.clone(), outgoing.op.clone()));
        Box::pin(async { Ok::<(), DeliveryError>(()) })
    }
}

impl Recorder {
    fn take(&self) -> Vec<(Destination, Op)> {
        std::mem::take(&mut *self.sent.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

fn say(rig: &Rig, from: Identity, text: &str) {
    let reply = rig.bot.handle_blocking(&Incoming {
        from,
        text: text.into(),
    });
    assert_eq!(reply.outcome, Outcome::Done, "{text}: {}", reply.text());
}

async fn dms_to_asha_in_teams(rig: &Rig) -> usize {
    let calls = rig.fake.connector_calls().await;
    let to_asha = "/teams/v3/conversations/a%3Adm-asha/activities";
    calls.iter().filter(|r| r.url.path() == to_asha).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_filed_in_teams_is_worked_from_slack_and_each_party_told_where_they_wrote() {
    let slack = Arc::new(Recorder::default());
    let rig = Rig::with(ResponseTemplate::new(201), vec![slack.clone()]).await;
    let asha_in_teams = Identity::on("teams", ASHA.0);
    say(&rig, asha_in_teams, "request pos Diwali shelf talkers");
    rig.pass().await;
    let card = |op: fn(tandem::message::CardKey) -> Op| {
        (
            channel("marketing"),
            op(tandem::message::CardKey::request(
                tandem::domain::RequestId::new(1).expect("id"),
            )),
        )
    };
    assert_eq!(
        slack.take(),
        vec![card(Op::PostCard)],
        "the card is on both platforms"
    );

    // Priya works it from Slack; Asha last wrote from Teams, so she hears of it there.
    say(&rig, Identity::on("slack", "U0PRIYA"), "ack REQ-1");
    rig.pass().await;
    assert_eq!(
        slack.take(),
        vec![card(Op::UpdateCard), card(Op::ReplyToCard)],
        "no DM for Asha on Slack"
    );
    assert_eq!(dms_to_asha_in_teams(&rig).await, 1);

    // Asha writes from Slack; the next step reaches her there and not in Teams.
    say(&rig, Identity::on("slack", "U0ASHA"), "list mine");
    say(&rig, Identity::on("slack", "U0PRIYA"), "start REQ-1");
    rig.pass().await;
    let sent = slack.take();
    assert!(sent.contains(&(dm("Asha"), Op::Post)), "{sent:?}");
    assert_eq!(dms_to_asha_in_teams(&rig).await, 1);
}
