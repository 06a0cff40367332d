//! Deliveries a platform may bring twice — Slack retries an event it got no answer for (and
//! Socket Mode may bring one over both connections), Teams may repeat an activity — are known
//! by their IDs, remembered durably for a day and then forgotten.

use std::sync::atomic::{AtomicI64, Ordering};

use crate::store::{Store, StoreError, defer};

/// Platforms retry for minutes; a day is plenty.
const REMEMBER_SECONDS: i64 = 24 * 3600;
/// Forgetting scans every remembered ID, so it runs at most this often.
const FORGET_EVERY_SECONDS: i64 = 3600;

/// The IDs seen in one store space (each stored with the time it may be forgotten).
pub struct Seen {
    space: &'static str,
    last_forget: AtomicI64,
}

impl Seen {
    pub const fn new(space: &'static str) -> Self {
        Seen {
            space,
            last_forget: AtomicI64::new(0),
        }
    }

    /// Whether `id` is new at `now` (Unix seconds); remembers it durably, so this blocks.
    /// Now and then forgets the expired ones on the way.
    pub fn first_time(&self, store: &dyn Store, id: &str, now: i64) -> Result<bool, StoreError> {
        let until = (now + REMEMBER_SECONDS).to_string();
        let fresh = store.kv_insert_new(self.space, id, until.as_bytes())?;
        if self.forget_due(now) {
            self.forget_expired(store, now);
        }
        Ok(fresh)
    }

    fn forget_due(&self, now: i64) -> bool {
        let last = self.last_forget.load(Ordering::Relaxed);
        now - last >= FORGET_EVERY_SECONDS
            && self
                .last_forget
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
    }

    /// Drops the IDs whose time has passed (and any whose time cannot be read).
    fn forget_expired(&self, store: &dyn Store, now: i64) {
        let Ok(seen) = store.kv_scan(self.space) else {
            return;
        };
        let expired = seen.into_iter().filter(|(_, until)| {
            std::str::from_utf8(until)
                .ok()
                .and_then(|u| u.parse::<i64>().ok())
                .is_none_or(|until| until < now)
        });
        // Forgetting waits for no flush of its own: one a crash undoes is forgotten next time.
        let unflushed = defer(|| {
            for (id, _) in expired {
                let _ = store.kv_remove(self.space, &id);
            }
        });
        drop(unflushed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    fn kept(store: &dyn Store) -> Vec<String> {
        let seen = store.kv_scan("seen").expect("scan");
        seen.into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn an_id_is_new_once() {
        let (store, seen) = (MemoryStore::new(), Seen::new("seen"));
        assert_eq!(seen.first_time(&store, "Ev1", 1_000).ok(), Some(true));
        assert_eq!(seen.first_time(&store, "Ev1", 1_001).ok(), Some(false));
        assert_eq!(seen.first_time(&store, "Ev2", 1_002).ok(), Some(true));
    }

    #[test]
    fn expired_ids_are_forgotten_at_most_hourly_and_fresh_ones_kept() {
        let (store, seen) = (MemoryStore::new(), Seen::new("seen"));
        let (now, day) = (1_764_000_000, REMEMBER_SECONDS);
        store.kv_put("seen", "old", b"100").expect("put");
        store.kv_put("seen", "garbled", b"soon").expect("put");
        seen.first_time(&store, "new", now).expect("seen");
        assert_eq!(kept(&store), vec!["new"]);

        seen.first_time(&store, "later", now + day + 1)
            .expect("seen");
        assert_eq!(kept(&store), vec!["later"], "`new` expired a day later");

        store.kv_put("seen", "stale", b"0").expect("put");
        seen.first_time(&store, "soon", now + day + 2)
            .expect("seen");
        assert!(
            kept(&store).contains(&"stale".to_string()),
            "not an hour yet"
        );
    }
}
