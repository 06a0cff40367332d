//! The local shell: the whole bot with no chat platform. A person types `/tandem …` lines as a
//! configured person; what the bot posts elsewhere is printed, labelled by destination.

mod sink;

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::bot::{Bot, Incoming};
use crate::clock::Movable;
use crate::domain::{Identity, Person, parse_duration};
use crate::outbox::Outbox;

pub use sink::ConsoleSink;

/// Whether the shell goes on after a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

pub struct Shell<W: Write + Send + 'static> {
    bot: Bot,
    clock: Arc<dyn Movable>,
    outbox: Outbox<ConsoleSink<W>>,
    out: Arc<Mutex<W>>,
    speaker: Option<Person>,
    /// Print each input line before its answer (when input is a script, not a person).
    echo: bool,
}

const SHELL_HELP: &str = "\
Shell commands:
  /tandem <command>   run a Tandem command as the current person (`/tandem help` lists them)
  <command>           the same without /tandem, like a DM to the bot
  :as NAME            become someone else
  :wait DURATION      move the clock forward (90m, 4h, 3d, 2w) and run what would have happened
  :help               this help
  :quit               leave (Ctrl-D works too)";

impl<W: Write + Send + 'static> Shell<W> {
    /// `bot` must run on `clock`, so that `:wait` moves the bot's time.
    pub fn new(bot: Bot, clock: Arc<dyn Movable>, out: W, echo: bool) -> Self {
        let out = Arc::new(Mutex::new(out));
        let sink = ConsoleSink::new(out.clone());
        let outbox = Outbox::new(bot.store().clone(), sink, bot.clock().clone());
        Shell {
            bot,
            clock,
            outbox,
            out,
            speaker: None,
            echo,
        }
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
        match self.bot.settings().directory.by_name(name) {
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
            (":wait", duration) => self.wait(duration.trim()),
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
        let reply = self.bot.handle(&incoming);
        self.respond(&reply.text())
    }

    fn wait(&mut self, duration: &str) -> Flow {
        let by = match parse_duration(duration) {
            Ok(by) => by,
            Err(error) => return self.respond(&format!("{error}.")),
        };
        self.clock.advance(by);
        let zone = self
            .speaker
            .as_ref()
            .map_or(self.bot.settings().timezone, |p| {
                self.bot.settings().zone_of(p)
            });
        let now = self.bot.clock().now().with_timezone(&zone);
        self.respond(&format!(
            "The clock moved forward {duration}; it is now {}.",
            now.format("%a %-d %b %Y %H:%M %Z")
        ))
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
            .settings()
            .directory
            .all()
            .iter()
            .map(|p| format!("{} ({})", p.name, p.team.label()))
            .collect();
        format!("People: {}.", names.join(", "))
    }
}
