//! The Teams app package: a manifest valid against the published schema, commands that are
//! Tandem's own, and icons of the sizes Teams asks for.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};
use tandem::command::SPECS;

const INSTALL: &str = "python3 -m pip install 'jsonschema==4.26.0' (.ci/run does this)";

fn deploy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/teams")
}

fn manifest() -> Value {
    let text = std::fs::read_to_string(deploy().join("manifest.json")).expect("manifest.json");
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

fn python(args: &[&str]) -> Output {
    let output = Command::new("python3")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to validate the Teams manifest ({e}); then {INSTALL}")
        });
    if output.status.code() == Some(3) {
        panic!(
            "the manifest cannot be validated: jsonschema is missing. Install it: {INSTALL}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output
}

fn validate(path: &Path) -> Output {
    let script = deploy().join("validate_manifest.py");
    python(&[&script.display().to_string(), &path.display().to_string()])
}

#[test]
fn the_manifest_and_the_package_are_valid_against_the_published_schema() {
    let checked = validate(&deploy().join("manifest.json"));
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let zip = dir.path().join("tandem-teams.zip");
    let package = deploy().join("package.py");
    let app_id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let made = python(&[
        &package.display().to_string(),
        "--app-id",
        app_id,
        "--out",
        &zip.display().to_string(),
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let checked = validate(&zip);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );

    // The validator does refuse a bad manifest.
    let mut broken = manifest();
    broken["bots"][0]["scopes"] = json!(["everywhere"]);
    broken.as_object_mut().expect("object").remove("developer");
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, broken.to_string()).expect("written");
    let checked = validate(&bad);
    let errors = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{errors}");
    assert!(
        errors.contains("everywhere") && errors.contains("developer"),
        "{errors}"
    );

    let refused = python(&[&package.display().to_string(), "--app-id", "not-a-guid"]);
    assert!(!refused.status.success());
}

#[test]
fn the_manifests_commands_are_tandems_own_with_the_help_texts_words() {
    let manifest = manifest();
    let bot = &manifest["bots"][0];
    for scope in ["personal", "team", "groupChat"] {
        assert!(
            bot["scopes"]
                .as_array()
                .expect("scopes")
                .contains(&json!(scope)),
            "{scope}"
        );
    }
    let commands = bot["commandLists"][0]["commands"]
        .as_array()
        .expect("commands");
    assert!(commands.iter().any(|c| c["title"] == "help"));
    for command in commands {
        let title = command["title"].as_str().expect("title");
        let spec = SPECS.iter().find(|s| s.word == title);
        let spec = spec.unwrap_or_else(|| panic!("{title} is not a Tandem command"));
        assert_eq!(command["description"], spec.summary, "{title}");
    }
}

#[test]
fn the_icons_are_192_and_32_pixel_pngs_with_transparency() {
    for (file, size) in [("color.png", 192u32), ("outline.png", 32)] {
        let bytes = std::fs::read(deploy().join(file)).expect("icon");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{file}");
        let width = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
        let height = u32::from_be_bytes(bytes[20..24].try_into().expect("4 bytes"));
        assert_eq!((width, height), (size, size), "{file}");
        assert_eq!(bytes[25], 6, "{file} is RGBA");
    }
}
