use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use tandem::export::Format;
use tandem::{app, run};

/// mimalloc: the server allocates a little per request on many threads, where glibc's malloc
/// spent a fifth of the CPU time under load (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Tandem: one shared, timestamped loop between Sales and Marketing.
#[derive(Parser)]
#[command(name = "tandem", version, about)]
struct Cli {
    /// Configuration file [default: $TANDEM_CONFIG, else config/tandem.toml]
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve HTTP for Slack and Teams, with the scheduler and outbox workers
    Serve,
    /// The local console: the whole bot, no chat platform
    Shell {
        /// Start as this configured person
        #[arg(long = "as", value_name = "NAME")]
        person: Option<String>,
    },
    /// Validate the configuration and exit
    CheckConfig {
        /// Also read the [directory] groups and print what a sync would change (changes nothing)
        #[arg(long)]
        sync: bool,
    },
    /// Print the weekly digest of the last 7 days, as it would be posted now
    Digest {
        /// Print it here instead of posting it (the only mode, for now)
        #[arg(long, required = true)]
        preview: bool,
    },
    /// Write the month's scorecard for the leads: an HTML page or a PNG picture
    Report {
        /// The month (YYYY-MM) [default: the current month, to date]
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// Where to write it: a file ending in .html or .png, in a folder that exists
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write a backup of the whole store to FILE (stop `serve` first, or use `admin backup`)
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Restore a backup into a new, empty data directory
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Where to restore it (must not exist yet, or be empty)
        #[arg(long, value_name = "DIR")]
        data_dir: PathBuf,
    },
    /// Write the request history to standard output
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Only requests filed on or after this day (YYYY-MM-DD, company time zone); with
        /// --launches, launches dated on or after it; with --plans, plans due on or after it;
        /// with --actions, actions added on or after it; with --visits, visits dated on or after it
        #[arg(long, value_name = "DATE")]
        since: Option<NaiveDate>,
        /// Launches and their reviews instead (answers only of closed rounds)
        #[arg(long, conflicts_with_all = ["plans", "actions", "visits"])]
        launches: bool,
        /// Actions ("you said → we did") with their sources instead
        #[arg(long, conflicts_with_all = ["plans", "visits"])]
        actions: bool,
        /// Planning rounds with every version instead (figures only once both teams' are in)
        #[arg(long, conflicts_with = "visits")]
        plans: bool,
        /// Market visits with who vouched for or disputed them instead
        #[arg(long)]
        visits: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = matches!(
        cli.command,
        Command::Shell { .. }
            | Command::Export { .. }
            | Command::Digest { .. }
            | Command::Report { .. }
    );
    init_logging(if quiet { "warn" } else { "info" });
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn execute(cli: Cli) -> anyhow::Result<()> {
    // A restore needs no configuration: it may run on a machine that has none yet.
    if let Command::Restore { file, data_dir } = &cli.command {
        println!("{}", run::restore(file, data_dir)?);
        return Ok(());
    }
    let settings = run::load_settings(cli.config.as_deref())?;
    match cli.command {
        Command::Restore { .. } => Ok(()),
        Command::Report { month, out } => {
            println!("{}", run::report(settings, month.as_deref(), &out)?);
            Ok(())
        }
        Command::Backup { file } => {
            println!("{}", run::backup(&settings, &file)?);
            Ok(())
        }
        Command::CheckConfig { sync } => {
            println!("{}", run::describe(&settings));
            if sync {
                println!(
                    "{}",
                    tandem::sync::preview(settings, tandem::app::PLATFORMS)?
                );
            } else if settings.directory.is_some() {
                println!(
                    "[directory] is not read here; `check-config --sync` reads its groups and says what a sync would change."
                );
            }
            Ok(())
        }
        Command::Shell { person } => {
            let interactive = std::io::stdin().is_terminal();
            run::shell(
                settings,
                person.as_deref(),
                std::io::stdin().lock(),
                std::io::stdout(),
                interactive,
            )
        }
        Command::Digest { preview: _ } => {
            run::digest_preview(settings, &mut std::io::stdout().lock())
        }
        Command::Export {
            format,
            since,
            visits: true,
            ..
        } => run::export_visits(&settings, format, since, &mut std::io::stdout().lock()),
        Command::Export {
            format,
            since,
            actions: true,
            ..
        } => run::export_actions(&settings, format, since, &mut std::io::stdout().lock()),
        Command::Export {
            format,
            since,
            plans: true,
            ..
        } => run::export_plans(&settings, format, since, &mut std::io::stdout().lock()),
        Command::Export {
            format,
            since,
            launches: true,
            ..
        } => run::export_launches(&settings, format, since, &mut std::io::stdout().lock()),
        Command::Export { format, since, .. } => {
            run::export(&settings, format, since, &mut std::io::stdout().lock())
        }
        Command::Serve => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(async {
                let app = app::App::build(settings).await?;
                app.run_until_stopped(app::shutdown_signal()).await
            })
        }
    }
}

/// Logs go to standard error; `RUST_LOG` overrides the default level.
fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
