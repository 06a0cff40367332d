//! Runs one target: generates inputs, runs each under `catch_unwind`, and counts. A watchdog
//! thread says at once when one input has run for over a second (a hang), with the number to
//! replay it by.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// An input slower than this is a hang.
pub const HANG: Duration = Duration::from_secs(1);
/// How many findings of each kind are shown in full.
const SHOWN: usize = 5;

/// What one input came to: how far it got (a few words, counted), or a broken promise.
pub type Verdict = Result<&'static str, String>;

/// The figures of one run.
pub struct Figures {
    pub runs: u64,
    pub elapsed: Duration,
    pub slowest: Duration,
    pub panics: u64,
    pub hangs: u64,
    pub broken: u64,
    pub reached: BTreeMap<&'static str, u64>,
}

/// Runs `check` on `runs` inputs from `strategy`, from RNG `seed`. With `replay`, only input
/// number `replay` runs, and is printed first.
pub fn drive<T: Debug>(
    name: &str,
    strategy: impl Strategy<Value = T>,
    check: impl Fn(&T) -> Verdict,
    runs: u64,
    seed: u64,
    replay: Option<u64>,
) -> Figures {
    let mut runner = runner(seed);
    let current = Arc::new(AtomicU64::new(0));
    let busy = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = watchdog(name, current.clone(), busy.clone(), done.clone());
    let mut figures = Figures {
        runs: 0,
        elapsed: Duration::ZERO,
        slowest: Duration::ZERO,
        panics: 0,
        hangs: 0,
        broken: 0,
        reached: BTreeMap::new(),
    };
    let started = Instant::now();
    for n in 0..runs {
        let input = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree.current(),
            Err(why) => panic!("{name}: cannot generate an input: {why}"),
        };
        if replay.is_some_and(|r| r != n) {
            continue;
        }
        if replay.is_some() {
            println!("{name} input {n}: {input:?}");
        }
        current.store(n, Ordering::Relaxed);
        busy.store(true, Ordering::Release);
        let one = Instant::now();
        let verdict = catch_unwind(AssertUnwindSafe(|| check(&input)));
        let took = one.elapsed();
        busy.store(false, Ordering::Release);
        figures.runs += 1;
        figures.slowest = figures.slowest.max(took);
        if took > HANG {
            figures.hangs += 1;
            show(name, "hang", figures.hangs, n, &format!("{took:?}"), &input);
        }
        match verdict {
            Ok(Ok(reached)) => *figures.reached.entry(reached).or_default() += 1,
            Ok(Err(broken)) => {
                figures.broken += 1;
                show(name, "broken promise", figures.broken, n, &broken, &input);
            }
            Err(panic) => {
                figures.panics += 1;
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                show(name, "PANIC", figures.panics, n, &message, &input);
            }
        }
    }
    figures.elapsed = started.elapsed();
    done.store(true, Ordering::Release);
    let _ = watchdog.join();
    figures
}

/// A runner whose inputs depend only on `seed`, so a finding can be replayed by its number.
fn runner(seed: u64) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

fn show(name: &str, what: &str, count: u64, n: u64, why: &str, input: &impl Debug) {
    if count as usize > SHOWN {
        return;
    }
    let input = format!("{input:?}");
    let cut: String = input.chars().take(2_000).collect();
    println!("{name}: {what} at input {n} (replay: -- {name} --replay {n}): {why}\n  input: {cut}");
}

/// Says when the input under way has run for over `HANG`, once per input.
fn watchdog(
    name: &str,
    current: Arc<AtomicU64>,
    busy: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
) -> std::thread::JoinHandle<()> {
    let name = name.to_string();
    std::thread::spawn(move || {
        let mut seen = (u64::MAX, Instant::now());
        let mut told = u64::MAX;
        while !done.load(Ordering::Acquire) {
            std::thread::sleep(Duration::from_millis(100));
            let n = current.load(Ordering::Relaxed);
            if !busy.load(Ordering::Acquire) {
                continue;
            }
            if seen.0 != n {
                seen = (n, Instant::now());
            } else if seen.1.elapsed() > HANG && told != n {
                told = n;
                println!(
                    "{name}: input {n} still running after {HANG:?} (replay: -- {name} --replay {n})"
                );
            }
        }
    })
}
