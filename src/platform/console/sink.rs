use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::message::{Outgoing, render_outgoing_plain};
use crate::outbox::{DeliveryError, Sink};

/// Prints outgoing messages labelled by destination: `[#marketing] …`, `[DM → Asha] …`.
pub struct ConsoleSink<W> {
    out: Arc<Mutex<W>>,
}

impl<W> ConsoleSink<W> {
    pub fn new(out: Arc<Mutex<W>>) -> Self {
        ConsoleSink { out }
    }
}

impl<W: Write + Send> Sink for ConsoleSink<W> {
    fn routes(&self, _: &Outgoing) -> Vec<String> {
        vec!["console".into()]
    }

    async fn deliver(&self, _: &str, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        writeln!(out, "{}", render_outgoing_plain(outgoing))
            .and_then(|()| out.flush())
            .map_err(|e| DeliveryError::Transient(format!("console: {e}")))
    }
}
