//! The shell's outgoing side: every message printed, labelled by destination.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::message::{Destination, Outgoing, render_outgoing_plain};
use crate::outbox::DeliveryError;
use crate::platform::{Adapter, Delivery};

/// Prints outgoing messages labelled by destination: `[#marketing] …`, `[DM → Asha] …`.
pub struct ConsoleAdapter<W> {
    out: Arc<Mutex<W>>,
}

impl<W> ConsoleAdapter<W> {
    pub fn new(out: Arc<Mutex<W>>) -> Self {
        ConsoleAdapter { out }
    }
}

impl<W: Write + Send + 'static> Adapter for ConsoleAdapter<W> {
    fn name(&self) -> &'static str {
        super::NAME
    }

    /// Every channel and person is on the screen; conversations are answered inline.
    fn reaches(&self, to: &Destination) -> bool {
        !matches!(to, Destination::Conversation { .. })
    }

    fn deliver<'a>(&'a self, outgoing: &'a Outgoing) -> Delivery<'a> {
        Box::pin(async move {
            let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
            writeln!(out, "{}", render_outgoing_plain(outgoing))
                .and_then(|()| out.flush())
                .map_err(|e| DeliveryError::Transient(format!("console: {e}")))
        })
    }
}
