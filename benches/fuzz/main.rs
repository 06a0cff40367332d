//! Generated and damaged inputs, millions per target, against the entry points the routes and
//! loaders call (in process: no HTTP, no running app): the command grammar, the config
//! loader, Slack's slash-command forms, interaction payloads and event bodies, Teams
//! activities and tokens, and stored records. Inputs come from the generators the property
//! tests use (`tests/generators`) and from damaged copies of the tests' own bodies and of a
//! real store's records. Each input runs under `catch_unwind`; a panic, a broken promise (an
//! error that is not one line, a token accepted that was not signed) or an input slower than
//! a second is printed with the number that replays it.
//!
//! `cargo bench --bench fuzz -- [TARGET…] [--runs N] [--seed S] [--replay N]`
//! (default: every target, 10,000,000 runs each). It prints figures and exits non-zero on a
//! finding; it asserts nothing about speed.

#[path = "../../tests/generators/mod.rs"]
mod generators;

mod drive;
mod records;
mod seeds;
mod targets;
mod tokens;

use drive::Figures;
use targets::Run;

/// A target: its name, and what runs it.
type Target = (&'static str, fn(Run) -> Figures);

const TARGETS: &[Target] = &[
    ("command", targets::command),
    ("config", targets::config),
    ("slack-command", targets::slack_command),
    ("slack-interaction", targets::slack_interaction),
    ("slack-event", targets::slack_event),
    ("teams-activity", targets::teams_activity),
    ("teams-token", tokens::teams_token),
    ("store-record", records::store_record),
];

fn main() {
    let (names, mut run) = match arguments() {
        Ok(asked) => asked,
        Err(why) => {
            let known: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
            eprintln!(
                "{why}\nusage: cargo bench --bench fuzz -- [TARGET…] [--runs N] [--seed S] [--replay N]\ntargets: {}",
                known.join(" ")
            );
            std::process::exit(2);
        }
    };
    if let Some(replay) = run.replay {
        run.runs = replay + 1;
    }
    // Panics are caught and reported with their input; the default hook would print each twice.
    std::panic::set_hook(Box::new(|_| {}));
    println!(
        "{:<18} {:>12} {:>9} {:>10} {:>9} {:>6} {:>6} {:>6}",
        "target", "runs", "seconds", "runs/s", "slowest", "panic", "hang", "broken"
    );
    let mut findings = 0;
    for (name, target) in TARGETS
        .iter()
        .filter(|(name, _)| names.is_empty() || names.contains(&name.to_string()))
    {
        let figures = target(run);
        findings += figures.panics + figures.hangs + figures.broken;
        print_figures(name, &figures);
    }
    if findings > 0 {
        std::process::exit(1);
    }
}

fn print_figures(name: &str, f: &Figures) {
    let seconds = f.elapsed.as_secs_f64();
    println!(
        "{name:<18} {:>12} {seconds:>9.1} {:>10.0} {:>7.1}ms {:>6} {:>6} {:>6}",
        f.runs,
        f.runs as f64 / seconds.max(1e-9),
        f.slowest.as_secs_f64() * 1e3,
        f.panics,
        f.hangs,
        f.broken
    );
    let reached: Vec<String> = f
        .reached
        .iter()
        .map(|(what, n)| format!("{what} {n}"))
        .collect();
    println!("{:<18} reached: {}", "", reached.join(", "));
}

/// Target names and the run asked for; `cargo bench` adds `--bench`, which is ignored.
fn arguments() -> Result<(Vec<String>, Run), String> {
    let mut run = Run {
        runs: 10_000_000,
        seed: 1,
        replay: None,
    };
    let mut names = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |flag: &str| {
            args.next()
                .and_then(|n| n.replace('_', "").parse::<u64>().ok())
                .ok_or(format!("{flag} needs a number"))
        };
        match arg.as_str() {
            "--bench" => {}
            "--runs" => run.runs = number("--runs")?,
            "--seed" => run.seed = number("--seed")?,
            "--replay" => run.replay = Some(number("--replay")?),
            name if TARGETS.iter().any(|(known, _)| *known == name) => names.push(name.to_string()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok((names, run))
}
