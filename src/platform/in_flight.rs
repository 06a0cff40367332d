//! Work under way that a stop must wait for (Socket Mode callbacks: their acknowledgement comes
//! only after their work is saved).

use std::sync::Arc;

use tokio::sync::watch;

/// Counts work under way; `idle` resolves once there is none.
#[derive(Clone)]
pub struct InFlight {
    count: Arc<watch::Sender<usize>>,
}

/// Held while one piece of work is under way.
pub struct Working {
    count: Arc<watch::Sender<usize>>,
}

impl Default for InFlight {
    fn default() -> Self {
        InFlight {
            count: Arc::new(watch::Sender::new(0)),
        }
    }
}

impl InFlight {
    pub fn enter(&self) -> Working {
        self.count.send_modify(|n| *n += 1);
        Working {
            count: self.count.clone(),
        }
    }

    /// Resolves once no work is under way.
    pub async fn idle(&self) {
        let mut count = self.count.subscribe();
        let _ = count.wait_for(|n| *n == 0).await;
    }
}

impl Drop for Working {
    fn drop(&mut self) {
        self.count.send_modify(|n| *n = n.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn idle_waits_for_the_last_piece_of_work() {
        let in_flight = InFlight::default();
        in_flight.idle().await;
        let (first, second) = (in_flight.enter(), in_flight.enter());
        let waiting = tokio::spawn({
            let in_flight = in_flight.clone();
            async move { in_flight.idle().await }
        });
        drop(first);
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "one is still under way");
        drop(second);
        waiting.await.expect("idle once both are done");
    }
}
