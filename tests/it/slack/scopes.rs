//! The OAuth scopes Slack asks of each Web API method Tandem calls, and the manifests in
//! `deploy/slack/` checked against them: a method added to the code without its scope in the
//! table fails here, and so does a scope left out of a manifest. The fake Slack uses the same
//! table to refuse calls an install without a scope would have refused (`FakeSlack::grant`).

use std::collections::BTreeSet;
use std::path::Path;

use super::{FakeSlack, SlackApp};

/// Web API method → the scopes Slack accepts it with (any one of them); empty when it needs
/// none. From each method's page at <https://api.slack.com/methods>.
pub const NEEDS: &[(&str, &[&str])] = &[
    ("chat.postMessage", &["chat:write"]),
    ("chat.update", &["chat:write"]),
    ("chat.postEphemeral", &["chat:write"]),
    // A DM needs im:write, a pair's group DM mpim:write; Tandem opens both.
    ("conversations.open", &["im:write", "mpim:write"]),
    ("views.open", &[]),
    ("views.publish", &[]),
    ("users.info", &["users:read"]),
    ("usergroups.users.list", &["usergroups:read"]),
    // A public channel's members need channels:read, a private one's groups:read.
    ("conversations.members", &["channels:read", "groups:read"]),
    ("files.getUploadURLExternal", &["files:write"]),
    ("files.completeUploadExternal", &["files:write"]),
];

/// Scopes needed for something other than one method: the manifests must ask for them too.
const ALSO: &[(&str, &str)] = &[
    ("commands", "the /tandem slash command"),
    ("im:history", "the message.im event: DMs to the bot"),
    ("im:read", "DMs to the bot"),
    (
        "users:read.email",
        "the directory's Slack/Teams merge by e-mail",
    ),
];

/// The scopes Slack accepts `method` with, if the table knows it.
pub fn needs(method: &str) -> Option<&'static [&'static str]> {
    NEEDS.iter().find(|(m, _)| *m == method).map(|(_, s)| *s)
}

/// Every scope the table and `ALSO` name: what an install from the manifests should have.
pub fn every_scope() -> BTreeSet<String> {
    NEEDS
        .iter()
        .flat_map(|(_, scopes)| scopes.iter())
        .chain(ALSO.iter().map(|(scope, _)| scope))
        .map(|s| s.to_string())
        .collect()
}

/// The bot scopes a manifest asks for: the `- scope` lines under `oauth_config.scopes.bot`.
fn manifest_scopes(file: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy/slack")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("manifest");
    let mut lines = text.lines().skip_while(|l| l.trim() != "bot:");
    let bot = lines.next().expect("a bot scope list");
    let depth = bot.len() - bot.trim_start().len();
    lines
        .take_while(|l| l.len() - l.trim_start().len() > depth)
        .filter_map(|l| l.trim().strip_prefix("- "))
        .map(|l| l.split('#').next().unwrap_or_default().trim().to_string())
        .collect()
}

/// The Web API methods the Slack adapter names in its source (`check("…"`, `read("…"`,
/// `http_post("…"`); `upload_url` and `response_url` are URLs Slack hands out, not methods.
fn methods_in_code() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/platform/slack");
    let mut methods = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("src/platform/slack") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        for call in ["check(", "read(", "http_post(", "http_get("] {
            for (at, _) in text.match_indices(call) {
                let rest = text[at + call.len()..].trim_start();
                let Some(quoted) = rest.strip_prefix('"') else {
                    continue;
                };
                let method = quoted.split('"').next().unwrap_or_default();
                if method.contains('.') {
                    methods.insert(method.to_string());
                }
            }
        }
    }
    methods
}

#[test]
fn every_web_api_method_the_code_calls_has_its_scopes_in_the_table() {
    let methods = methods_in_code();
    assert!(
        methods.contains("files.getUploadURLExternal") && methods.contains("chat.postMessage"),
        "the source scan finds the calls: {methods:?}"
    );
    let unknown: Vec<&String> = methods.iter().filter(|m| needs(m).is_none()).collect();
    assert!(
        unknown.is_empty(),
        "add these methods and their scopes to NEEDS: {unknown:?}"
    );
}

#[test]
fn both_slack_manifests_ask_for_every_scope_the_code_needs() {
    let needed = every_scope();
    assert!(needed.contains("files:write"), "the scorecard's upload");
    for file in ["manifest.yml", "manifest-http.yml"] {
        let asked = manifest_scopes(file);
        let missing: Vec<&String> = needed.difference(&asked).collect();
        assert!(missing.is_empty(), "{file} leaves out {missing:?}");
        let unused: Vec<&String> = asked.difference(&needed).collect();
        assert!(
            unused.is_empty(),
            "{file} asks for {unused:?}, which nothing needs"
        );
    }
}

/// An app installed before `files:write` was in the manifests: the summary arrives, the
/// picture's upload is refused, and the lead sees in `admin outbox` which scope to add.
#[tokio::test]
async fn an_install_without_files_write_parks_the_picture_naming_the_scope() {
    let fake = FakeSlack::start().await;
    let mut granted = every_scope();
    granted.remove("files:write");
    fake.grant(granted);
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(fake.clone(), dir.path()).await;
    let (status, _) = app.command("U0ROHAN", "report").await;
    assert_eq!(status.as_u16(), 200);
    app.outbox_pass().await;
    let asked = fake.wait_for("files.getUploadURLExternal", 1).await;
    assert_eq!(
        asked[0].refused.as_deref(),
        Some("missing_scope: files:write")
    );
    assert!(fake.calls_to("files.completeUploadExternal").is_empty());
    let summary = fake.calls_to("chat.postMessage");
    assert!(
        summary.iter().any(|p| p.body["channel"] == "U0ROHAN"),
        "the summary still went"
    );
    // The pass that was refused has recorded it once the next has run.
    app.outbox_pass().await;
    let (_, outbox) = app.command("U0ROHAN", "admin outbox").await;
    let outbox = outbox.to_string();
    assert!(outbox.contains("1 given up on"), "{outbox}");
    assert!(
        outbox.contains("missing_scope: the app needs files:write"),
        "{outbox}"
    );
    app.stop().await;
}

/// The same with every scope the manifests ask for: the upload goes through.
#[tokio::test]
async fn an_install_from_the_manifest_uploads_the_scorecard() {
    let fake = FakeSlack::start().await;
    fake.grant(manifest_scopes("manifest.yml"));
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(fake.clone(), dir.path()).await;
    let (status, _) = app.command("U0ROHAN", "report").await;
    assert_eq!(status.as_u16(), 200);
    app.outbox_pass().await;
    let completed = fake.wait_for("files.completeUploadExternal", 1).await;
    assert_eq!(completed[0].refused, None);
    assert!(fake.refused().is_empty(), "{:#?}", fake.refused());
    app.stop().await;
}
