//! `tandem serve` killed with SIGKILL while Slack users file requests loses nothing it had
//! answered "Filed" to: the answer waits for the disk, though no thread waits with it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tandem::domain::RequestId;
use tandem::store::{SledStore, Store, StoreOptions};

use super::FakeSlack;
use super::process::Serve;

const CALLERS: usize = 8;
const KILL_AFTER: usize = 60;
const MAX_PER_CALLER: usize = 1_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_slack_was_told_is_filed_exists_after_a_sigkill() {
    let fake = Arc::new(FakeSlack::start().await);
    let dir = tempfile::tempdir().expect("temp dir");
    let serve = Arc::new(Serve::start(&fake, dir.path(), "warn").await);
    let acknowledged = Arc::new(Mutex::new(Vec::new()));

    let callers: Vec<_> = (0..CALLERS)
        .map(|caller| {
            let (serve, fake, acknowledged) = (serve.clone(), fake.clone(), acknowledged.clone());
            tokio::spawn(async move {
                for n in 0..MAX_PER_CALLER {
                    let text = format!("request pos Crash test {caller}-{n}");
                    // Once the process is killed, the connection fails and the caller stops.
                    let Ok(answer) = serve.try_command(&fake, "U0ASHA", &text).await else {
                        break;
                    };
                    if let Some(id) = filed_id(&answer) {
                        acknowledged.lock().expect("lock").push(id);
                    }
                }
            })
        })
        .collect();

    for _ in 0..600 {
        if acknowledged.lock().expect("lock").len() >= KILL_AFTER {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    serve.kill();
    for caller in callers {
        caller.await.expect("caller ends");
    }

    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(
        acknowledged.len() >= KILL_AFTER,
        "requests were filed before the kill: {}",
        acknowledged.len()
    );
    let store = SledStore::open(&StoreOptions::at(dir.path())).expect("reopen after the crash");
    for id in acknowledged {
        assert!(
            store.request(id).expect("readable").is_some(),
            "{id} was answered \"Filed\" but is gone"
        );
    }
}

/// `REQ-7` from an answer that says "Filed REQ-7 · …".
fn filed_id(answer: &str) -> Option<RequestId> {
    let rest = &answer[answer.find("Filed REQ-")? + "Filed ".len()..];
    let end = rest[4..].find(|c: char| !c.is_ascii_digit())? + 4;
    RequestId::parse(&rest[..end]).ok()
}
