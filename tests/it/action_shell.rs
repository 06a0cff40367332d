//! You said → we did in the shell: a Sales answer shared with Marketing, or a pair's takeaway,
//! becomes an action, its author hears what was done, and `tandem export --actions` has it with
//! its source.

use crate::cli::{tandem, text};
use crate::shell::{shell_on, type_lines};

#[tokio::test]
async fn an_answer_becomes_an_action_in_the_shell_and_its_author_hears_both_halves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut shell, screen) = shell_on(dir.path());

    type_lines(
        &mut shell,
        ":as Asha\n:wait 5d\nanswer market-pulse 1 shops want smaller packs",
    )
    .await;
    let out = screen.take();
    assert!(out.contains("Asha answered (ANS-1):"), "{out}");
    assert!(out.contains("`action add ANS-1 <what you'll do…>"), "{out}");

    type_lines(
        &mut shell,
        ":as Priya\naction add ANS-1 a 50 g pack for kirana shops due:2026-12-18",
    )
    .await;
    let out = screen.take();
    assert!(out.contains("Added ACT-1 on ANS-1"), "{out}");
    assert!(
        out.contains("[DM → Asha] Marketing will act on what you said · ACT-1"),
        "{out}"
    );

    type_lines(&mut shell, "action done ACT-1 50 g packs are in 40 shops").await;
    let out = screen.take();
    assert!(out.contains("ACT-1 is done. Asha told by DM."), "{out}");
    assert!(
        out.contains("[DM → Asha] You said → we did · ACT-1"),
        "{out}"
    );
    assert!(
        out.contains("→ Priya did (5 Dec): '50 g packs are in 40 shops'"),
        "{out}"
    );
    assert!(
        out.contains("[#marketing, thread market-pulse/2026-12-04T16:00] ACT-1 · Asha said"),
        "{out}"
    );

    type_lines(
        &mut shell,
        ":as Asha\naction rate ACT-1 yes\naction list mine",
    )
    .await;
    let out = screen.take();
    assert!(
        out.contains("Thanks: noted that ACT-1 addressed it."),
        "{out}"
    );
    assert!(out.contains("ACT-1 · done 5 Dec · Priya"), "{out}");
}

#[test]
fn the_export_has_actions_with_their_source_and_the_words_they_came_from() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = ":as Asha\nrequest pos Diwali shelf talkers\n\
                  :as Rohan\naction add REQ-1 print them in Marathi too owner:@Priya\n\
                  :as Priya\ndeliver REQ-1 sent to the Pune depot\n";
    let shell = tandem(&["shell"], dir.path(), script);
    assert!(shell.status.success(), "{}", text(&shell.stderr));
    let out = text(&shell.stdout);
    assert!(
        out.contains("[DM → Asha] You said → we did · ACT-1"),
        "{out}"
    );

    let json = tandem(&["export", "--actions"], dir.path(), "");
    assert!(json.status.success(), "{}", text(&json.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(parsed[0]["id"], "ACT-1");
    assert_eq!(parsed[0]["source"], "REQ-1");
    assert_eq!(parsed[0]["state"], "done");
    assert_eq!(parsed[0]["owner"], "Priya");
    assert_eq!(parsed[0]["said"][0]["by"], "Asha");
    assert_eq!(parsed[0]["said"][0]["words"], "Diwali shelf talkers");
    assert_eq!(
        parsed[0]["outcome"],
        "delivered REQ-1: sent to the Pune depot"
    );
    let csv = tandem(&["export", "--actions", "--format", "csv"], dir.path(), "");
    let csv = text(&csv.stdout);
    assert!(csv.starts_with("id,source,state,what,"), "{csv}");
    assert!(
        csv.contains("ACT-1,REQ-1,done,print them in Marathi too,Marketing,Priya,Rohan,"),
        "{csv}"
    );
    let both = tandem(&["export", "--actions", "--launches"], dir.path(), "");
    assert!(!both.status.success(), "one export at a time");
}

#[tokio::test]
async fn a_pairs_takeaway_becomes_an_action_by_someone_in_the_pair_and_its_author_hears() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut shell, screen) = shell_on(dir.path());
    type_lines(
        &mut shell,
        ":as Asha\nrequest pos Diwali shelf talkers\n:as Priya\nack REQ-1\n:wait 7d\n:as Asha\n:wait 7d\n\
         pair met PAIR-1 yes shops want smaller packs before Diwali",
    )
    .await;
    let out = screen.take();
    assert!(
        out.contains("[DM → Priya] PAIR-1 · Asha's takeaway"),
        "{out}"
    );
    assert!(
        out.contains("`action add PAIR-1 <what you'll do…>"),
        "{out}"
    );

    type_lines(&mut shell, ":as Vikram\naction add PAIR-1 smaller packs").await;
    let out = screen.take();
    assert!(
        out.contains("PAIR-1's takeaways were shared with its pair only"),
        "{out}"
    );
    assert!(!out.contains("[DM → Asha]"), "{out}");

    type_lines(
        &mut shell,
        ":as Priya\naction add PAIR-1 a 100 g Diwali pack due:2026-12-31",
    )
    .await;
    let out = screen.take();
    assert!(
        out.contains(
            "Added ACT-1 on PAIR-1: 'a 100 g Diwali pack' Owner Priya, due 31 Dec. Asha told by DM."
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "You said (14 Dec, PAIR-1 takeaway): 'shops want smaller packs before Diwali'"
        ),
        "{out}"
    );
    type_lines(
        &mut shell,
        "action done ACT-1 100 g packs are in the Diwali order",
    )
    .await;
    let out = screen.take();
    assert!(out.contains("ACT-1 is done. Asha told by DM."), "{out}");
    assert!(
        out.contains("[DM → Asha] You said → we did · ACT-1"),
        "{out}"
    );
}
