//! Planning reminders under the schedule: input reminders once, three working days before the
//! due date; leads once a working day after it, at most five; never while paused or outside
//! each person's working hours.

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Kolkata;

use crate::helpers::dm;
use crate::looping::{Loop, ZONES, local};

fn start() -> DateTime<Utc> {
    local(Kolkata, 2026, 11, 30, 10, 0)
}

#[test]
fn reminders_go_once_to_those_without_input_and_to_leads_each_working_day_at_most_five() {
    let mut bot = Loop::new(ZONES, start());
    // Due Friday 11 December: three working days before is Tuesday 8 December.
    bot.ok(
        "Meera",
        r#"plan open fy27 due:2026-12-11 sections:"Products, Pricing""#,
    );
    bot.ok("Asha", "plan input fy27 1 smaller packs");
    bot.run_to(local(Kolkata, 2026, 12, 7, 20, 0));
    assert!(
        bot.sent_to(&dm("Priya"), "fy27 · a gentle reminder")
            .is_empty(),
        "not before the day"
    );
    bot.run_to(local(Kolkata, 2026, 12, 10, 20, 0));
    for name in ["Oliver", "Meera", "Priya", "Rohan"] {
        let reminders = bot.sent_to(&dm(name), "Planning round · fy27 · a gentle reminder");
        assert_eq!(reminders.len(), 1, "{name} is reminded once");
        assert!(
            reminders[0].0 >= local(Kolkata, 2026, 12, 8, 9, 0),
            "{name}: {:?}",
            reminders[0].0
        );
    }
    assert!(
        bot.sent_to(&dm("Asha"), "fy27 · a gentle reminder")
            .is_empty(),
        "Asha gave input"
    );
    bot.run_to(local(Kolkata, 2026, 12, 31, 12, 0));
    for name in ["Meera", "Rohan"] {
        let late = bot.sent_to(&dm(name), "past its due date");
        assert_eq!(late.len(), 5, "{name}: at most five");
        assert!(
            late[0].0 >= local(Kolkata, 2026, 12, 14, 9, 0),
            "not on the weekend: {:?}",
            late[0].0
        );
        let days: Vec<_> = late
            .iter()
            .map(|(at, _)| at.with_timezone(&Kolkata).date_naive())
            .collect();
        let mut unique = days.clone();
        unique.dedup();
        assert_eq!(unique, days, "one a working day");
    }
    assert!(
        bot.sent_to(&dm("Asha"), "past its due date").is_empty(),
        "only leads"
    );
    assert_eq!(
        bot.sent_to(&dm("Priya"), "fy27 · a gentle reminder").len(),
        1,
        "still once"
    );
}

#[test]
fn nobody_is_reminded_while_paused_or_outside_working_hours() {
    let mut bot = Loop::new(ZONES, start());
    bot.ok(
        "Meera",
        r#"plan open fy27 due:2026-12-11 sections:"Products""#,
    );
    bot.ok("Priya", "pause 2w");
    bot.run_to(local(Kolkata, 2026, 12, 11, 20, 0));
    assert!(
        bot.sent_to(&dm("Priya"), "fy27 · a gentle reminder")
            .is_empty(),
        "Priya is paused until after the due date"
    );
    let oliver = bot.sent_to(&dm("Oliver"), "fy27 · a gentle reminder");
    assert_eq!(oliver.len(), 1);
    let london = oliver[0].0.with_timezone(&chrono_tz::Europe::London);
    assert!(
        london.time() >= chrono::NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
        "in Oliver's own working hours: {london}"
    );
}
