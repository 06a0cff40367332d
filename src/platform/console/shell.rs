//! The shell's loop: a line in, the bot's answer and everything it posted out; `:wait` lives
//! through the schedule.

use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use crate::bot::{Bot, Incoming};
use crate::clock::Movable;
use crate::domain::{Identity, Person, parse_duration};
use crate::outbox::Outbox;
use crate::platform::commands::Commands;
use crate::platform::{Configured, Platforms, Wiring};
use crate::schedule::Scheduler;

use super::Setup;

/// Whether the shell goes on after a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

pub struct Shell<W: Write + Send + 'static> {
    bot: Bot,
    /// Runs typed lines, as every platform does; the shell delivers after each line itself.
    commands: Commands,
    clock: Arc<dyn Movable>,
    outbox: Outbox<Platforms>,
    scheduler: Scheduler,
    out: Arc<Mutex<W>>,
    speaker: Option<Person>,
    /// Print each input line before its answer (when input is a script, not a person).
    echo: bool,
}

/// The most due times one `:wait` runs (a year of hourly reminder sweeps is 8,760).
const MAX_STEPS: usize = 20_000;

const SHELL_HELP: &str = "\
Shell commands:
  /tandem <command>   run a Tandem command as the current person (`/tandem help` lists them)
  <command>           the same without /tandem, like a DM to the bot
  :as NAME            become someone else
  :wait DURATION      move the clock forward (90m, 4h, 3d, 2w): prompts, reminders and the
                      digest of that time happen, in order, each under the time it happened
  :help               this help
  :quit               leave (Ctrl-D works too)";

impl<W: Write + Send + 'static> Shell<W> {
    /// `bot` must run on `clock`, so that `:wait` moves the bot's time.
    pub fn new(bot: Bot, clock: Arc<dyn Movable>, out: W, echo: bool) -> anyhow::Result<Self> {
        let out = Arc::new(Mutex::new(out));
        // Wired as `App` wires Slack and Teams: the platform starts from the bot and the
        // outbox's waker, and its adapter goes behind `Platforms`.
        let wiring = Wiring {
            bot: bot.clone(),
            wake: Arc::new(Notify::new()),
        };
        let console = Box::new(Setup::new(out.clone())).start(&wiring)?;
        let platforms = Platforms::new(vec![console.adapter()], bot.store().clone());
        let outbox = Outbox::new(bot.store().clone(), platforms, bot.clock().clone())
            .with_waker(wiring.wake.clone());
        let commands = Commands::new(wiring.bot, wiring.wake);
        let scheduler = Scheduler::new(bot.clone());
        Ok(Shell {
            bot,
            commands,
            clock,
            outbox,
            scheduler,
            out,
            speaker: None,
            echo,
        })
    }

    /// The prompt to show before reading a line: `Asha> `.
    pub fn prompt(&self) -> String {
        match &self.speaker {
            Some(person) => format!("{}> ", person.name),
            None => "tandem> ".to_string(),
        }
    }

    /// Greets, and says who the configured people are.
    pub fn greet(&mut self) {
        let text = format!(
            "Tandem shell. {}\nType :help for shell commands, /tandem help for Tandem's.",
            self.people_line()
        );
        self.say(&text);
    }

    /// Becomes the configured person called `name`.
    pub fn become_person(&mut self, name: &str) -> Result<(), String> {
        match self.bot.directory().by_name(name) {
            Some(person) => {
                self.speaker = Some(person.clone());
                Ok(())
            }
            None => Err(format!(
                "Nobody called \"{name}\" is configured. {}",
                self.people_line()
            )),
        }
    }

    /// Handles one input line and prints everything it leads to.
    pub async fn line(&mut self, line: &str) -> Flow {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Flow::Continue;
        }
        if self.echo {
            let echoed = format!("{}{line}", self.prompt());
            self.say(&echoed);
        }
        // Whatever came due while the person typed (the shell's clock runs in real time).
        self.step(self.bot.clock().now(), false).await;
        let flow = match line.split_once(char::is_whitespace).unwrap_or((line, "")) {
            (":quit" | ":q" | ":exit", _) => Flow::Quit,
            (":help", _) => self.respond(SHELL_HELP),
            (":as", name) => {
                let text = match self.become_person(name.trim()) {
                    Ok(()) => format!("You are now {}.", self.describe_speaker()),
                    Err(error) => error,
                };
                self.respond(&text)
            }
            (":wait", duration) => self.wait(duration.trim()).await,
            (word, _) if word.starts_with(':') => self.respond(&format!(
                "There's no shell command {word}; :help lists them."
            )),
            _ => self.command(line).await,
        };
        self.deliver().await;
        flow
    }

    async fn command(&mut self, line: &str) -> Flow {
        let text = line.strip_prefix("/tandem").unwrap_or(line);
        let Some(person) = &self.speaker else {
            let text = format!(
                "Pick who you are first, like `:as Asha`. {}",
                self.people_line()
            );
            return self.respond(&text);
        };
        let incoming = Incoming {
            from: Identity::Name(person.name.to_string()),
            text: text.to_string(),
        };
        let reply = self.commands.line(&incoming).await;
        self.respond(&reply.text())
    }

    /// Moves the clock to every due time in `duration`, in order, running the schedule at
    /// each and printing what it sent under the time it happened.
    async fn wait(&mut self, duration: &str) -> Flow {
        let by = match parse_duration(duration) {
            Ok(by) => by,
            Err(error) => return self.respond(&format!("{error}.")),
        };
        let target = self.bot.clock().now() + by;
        for _ in 0..MAX_STEPS {
            let next = match self.scheduler.next_due() {
                Ok(Some(next)) if next <= target => next,
                Ok(_) => break,
                Err(error) => {
                    self.say(&format!("(the schedule could not run: {error})"));
                    break;
                }
            };
            self.move_clock_to(next);
            if !self.step(next, true).await {
                break;
            }
        }
        self.move_clock_to(target);
        self.step(target, true).await;
        let now = self.bot.clock().now().with_timezone(&self.zone());
        self.respond(&format!(
            "The clock moved forward {duration}; it is now {}.",
            now.format("%a %-d %b %Y %H:%M %Z")
        ))
    }

    fn move_clock_to(&self, at: DateTime<Utc>) {
        let now = self.bot.clock().now();
        if at > now {
            self.clock.advance(at - now);
        }
    }

    /// Runs the schedule at `now` and delivers what it queued, under a line with the time
    /// when `label` is set. Says whether the step worked.
    async fn step(&mut self, now: DateTime<Utc>, label: bool) -> bool {
        match self.scheduler.tick(now) {
            Ok(report) if report.queued > 0 => {
                if label {
                    let local = now.with_timezone(&self.zone());
                    self.say(&format!("── {} ──", local.format("%a %-d %b %H:%M %Z")));
                }
                self.deliver().await;
                true
            }
            Ok(_) => true,
            Err(error) => {
                self.say(&format!("(the schedule could not run: {error})"));
                false
            }
        }
    }

    /// The speaker's zone, else the company's.
    fn zone(&self) -> chrono_tz::Tz {
        match &self.speaker {
            Some(person) => self.bot.zone_of(person),
            None => self.bot.settings().timezone,
        }
    }

    async fn deliver(&mut self) {
        // A pass delivers what is due; messages queued by deliveries go out in the next.
        for _ in 0..10 {
            match self.outbox.deliver_due().await {
                Ok(done) if done.sent + done.failed == 0 => break,
                Ok(_) => {}
                Err(error) => {
                    self.say(&format!("(could not read the outbox: {error})"));
                    break;
                }
            }
        }
    }

    fn respond(&mut self, text: &str) -> Flow {
        self.say(text);
        Flow::Continue
    }

    fn say(&self, text: &str) {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        // A closed terminal is no reason to stop the bot's work; the record is on disk.
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }

    fn describe_speaker(&self) -> String {
        match &self.speaker {
            Some(p) => format!("{} ({} {})", p.name, p.team.label(), p.role.label()),
            None => "nobody".into(),
        }
    }

    fn people_line(&self) -> String {
        let names: Vec<String> = self
            .bot
            .directory()
            .all()
            .iter()
            .map(|p| format!("{} ({})", p.name, p.team.label()))
            .collect();
        format!("People: {}.", names.join(", "))
    }
}
