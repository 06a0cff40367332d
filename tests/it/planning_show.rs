//! What a plan shows and who hears of what: a section's inputs page by page, the names of
//! who gave input on the agreed plan, and a lead told when someone replaces their figure.

use tandem::bot::Outcome;
use tandem::message::Block;

use crate::helpers::{channel, dm};
use crate::planning::opened;

/// The command lines of the buttons in `reply`, by label.
fn buttons(reply: &tandem::bot::Reply) -> Vec<(String, String)> {
    reply
        .message
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Actions { buttons } => Some(buttons),
            _ => None,
        })
        .flatten()
        .map(|b| (b.label.clone(), b.command.clone()))
        .collect()
}

#[test]
fn a_sections_inputs_page_back_with_an_earlier_inputs_button() {
    let mut bot = opened();
    for n in 1..=14 {
        bot.ok("Asha", &format!("plan input fy27 1 idea number {n}"));
    }
    bot.ok("Priya", "plan input fy27 1 one from marketing");
    let first = bot.say("Priya", "plan show fy27 1");
    let text = first.text();
    assert!(
        text.contains("idea number 14") && text.contains("idea number 3"),
        "{text}"
    );
    assert!(!text.contains("idea number 2\n"), "{text}");
    assert!(
        text.contains("… and 2 earlier (`plan show fy27 1 page:2`)"),
        "{text}"
    );
    assert_eq!(
        buttons(&first),
        vec![(
            "Earlier inputs".to_string(),
            "plan show fy27 1 page:2".to_string()
        )]
    );

    let second = bot.say("Priya", "plan show fy27 1 page:2");
    let text = second.text();
    assert_eq!(second.outcome, Outcome::Done, "{text}");
    assert!(
        text.contains("idea number 1\n") && text.contains("idea number 2\n"),
        "{text}"
    );
    assert!(!text.contains("idea number 3"), "{text}");
    assert!(
        text.contains("Inputs from Marketing:\nno earlier input"),
        "{text}"
    );
    assert!(text.contains("Page 2 of 2"), "{text}");
    assert_eq!(
        buttons(&second),
        vec![(
            "Newer inputs".to_string(),
            "plan show fy27 1 page:1".to_string()
        )]
    );

    let none = bot.say("Priya", "plan show fy27 1 page:3");
    assert_eq!(none.outcome, Outcome::Refused);
    assert!(
        none.text()
            .contains("Section 1 of fy27 has 2 page(s) of inputs; there's no page 3."),
        "{}",
        none.text()
    );
    let short = bot.say("Priya", "plan show fy27 2");
    assert!(buttons(&short).is_empty(), "one page, no button");
}

#[test]
fn the_agreed_plan_names_who_gave_input_from_each_side() {
    let mut bot = opened();
    bot.ok("Asha", "plan input fy27 1 smaller packs");
    bot.ok("Oliver", "plan input fy27 1 London wants tins");
    bot.ok("Asha", "plan input fy27 2 hold at 40");
    bot.ok("Priya", "plan input fy27 2 list price 40");
    bot.ok("Rohan", "plan draft fy27 1 Masala Mix 50g");
    bot.ok("Rohan", "plan draft fy27 2 List price 40");
    bot.ok("Rohan", "plan signoff fy27");
    bot.ok("Meera", "plan signoff fy27");
    let posted = bot.sent_to(&channel("joint"), "Plan agreed");
    assert_eq!(posted.len(), 1);
    let card = &posted[0].1;
    assert!(
        card.contains("Gave input — Sales: Asha, Oliver · Marketing: Priya"),
        "{card}"
    );
    assert!(
        card.contains("`plan show fy27 <section#>` lists every input to a section, page by page"),
        "{card}"
    );
    assert!(!card.contains("shows every input and version"), "{card}");
}

#[test]
fn a_lead_is_told_when_someone_replaces_the_figure_they_entered() {
    let mut bot = opened();
    bot.ok("Meera", "plan line fy27 Masala Mix units");
    bot.ok("Meera", "plan figure fy27 1 1200");
    let replaced = bot.ok("Asha", "plan figure fy27 1 900");
    assert!(
        replaced.contains(
            "This replaces the figure Meera entered (1,200); your team's leads have been told."
        ),
        "{replaced}"
    );
    let told = bot.sent_to(&dm("Meera"), "replaced the Sales figure");
    assert_eq!(told.len(), 1, "Meera is told once");
    assert!(
        told[0].1.contains("Asha replaced the Sales figure Meera entered for line 1 of fy27 (Masala Mix units): 1,200 → 900."),
        "{}",
        told[0].1
    );
    assert!(
        bot.sent_to(&dm("Rohan"), "replaced").is_empty(),
        "not the other team"
    );

    // A member's figure replaced, or a lead's replaced by that lead, tells nobody.
    let again = bot.ok("Oliver", "plan figure fy27 1 950");
    assert!(!again.contains("leads have been told"), "{again}");
    bot.ok("Meera", "plan figure fy27 1 1000");
    bot.ok("Meera", "plan figure fy27 1 1100");
    assert_eq!(
        bot.sent_to(&dm("Meera"), "replaced the Sales figure").len(),
        1
    );
}
