//! The `tandem` binary as operators use it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub fn demo_config() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config/tandem.toml")
}

pub fn tandem(args: &[&str], data: &std::path::Path, stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .env("TANDEM_CONFIG", demo_config())
        .env("TANDEM_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tandem");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("tandem finishes")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_config_accepts_the_demo_and_names_the_key_of_a_bad_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ok = tandem(&["check-config"], dir.path(), "");
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("is valid: 6 people (3 in Sales, 3 in Marketing)"));
    assert!(text(&ok.stdout).contains("pairing on, monthly scorecard on,"));

    let bad = dir.path().join("bad.toml");
    let demo = std::fs::read_to_string(demo_config()).expect("demo config");
    std::fs::write(&bad, demo.replace("0 0 9 * * Mon", "0 0 9 * * Funday")).expect("write");
    let out = tandem(
        &[
            "check-config",
            "--config",
            bad.to_str().expect("utf-8 path"),
        ],
        dir.path(),
        "",
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: ")
            && stderr.contains("digest.cron: \"0 0 9 * * Funday\" is not a valid schedule"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn check_config_names_an_id_for_a_platform_tandem_does_not_know() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = std::fs::read_to_string(demo_config()).expect("demo config");
    let typo = demo.replacen("slack = \"U0ASHA\"", "slak = \"U0ASHA\"", 1);
    assert_ne!(typo, demo, "the demo gives Asha a Slack ID");
    let bad = dir.path().join("typo.toml");
    std::fs::write(&bad, typo).expect("write");
    let out = tandem(
        &[
            "check-config",
            "--config",
            bad.to_str().expect("utf-8 path"),
        ],
        dir.path(),
        "",
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "people[Asha].slak: \"slak\" is not a chat platform Tandem knows (slack, teams)"
        ),
        "{stderr}"
    );
}

#[test]
fn export_writes_json_and_csv_with_the_full_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script =
        ":as Asha\nrequest pos Shelf talkers, \"big\" qty:5\n:as Priya\nack 1\ndeliver 1 sent\n";
    let shell = tandem(&["shell"], dir.path(), script);
    assert!(shell.status.success(), "{}", text(&shell.stderr));

    let json = tandem(&["export", "--format", "json"], dir.path(), "");
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(parsed[0]["id"], 1);
    assert_eq!(parsed[0]["status"], "delivered");
    assert_eq!(parsed[0]["history"].as_array().map(Vec::len), Some(3));
    assert_eq!(parsed[0]["history"][2]["type"], "delivered");

    let csv = text(&tandem(&["export", "--format", "csv"], dir.path(), "").stdout);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("id,kind,title,quantity"))
    );
    let row = lines.next().expect("one row");
    assert!(
        row.starts_with("REQ-1,pos,\"Shelf talkers, big\",5,"),
        "{row}"
    );
    assert!(
        row.contains("Priya acknowledged it | ") && row.contains("Priya delivered it: sent"),
        "{row}"
    );

    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let none = tandem(&["export", "--since", &tomorrow], dir.path(), "");
    assert_eq!(text(&none.stdout).trim(), "[]");
}

#[test]
fn digest_preview_prints_the_last_seven_days_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = ":as Asha\nrequest pos Shelf talkers\n:as Priya\nack 1\n";
    let shell = tandem(&["shell"], dir.path(), script);
    assert!(shell.status.success(), "{}", text(&shell.stderr));
    let preview = tandem(&["digest", "--preview"], dir.path(), "");
    assert!(preview.status.success(), "{}", text(&preview.stderr));
    let out = text(&preview.stdout);
    assert!(out.starts_with("Weekly digest · "), "{out}");
    assert!(out.contains("Opened: 1 · Acknowledged: 1"), "{out}");
    let bare = tandem(&["digest"], dir.path(), "");
    assert!(!bare.status.success());
    assert!(
        text(&bare.stderr).contains("--preview"),
        "{}",
        text(&bare.stderr)
    );
}

#[test]
fn backup_then_restore_from_the_command_line_gives_the_same_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let filed = tandem(
        &["shell", "--as", "Asha"],
        &data,
        "/tandem request pos Diwali shelf talkers qty:500\n",
    );
    assert!(
        text(&filed.stdout).contains("Filed REQ-1"),
        "{}",
        text(&filed.stdout)
    );
    let file = dir.path().join("monday.backup");
    let backed = tandem(&["backup", file.to_str().expect("utf-8")], &data, "");
    assert!(backed.status.success(), "{}", text(&backed.stderr));
    assert!(
        text(&backed.stdout).starts_with("Backed up "),
        "{}",
        text(&backed.stdout)
    );

    let restored_dir = dir.path().join("restored");
    let args = [
        "restore",
        file.to_str().expect("utf-8"),
        "--data-dir",
        restored_dir.to_str().expect("utf-8"),
    ];
    let restored = tandem(&args, &data, "");
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    let again = tandem(&args, &data, "");
    assert!(!again.status.success(), "a used directory is refused");
    assert!(
        text(&again.stderr).contains("is not empty"),
        "{}",
        text(&again.stderr)
    );

    let original = tandem(&["export"], &data, "");
    let copy = tandem(&["export"], &restored_dir, "");
    assert!(copy.status.success(), "{}", text(&copy.stderr));
    assert!(text(&copy.stdout).contains("Diwali shelf talkers"));
    assert_eq!(text(&original.stdout), text(&copy.stdout));

    let asked = tandem(
        &["shell"],
        &data,
        ":as Asha\n/tandem admin backup\n:as Meera\n/tandem admin backup\n",
    );
    let said = text(&asked.stdout);
    assert!(said.contains("Only leads can make a backup."), "{said}");
    assert!(said.contains("Backed up: "), "{said}");
    let kept: Vec<_> = std::fs::read_dir(data.join("backups"))
        .expect("the backup directory, inside the data directory")
        .collect();
    assert_eq!(kept.len(), 1, "{said}");
}
