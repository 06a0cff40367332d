//! A DM to the bot is a command Slack delivers as an event: it is answered 200 only once its
//! work is saved, so a crash at any moment loses nothing and does nothing twice, and a stop
//! finishes it first.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tandem::store::{RequestQuery, Store};

use super::{FakeSlack, SlackApp, dm, reopen, settings};
use crate::faults::{Stepper, crash_image};

const EVENT: &str = "EvCrash1";
const LINE: &str = "request pos Crash talkers";

/// The texts of the DMs Asha got.
fn dms_to_asha(fake: &FakeSlack) -> Vec<String> {
    fake.calls_to("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == "U0ASHA")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The app on `dir` with every flush held by `stepper` once it is armed.
async fn stepped_app(dir: &Path, stepper: &Arc<Stepper>) -> SlackApp {
    let fake = FakeSlack::start().await;
    let mut settings = settings(&fake, dir, false);
    settings.store.faults = Some(stepper.faults());
    SlackApp::start_on(fake, settings).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dm_in_flight_at_a_crash_is_answered_once_after_the_restart_whatever_the_moment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stepper = Stepper::new();
    let app = Arc::new(stepped_app(dir.path(), &stepper).await);
    stepper.arm();
    let post = tokio::spawn({
        let app = app.clone();
        async move { app.event(EVENT, dm("U0ASHA", LINE)).await }
    });
    // At every flush, what a SIGKILL would leave, and the DMs that were out by then.
    let images = tempfile::tempdir().expect("images");
    let mut crashes = Vec::new();
    for _ in 0..1_000 {
        if stepper.holding() {
            let image = images.path().join(crashes.len().to_string());
            crash_image(dir.path(), &image);
            crashes.push((image, dms_to_asha(&app.fake).len()));
            stepper.release_one();
        } else if post.is_finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    stepper.disarm();
    assert_eq!(post.await.expect("answered").as_u16(), 200);
    let Ok(app) = Arc::try_unwrap(app) else {
        panic!("the app is ours again");
    };
    app.stop().await;
    assert!(
        crashes.len() >= 3,
        "the delivery, the command and its answer each wait for the disk: {}",
        crashes.len()
    );
    for (image, out_before) in crashes {
        restart_and_retry(&image, out_before).await;
    }
}

/// Starts Tandem on what a crash left in `image`, delivers the event again (its first delivery
/// never got its answer), and checks that Asha heard of her command once, truthfully.
async fn restart_and_retry(image: &Path, out_before: usize) {
    let fake = FakeSlack::start().await;
    let app = SlackApp::start(fake.clone(), image).await;
    let status = app.event(EVENT, dm("U0ASHA", LINE)).await;
    assert_eq!(status.as_u16(), 200);
    app.stop().await;
    let answers = dms_to_asha(&fake);
    let store = reopen(image).await;
    let filed = store
        .list_requests(&RequestQuery::All, 10)
        .expect("list")
        .total;
    assert!(filed <= 1, "filed once at most, not {filed} times");
    assert!(
        out_before + answers.len() >= 1,
        "Asha heard nothing after a crash at {}",
        image.display()
    );
    assert!(answers.len() <= 1, "one answer, not {answers:?}");
    for answer in answers {
        if answer.starts_with("Filed REQ-1") {
            assert_eq!(filed, 1, "{answer}");
        } else {
            assert!(
                answer.contains("can't tell whether it went through"),
                "{answer}"
            );
            assert!(answer.contains(LINE), "{answer}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dm_in_flight_at_a_stop_is_finished_and_answered_before_the_process_exits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stepper = Stepper::new();
    let app = Arc::new(stepped_app(dir.path(), &stepper).await);
    let fake = app.fake.clone();
    stepper.arm();
    let post = tokio::spawn({
        let app = app.clone();
        async move { app.event(EVENT, dm("U0ASHA", LINE)).await }
    });
    for _ in 0..1_000 {
        if stepper.holding() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(stepper.holding(), "the DM is under way");
    app.ask_to_stop();
    stepper.disarm();
    assert_eq!(post.await.expect("answered").as_u16(), 200);
    let Ok(app) = Arc::try_unwrap(app) else {
        panic!("the app is ours again");
    };
    app.stop().await;
    let answers = dms_to_asha(&fake);
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert!(answers[0].starts_with("Filed REQ-1"), "{}", answers[0]);
    let store = reopen(dir.path()).await;
    assert_eq!(
        store
            .list_requests(&RequestQuery::All, 10)
            .expect("list")
            .total,
        1
    );
}
