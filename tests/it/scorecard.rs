//! The month's scorecard against a small history computed by hand: the HTML's figures, the
//! SVG's bars and points, the PNG, and bad input that writes nothing.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Kolkata;
use tandem::config::ScorecardTo;
use tandem::domain::Month;
use tandem::report::{self, png::CARD_WIDTH};
use tandem::store::MemoryStore;

use crate::helpers::demo_settings;
use crate::looping::{Loop, local};

fn ist(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    local(Kolkata, 2026, m, d, h, 0)
}

/// `who` types `line` at that time (the scheduler is not run: no prompts, no pairs).
fn at(bot: &mut Loop, when: DateTime<Utc>, who: &str, line: &str) {
    bot.clock.set(when);
    bot.ok(who, line);
}

fn month(text: &str) -> Month {
    Month::parse(text).expect("a month")
}

/// October: one request, acknowledged in 4h and delivered in 2d. November: three, answered
/// in 2h, 30h (late) and 1h (declined), one delivered in 3d; Priya logs one visit. Now is
/// 1 December, 10:00 IST.
fn history() -> Loop {
    let mut bot = Loop::on(demo_settings(), Arc::new(MemoryStore::new()), ist(10, 1, 9));
    at(
        &mut bot,
        ist(10, 12, 10),
        "Asha",
        "request pos Shelf talkers",
    ); // REQ-1
    at(&mut bot, ist(10, 12, 14), "Priya", "ack 1");
    at(&mut bot, ist(10, 14, 10), "Priya", "deliver 1");
    at(&mut bot, ist(11, 2, 10), "Asha", "request pos Wobblers"); // REQ-2
    at(&mut bot, ist(11, 2, 12), "Priya", "ack 2");
    at(
        &mut bot,
        ist(11, 3, 10),
        "Vikram",
        "request collateral Brochure",
    ); // REQ-3
    at(&mut bot, ist(11, 4, 16), "Arjun", "ack 3");
    at(&mut bot, ist(11, 5, 10), "Priya", "deliver 2");
    at(
        &mut bot,
        ist(11, 6, 10),
        "Priya",
        r#"visit log market:"Pune West" on:2026-11-05 shoppers ask for smaller packs"#,
    );
    at(
        &mut bot,
        ist(11, 10, 10),
        "Meera",
        "request pricing Price list",
    ); // REQ-4
    at(
        &mut bot,
        ist(11, 10, 11),
        "Priya",
        "decline 4 Finance owns pricing",
    );
    bot.clock.set(ist(12, 1, 10));
    bot
}

/// The `data-value` of every `class` element of the chart titled `title`, by `data-label`.
fn drawn(html: &str, title: &str, class: &str) -> Vec<(String, String)> {
    let start = html.find(&format!(">{title}</text>")).expect("the chart");
    let chart = &html[start..start + html[start..].find("</svg>").expect("its end")];
    chart
        .split(&format!(r#"class="{class}""#))
        .skip(1)
        .map(|element| {
            let attr = |name: &str| {
                let from =
                    element.find(&format!(r#"{name}=""#)).expect("attribute") + name.len() + 2;
                element[from..from + element[from..].find('"').expect("quote")].to_string()
            };
            (attr("data-label"), attr("data-value"))
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_html_shows_the_months_figures_beside_the_month_before() {
    let bot = history();
    let report = bot
        .bot
        .report_of(Some(month("2026-11")))
        .expect("a scorecard");
    let html = report.html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "no script");
    assert!(
        !html.contains("src=") && !html.contains("href="),
        "nothing fetched"
    );
    for row in [
        r#"<tr><td>Requests filed</td><td class="now">3</td><td class="before">1</td></tr>"#,
        r#"<tr><td>Delivered</td><td class="now">1</td><td class="before">1</td></tr>"#,
        r#"<tr><td>Declined</td><td class="now">1</td><td class="before">0</td></tr>"#,
        r#"<tr><td>Median time to acknowledge</td><td class="now">2h</td><td class="before">4h</td></tr>"#,
        r#"<tr><td>Median time to deliver</td><td class="now">3d</td><td class="before">2d</td></tr>"#,
        r#"<tr><td>Acknowledged within 1d</td><td class="now">67% (2 of 3)</td><td class="before">100% (1 of 1)</td></tr>"#,
        r#"<tr><td>Priya (target 2)</td><td class="now">1</td><td class="before">0</td></tr>"#,
        r#"<tr><td>Launch reviews held</td><td class="now">0</td><td class="before">0</td></tr>"#,
        r#"<tr><td>Shared answers acted on</td><td class="now">no data</td><td class="before">no data</td></tr>"#,
    ] {
        assert!(html.contains(row), "missing {row}");
    }
    assert!(html.contains("<th>November 2026</th><th class=\"before\">October 2026</th>"));
    assert!(
        !html.contains("Nothing is on record"),
        "November has records"
    );
}

#[test]
fn the_charts_draw_the_weekly_points_and_bars_from_the_records() {
    let bot = history();
    let html = bot
        .bot
        .report_of(Some(month("2026-11")))
        .expect("a scorecard")
        .html();
    // Weeks end with the month (Tuesday 1 December, 00:00 IST), so each starts on a Tuesday.
    assert_eq!(
        drawn(&html, "Median time to acknowledge, by week", "point"),
        pairs(&[
            ("6 Oct", "4"),
            ("27 Oct", "2"),
            ("3 Nov", "30"),
            ("10 Nov", "1")
        ])
    );
    assert_eq!(
        drawn(&html, "Median time to deliver, by week", "point"),
        pairs(&[("13 Oct", "2"), ("3 Nov", "3")])
    );
    let within = drawn(&html, "Acknowledged within 1d, by week", "bar");
    assert_eq!(
        within,
        pairs(&[
            ("6 Oct", "100"),
            ("27 Oct", "100"),
            ("3 Nov", "0"),
            ("10 Nov", "100")
        ]),
        "weeks without an acknowledgement have no bar"
    );
    let filed = drawn(&html, "Requests filed and delivered, by week", "bar");
    assert_eq!(filed.len(), 24, "two bars a week, zeros as hairlines");
    assert_eq!(
        filed[6..10],
        pairs(&[
            ("20 Oct", "0"),
            ("27 Oct", "1"),
            ("3 Nov", "1"),
            ("10 Nov", "1")
        ])[..]
    );
    assert_eq!(
        filed[12 + 8],
        ("3 Nov".to_string(), "1".to_string()),
        "delivered"
    );
    assert_eq!(
        drawn(&html, "Market visits per marketer (target 2)", "bar"),
        pairs(&[
            ("Priya", "1"),
            ("Arjun", "0"),
            ("Rohan", "0"),
            ("Priya", "0"),
            ("Arjun", "0"),
            ("Rohan", "0"),
        ])
    );
}

#[test]
fn the_png_decodes_at_the_cards_size_and_is_not_blank() {
    let bot = history();
    let report = bot
        .bot
        .report_of(Some(month("2026-11")))
        .expect("a scorecard");
    let bytes = report.png().expect("a picture");
    // Teams takes a picture only inside a message of at most about 100 KB, base64 and card
    // included: an indexed PNG of the card's few inks stays well under.
    assert!(bytes.len() < 40_000, "{} bytes", bytes.len());
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&bytes).expect("a PNG");
    assert_eq!(pixmap.width(), CARD_WIDTH);
    let card = report::png::card(&report.sheet);
    let height: f64 = card
        .split(r#"height=""#)
        .nth(1)
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.parse().ok())
        .expect("the card's height");
    assert_eq!(f64::from(pixmap.height()), height);
    let pixels = pixmap.pixels();
    let white = pixels
        .iter()
        .filter(|p| p.red() == 255 && p.green() == 255 && p.blue() == 255)
        .count();
    let dark = pixels.iter().filter(|p| p.red() < 100).count();
    assert!(white > pixels.len() / 2, "a white card");
    assert!(
        dark > 2_000,
        "with text and charts drawn on it: {dark} dark pixels"
    );
}

#[test]
fn a_month_with_nothing_on_record_is_an_honest_empty_card() {
    let bot = Loop::on(demo_settings(), Arc::new(MemoryStore::new()), ist(12, 3, 9));
    let report = bot.bot.report_of(None).expect("this month's scorecard");
    let html = report.html();
    assert!(html.contains("Nothing is on record for December 2026 yet"));
    assert!(html.contains(
        r#"<tr><td>Median time to acknowledge</td><td class="now">no data</td><td class="before">no data</td></tr>"#
    ));
    assert!(html.contains(r#"class="no-data""#), "empty charts say so");
    assert!(!html.contains(r#"class="point""#), "no point is made up");
    let pixmap =
        resvg::tiny_skia::Pixmap::decode_png(&report.png().expect("a picture")).expect("a PNG");
    assert_eq!(pixmap.width(), CARD_WIDTH);
}

#[test]
fn bad_input_gets_one_clear_line_and_writes_nothing() {
    let bot = history();
    let dir = tempfile::tempdir().expect("temp dir");
    let refused = |m: Option<&str>, file: &std::path::Path| {
        let error = bot
            .bot
            .write_report(m.map(month), file)
            .expect_err("refused");
        assert!(!file.exists(), "{} was written", file.display());
        error.to_string()
    };
    assert_eq!(
        refused(Some("2027-01"), &dir.path().join("a.html")),
        "2027-01 has not begun yet; the latest scorecard is 2026-12's."
    );
    assert_eq!(
        refused(Some("2026-09"), &dir.path().join("a.png")),
        "2026-09 is before anything on record; the first month with records is 2026-10."
    );
    let missing = dir.path().join("nowhere").join("a.html");
    assert_eq!(
        refused(None, &missing),
        format!(
            "{}: that folder does not exist.",
            dir.path().join("nowhere").display()
        )
    );
    let pdf = dir.path().join("a.pdf");
    assert_eq!(
        refused(None, &pdf),
        format!(
            "{}: the output file must end in .html or .png.",
            pdf.display()
        )
    );
    let written = bot
        .bot
        .write_report(Some(month("2026-10")), &dir.path().join("a.html"))
        .expect("written");
    let html = std::fs::read_to_string(written).expect("the file");
    assert!(html.contains("Tandem scorecard · October 2026"));
}

#[test]
fn the_cli_refuses_a_bad_month_or_path_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("card.html");
    let out = out.to_str().expect("a path");
    for (args, said) in [
        (
            vec!["report", "--month", "2999-01", "--out", out],
            "has not begun yet",
        ),
        (
            vec!["report", "--month", "March", "--out", out],
            "wants a month like",
        ),
        (
            vec!["report", "--out", "/nonexistent/dir/card.png"],
            "that folder does not exist",
        ),
        (
            vec!["report", "--out", "card.svg"],
            "must end in .html or .png",
        ),
    ] {
        let output = crate::cli::tandem(&args, &dir.path().join("data"), "");
        assert!(!output.status.success(), "{args:?}");
        let stderr = crate::cli::text(&output.stderr);
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    }
    assert!(!dir.path().join("card.html").exists());
    assert!(!std::path::Path::new("card.svg").exists());
    let ok = crate::cli::tandem(&["report", "--out", out], &dir.path().join("data"), "");
    assert!(ok.status.success(), "{}", crate::cli::text(&ok.stderr));
    assert!(crate::cli::text(&ok.stdout).contains("Wrote the scorecard to"));
    let html = std::fs::read_to_string(out).expect("written");
    assert!(
        html.contains("Nothing is on record"),
        "a fresh store's month is empty"
    );
}

#[test]
fn in_the_shell_a_lead_gets_the_picture_and_the_page_by_dm_and_a_member_is_refused() {
    let before = history();
    let data = tempfile::tempdir().expect("temp dir");
    let mut settings = demo_settings();
    settings.store.path = data.path().to_path_buf();
    let mut bot = Loop::on(settings, before.bot.store().clone(), ist(12, 1, 10));
    let refused = bot.say("Asha", "report 2026-11");
    assert_eq!(
        refused.text(),
        "The scorecard is for leads; ask your lead for it."
    );
    let typo = bot.say("Rohan", "report November");
    assert!(
        typo.text()
            .contains("`report` wants a month like 2027-01, not \"November\".")
    );
    assert!(typo.text().contains("Usage: `report [YYYY-MM]`"));
    assert!(!data.path().join("reports").exists(), "nothing written");
    let answer = bot.ok("Rohan", "report 2026-11");
    assert!(answer.contains("The scorecard of November 2026 is on its way"));
    let dm = bot.sent_to(&crate::helpers::dm("Rohan"), "Scorecard · November 2026");
    assert_eq!(dm.len(), 1);
    let png = data.path().join("reports/scorecard-2026-11.png");
    let html = data.path().join("reports/scorecard-2026-11.html");
    assert!(dm[0].1.contains(&format!(
        "[picture: Tandem scorecard, November 2026] {}",
        png.display()
    )));
    assert!(dm[0].1.contains(&html.display().to_string()));
    assert!(
        dm[0]
            .1
            .contains("November 2026: 3 requests filed (1 in October 2026)"),
        "{}",
        dm[0].1
    );
    assert!(resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(png).expect("png")).is_ok());
    assert!(
        std::fs::read_to_string(html)
            .expect("html")
            .contains("67% (2 of 3)")
    );
}

#[test]
fn the_digest_has_a_line_of_sparklines_for_twelve_weeks_of_medians() {
    let bot = history();
    let message = bot.bot.digest_message(ist(12, 1, 0)).expect("a digest");
    let text = tandem::message::render_plain(&message);
    // Weekly medians, hours: acknowledge 4 (6 Oct), 2, 30, 1; deliver 48 (13 Oct), 72 (3 Nov).
    assert!(
        text.contains(
            "12 weeks, oldest first (· no data): to acknowledge ····▂··▁█▁·· · to deliver ·····▆··█···"
        ),
        "{text}"
    );
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("12 weeks"))
        .expect("the line");
    assert!(
        lines[at - 1].starts_with("Time to deliver"),
        "under the response times"
    );
}

#[test]
fn a_scheduled_digest_keeps_its_ended_weeks_and_the_next_reads_them_instead_of_the_steps() {
    let bot = history();
    let line = |message: &tandem::message::Message| {
        tandem::message::render_plain(message)
            .lines()
            .find(|l| l.starts_with("12 weeks"))
            .map(str::to_string)
            .expect("the line")
    };
    // Off the digest's schedule (a preview): computed, nothing kept.
    let preview = bot.bot.digest_message(ist(12, 1, 0)).expect("a digest");
    let kept = || bot.bot.store().kv_scan("digest.week").expect("scan").len();
    assert_eq!(kept(), 0);
    // Monday 7 December, 09:00 in Kolkata: the demo digest's time. Its own week comes from its
    // figures; the 11 before are kept.
    let scheduled = ist(12, 7, 9);
    let first = bot.bot.digest_message(scheduled).expect("a digest");
    assert_eq!(kept(), 11);
    let again = bot.bot.digest_message(scheduled).expect("a digest");
    assert_eq!(line(&first), line(&again), "read back, the same medians");
    // A week later, the weeks overlap: one more is kept, none read twice.
    bot.bot
        .digest_message(scheduled + chrono::Duration::weeks(1))
        .expect("a digest");
    assert_eq!(kept(), 12);
    // The preview's figures for the same weeks agree with what was kept.
    assert!(line(&preview).starts_with("12 weeks, oldest first"));
}

/// `browser` headless on `page`, with `output` (`--screenshot=…`, `--print-to-pdf=…`): at most
/// 60 s (coreutils' timeout ends it), so the suite never hangs on a browser.
fn headless(browser: &str, output: String, page: &std::path::Path) {
    let status = std::process::Command::new("timeout")
        .arg("60")
        .arg(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1000,1400",
            "--no-pdf-header-footer",
        ])
        .arg(output)
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("start the browser");
    assert!(
        status.success(),
        "the browser failed or took over 60 s: {status}"
    );
}

/// How many pages `page` prints on: the `/Type /Page` objects of the PDF Chromium writes.
fn printed_pages(browser: &str, page: &std::path::Path) -> usize {
    let pdf = page.with_extension("pdf");
    headless(browser, format!("--print-to-pdf={}", pdf.display()), page);
    let bytes = std::fs::read(&pdf).expect("a PDF");
    let text = String::from_utf8_lossy(&bytes).replace("/Type/", "/Type /");
    text.match_indices("/Type /Page")
        .filter(|(at, found)| !text[at + found.len()..].starts_with('s'))
        .count()
}

/// The demo with twelve marketers with a target (Priya, Arjun, Rohan and nine more): the most
/// the card names a row each, with every other section the demo has.
fn twelve_marketers() -> Loop {
    let mut settings = demo_settings();
    let mut people = settings.people.all().to_vec();
    for n in 0..9 {
        let mut priya = crate::helpers::person("Priya");
        priya.name = tandem::domain::PersonName::new(format!("Priya{n}"));
        priya.accounts.clear();
        people.push(priya);
    }
    settings.people = tandem::domain::Directory::new(people).expect("valid");
    let mut bot = Loop::on(settings, Arc::new(MemoryStore::new()), ist(11, 20, 10));
    bot.ok(
        "Priya0",
        "visit log market:Pune on:2026-11-10 smaller packs",
    );
    bot
}

/// The HTML in a real headless browser: Chromium from Debian's packages, which `scripts/test`
/// installs where it is missing. Skipped, saying so, where no Chromium is on the PATH (a plain
/// `cargo test` on a machine without it). Its screenshot is not blank, and it prints on one A4
/// page, with a handful of marketers and with the most the card names one by one.
#[test]
fn the_page_opens_in_a_headless_browser_and_its_screenshot_is_not_blank() {
    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!("skipped: no Chromium on the PATH (apt-get install chromium to run this check)");
        return;
    };
    let bot = history();
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("card.html");
    let shot = dir.path().join("shot.png");
    bot.bot
        .write_report(Some(month("2026-11")), &page)
        .expect("written");
    headless(browser, format!("--screenshot={}", shot.display()), &page);
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&shot).expect("a screenshot"))
        .expect("a PNG");
    let inked = pixmap.pixels().iter().filter(|p| p.red() < 200).count();
    assert!(
        inked > 1_000,
        "the screenshot is blank: {inked} dark pixels"
    );
    assert_eq!(printed_pages(browser, &page), 1, "prints on one page");
    let twelve = dir.path().join("twelve.html");
    twelve_marketers()
        .bot
        .write_report(Some(month("2026-11")), &twelve)
        .expect("written");
    let html = std::fs::read_to_string(&twelve).expect("the page");
    assert_eq!(html.matches("(target 2)</td>").count(), 12, "a row each");
    assert_eq!(printed_pages(browser, &twelve), 1, "twelve rows, one page");
}

/// The demo's `[scorecard]` (to the leads) with the joint channel added, on a store with October and
/// November on record, scheduled from 30 November noon.
fn scheduled(data: &std::path::Path, store: Arc<dyn tandem::store::Store>) -> Loop {
    let mut settings = crate::helpers::demo_settings_with_scorecard();
    settings.store.path = data.to_path_buf();
    let scorecard = settings
        .scorecard
        .as_mut()
        .expect("the demo posts the scorecard");
    assert_eq!(scorecard.to, [ScorecardTo::Leads], "to the leads only");
    scorecard.to.push(ScorecardTo::Channel("joint".into()));
    let mut bot = Loop::on(settings, store, ist(11, 30, 12));
    bot.tick(ist(11, 30, 12));
    bot
}

#[test]
fn the_month_before_goes_to_the_leads_and_the_joint_channel_on_the_first_working_day_once() {
    let before = history();
    let data = tempfile::tempdir().expect("temp dir");
    let mut bot = scheduled(data.path(), before.bot.store().clone());
    bot.run_to(ist(12, 4, 12));
    let title = "Scorecard · November 2026";
    let png = data.path().join("reports/scorecard-2026-11.png");
    for lead in ["Meera", "Rohan"] {
        let dms = bot.sent_to(&crate::helpers::dm(lead), title);
        assert_eq!(dms.len(), 1, "{lead}: {dms:?}");
        assert_eq!(dms[0].0, ist(12, 1, 9), "Tuesday 1 December, 09:00");
        assert!(
            dms[0].1.contains(&png.display().to_string()),
            "{}",
            dms[0].1
        );
        assert!(
            dms[0].1.contains("November 2026: 3 requests filed"),
            "{}",
            dms[0].1
        );
    }
    let joint = tandem::message::Destination::Channel("joint".into());
    assert_eq!(bot.sent_to(&joint, title).len(), 1);
    for member in ["Asha", "Priya"] {
        assert!(bot.sent_to(&crate::helpers::dm(member), title).is_empty());
    }
    assert!(resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&png).expect("png")).is_ok());
    assert!(data.path().join("reports/scorecard-2026-11.html").exists());
}

#[test]
fn down_over_the_morning_it_still_goes_out_once_and_a_new_install_waits() {
    let before = history();
    let data = tempfile::tempdir().expect("temp dir");
    let title = "Scorecard · November 2026";
    // Down from before 09:00 until 15:00 (within the 12h catch-up): it goes out at 15:00.
    let mut bot = scheduled(data.path(), before.bot.store().clone());
    bot.tick(ist(12, 1, 15));
    let dms = bot.sent_to(&crate::helpers::dm("Meera"), title);
    assert_eq!(
        dms.iter().map(|d| d.0).collect::<Vec<_>>(),
        [ist(12, 1, 15)]
    );
    // Started again at 16:00 on the same store: not again, that day or the next.
    let settings = bot.bot.settings().clone();
    let mut again = Loop::on(settings, bot.bot.store().clone(), ist(12, 1, 16));
    again.run_to(ist(12, 3, 12));
    assert!(
        again
            .sent_to(&crate::helpers::dm("Meera"), "Scorecard")
            .is_empty()
    );

    // A store whose first record is in December has no November to show: nothing is sent.
    let fresh = tempfile::tempdir().expect("temp dir");
    let mut new = scheduled(fresh.path(), Arc::new(MemoryStore::new()));
    new.run_to(ist(12, 1, 8));
    new.ok("Asha", "request pos Shelf talkers");
    new.run_to(ist(12, 2, 12));
    assert!(
        new.sent_to(&crate::helpers::dm("Rohan"), "Scorecard")
            .is_empty()
    );
    assert!(!fresh.path().join("reports").exists(), "nothing drawn");
}

/// Fourteen marketers and their lead: Priya0 logs three visits in November, Priya1 two,
/// Priya2 one, nobody any in October.
fn many_marketers() -> Loop {
    let mut text = crate::looping::ZONES.to_string();
    for n in 0..14 {
        text.push_str(&format!(
            "[[people]]\nname = \"Priya{n}\"\nteam = \"marketing\"\n"
        ));
    }
    let mut bot = Loop::new(&text, ist(11, 20, 10));
    for (who, visits) in [("Priya0", 3), ("Priya1", 2), ("Priya2", 1)] {
        for day in 0..visits {
            bot.ok(
                who,
                &format!(
                    "visit log market:Pune on:2026-11-{:02} shoppers ask for smaller packs",
                    10 + day
                ),
            );
        }
    }
    bot
}

#[test]
fn with_many_marketers_the_card_counts_them_instead_of_a_row_each() {
    let bot = many_marketers();
    let report = bot
        .bot
        .report_of(Some(month("2026-11")))
        .expect("a scorecard");
    let html = report.html();
    // 16 with a target (14, Priya and Rohan): 2 reached it, 13 made none, 6 visits in all.
    for row in [
        r#"<tr><td>Marketers who reached 2 visits</td><td class="now">2 of 16</td><td class="before">0 of 16</td></tr>"#,
        r#"<tr><td>Marketers with no visit</td><td class="now">13 of 16</td><td class="before">16 of 16</td></tr>"#,
        r#"<tr><td>Visits in all</td><td class="now">6</td><td class="before">0</td></tr>"#,
    ] {
        assert!(html.contains(row), "missing {row}");
    }
    assert!(!html.contains("Priya0 (target 2)"), "no row per marketer");
    assert_eq!(
        drawn(&html, "Marketers by visits made (target 2)", "bar"),
        pairs(&[
            ("0", "13"),
            ("1", "1"),
            ("2+", "2"),
            ("0", "16"),
            ("1", "0"),
            ("2+", "0"),
        ])
    );
    assert!(
        report
            .sheet
            .summary
            .contains("2 of 16 marketers reached 2 market visits.")
    );
    // The picture is as tall as with a handful of marketers.
    let few = history();
    let small = few
        .bot
        .report_of(Some(month("2026-11")))
        .expect("a scorecard");
    let height = |r: &tandem::report::Report| {
        resvg::tiny_skia::Pixmap::decode_png(&r.png().expect("png"))
            .expect("a PNG")
            .height()
    };
    assert!(height(&report) <= height(&small), "{} rows", 16);
}
