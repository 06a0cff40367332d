//! The shell as a platform: set up from a `Wiring` like Slack and Teams (`Configured::start`),
//! with its printer as the `Adapter` and no routes. `serve` never lists it (`app::PLATFORMS`):
//! only `tandem shell` starts it, and its "traffic" is the lines a person types.

use std::io::Write;
use std::sync::{Arc, Mutex};

use super::ConsoleAdapter;
use crate::platform::{Adapter, Configured, Platform, Wiring};

/// The platform name the shell's adapter answers to.
pub const NAME: &str = "console";

/// The shell's settings: where it prints.
pub struct Setup<W> {
    out: Arc<Mutex<W>>,
}

impl<W> Setup<W> {
    pub fn new(out: Arc<Mutex<W>>) -> Self {
        Setup { out }
    }
}

impl<W: Write + Send + 'static> Configured for Setup<W> {
    /// The shell's typed lines run through `Commands` made from the same `Wiring`
    /// (`Shell::new`); what the platform itself provides is its printer.
    fn start(self: Box<Self>, _wiring: &Wiring) -> anyhow::Result<Arc<dyn Platform>> {
        Ok(Arc::new(Console {
            adapter: Arc::new(ConsoleAdapter::new(self.out)),
        }))
    }
}

/// The running shell platform.
struct Console<W> {
    adapter: Arc<ConsoleAdapter<W>>,
}

impl<W: Write + Send + 'static> Platform for Console<W> {
    fn name(&self) -> &'static str {
        NAME
    }

    /// The shell serves no HTTP; its input is the terminal.
    fn routes(&self) -> Option<axum::Router> {
        None
    }

    fn adapter(&self) -> Arc<dyn Adapter> {
        self.adapter.clone()
    }
}
