//! Generated inputs, shared by the property tests (`tests/it/fuzz.rs`, `slack::fuzz`,
//! `teams::fuzz`) and the fuzz bench (`benches/fuzz`), so a case the bench finds is one the
//! suite can meet too. Each user takes what it needs; the rest is unused there.
#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::Value;

/// Words the grammar knows, so generated lines get past the first word often.
pub const WORDS: &[&str] = &[
    "request",
    "ack",
    "start",
    "block",
    "deliver",
    "decline",
    "assign",
    "comment",
    "confirm",
    "reopen",
    "list",
    "show",
    "answer",
    "pause",
    "resume",
    "help",
    "admin",
    "digest",
    "REQ-1",
    "REQ-0",
    "REQ-99999999999999999999",
    "pos",
    "by:2027-01-01",
    "by:2027-02-30",
    "qty:5",
    "qty:-1",
    "qty:99999999999999999999",
    "market:\"Pune West\"",
    "rating:5",
    "rating:0",
    "page:2",
    "all",
    "mine",
    "open",
    "@Priya",
    "@U0PRIYA",
    "1:\"yes\"",
    "\"",
    "'",
    "`",
    ":",
    "market-pulse",
    "4h",
    "3d",
    "outbox",
    "backup",
    "<@U0ASHA>",
    "&amp;",
    "\u{202e}",
    "😀",
];

pub fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(WORDS).prop_map(str::to_string),
                "[ -~]{0,12}",
                any::<String>().prop_map(|s| s.chars().take(8).collect()),
            ],
            0..12,
        )
        .prop_map(|words| words.join(" ")),
    ]
}

/// Fragments of a config file, in and out of place.
pub const CONFIG_PARTS: &[&str] = &[
    "timezone = \"Asia/Kolkata\"\n",
    "timezone = \"Mars/Olympus\"\n",
    "timezone = \"Asia/Kolkata\\n\"\n",
    "[channels]\n",
    "sales = { slack = \"C0SALES\" }\n",
    "marketing = { slack = \"C0MKTG\", teams = \"19:x\" }\n",
    "joint = { gchat = \"x\" }\n",
    "[[people]]\n",
    "name = \"Asha\"\n",
    "name = \"\"\n",
    "team = \"sales\"\n",
    "team = \"marketing\"\n",
    "role = \"lead\"\n",
    "slack = \"U0ASHA\"\n",
    "slak = 5\n",
    "[requests]\n",
    "kinds = []\n",
    "acknowledge_within = \"1d\"\n",
    "acknowledge_within = \"soon\"\n",
    "[[prompts]]\n",
    "id = \"p\"\n",
    "cron = \"0 0 16 * * Fri\"\n",
    "cron = \"* * *\"\n",
    "questions = [\"?\"]\n",
    "remind_after = \"99999999999d\"\n",
    "[digest]\n",
    "channel = \"joint\"\n",
    "[backup]\n",
    "keep = 0\n",
    "[quiet_hours]\n",
    "working_hours = \"25:00-01:00\"\n",
    "working_days = \"Sun-Mon\"\n",
    "[store]\n",
    "cache_mb = 18446744073709551615\n",
    "= = =\n",
    "[[\n",
];

pub fn config_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(CONFIG_PARTS), 0..24)
            .prop_map(|parts| parts.concat()),
    ]
}

/// Text for a Slack command or message: anything, or lines the grammar knows.
pub fn slack_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::sample::select(vec![
            "request pos x",
            "ack REQ-1",
            "block REQ-1",
            "show REQ-1 all page:0",
            "answer",
            "<@U0PRIYA> assign",
            "&lt;&gt;",
            "\u{0}",
            "%ZZ",
            "=&=&=",
        ])
        .prop_map(str::to_string),
    ]
}

/// A JSON value of any shape, a few levels deep.
pub fn slack_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        prop::sample::select(vec![
            "block_actions",
            "view_submission",
            "event_callback",
            "message",
            "im",
            "url_verification",
            "tandem_request",
            "tandem_answers",
            "U0ASHA",
            "REQ-1",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "type",
                    "user",
                    "id",
                    "actions",
                    "action_id",
                    "value",
                    "view",
                    "state",
                    "values",
                    "event",
                    "text",
                    "channel",
                    "channel_type",
                    "callback_id",
                    "private_metadata",
                    "trigger_id",
                    "response_url",
                    "event_id",
                ])
                .prop_map(str::to_string),
                inner,
                0..6,
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A URL-encoded form of `pairs`.
pub fn form(pairs: &[(&str, String)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        out.append_pair(key, value);
    }
    out.finish()
}

/// Parts of a Teams activity: a JSON value of any shape whose keys are an activity's, a few
/// levels deep.
pub fn teams_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        prop::sample::select(vec![
            "message",
            "invoke",
            "conversationUpdate",
            "installationUpdate",
            "adaptiveCard/action",
            "personal",
            "channel",
            "aad-asha",
            "29:asha",
            "request pos x",
            "ack REQ-1",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 20, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "type",
                    "id",
                    "text",
                    "from",
                    "aadObjectId",
                    "conversation",
                    "conversationType",
                    "value",
                    "action",
                    "data",
                    "command",
                    "name",
                    "membersAdded",
                    "channelData",
                    "tenant",
                    "recipient",
                    "replyToId",
                ])
                .prop_map(str::to_string),
                inner,
                0..6,
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Text for a Teams message: anything, or lines the grammar knows.
pub fn teams_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::sample::select(vec![
            "help",
            "request pos x",
            "ack REQ-1",
            "show REQ-1 all",
            "<at>Tandem</at> list"
        ])
        .prop_map(str::to_string),
    ]
}

/// A few damaging edits: a bit flipped, a byte put in, taken out or changed, the bytes cut
/// short, or a token that breaks JSON and numbers spliced in.
pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = (
        0..6u8,
        any::<prop::sample::Index>(),
        any::<u8>(),
        0..SPLICES.len(),
    )
        .prop_map(|(kind, at, byte, splice)| Edit {
            kind,
            at,
            byte,
            splice,
        });
    prop::collection::vec(edit, 1..6)
}

/// One damaging edit (see `edits`).
#[derive(Clone, Debug)]
pub struct Edit {
    kind: u8,
    at: prop::sample::Index,
    byte: u8,
    splice: usize,
}

/// `bytes` with `edits` made.
pub fn damage(bytes: &mut Vec<u8>, edits: &[Edit]) {
    for edit in edits {
        let at = if bytes.is_empty() {
            0
        } else {
            edit.at.index(bytes.len())
        };
        match edit.kind {
            0 if !bytes.is_empty() => bytes[at] ^= 1 << (edit.byte % 8),
            1 => bytes.insert(at, edit.byte),
            2 if !bytes.is_empty() => drop(bytes.remove(at)),
            3 => bytes.truncate(at),
            4 if !bytes.is_empty() => bytes[at] = edit.byte,
            _ => drop(bytes.splice(at..at, SPLICES[edit.splice].iter().copied())),
        }
    }
}

/// A copy of one of `seeds`, damaged (see `edits`).
pub fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    (prop::sample::select(seeds), edits()).prop_map(|(mut bytes, edits)| {
        damage(&mut bytes, &edits);
        bytes
    })
}

/// Tokens spliced into records and bodies: numbers past every width, JSON cut open or closed.
const SPLICES: &[&[u8]] = &[
    b"99999999999999999999",
    b"-9223372036854775809",
    b"1e999",
    b"-1",
    b"0",
    b"null",
    b"\"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"\\u0000",
    b"\\ud800",
    b"\xff\xfe",
    b"%",
    b"&",
    b"=",
];
