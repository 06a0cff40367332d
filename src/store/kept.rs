//! Small records kept by key, typed: what platforms remember (the message ID of each card they
//! posted, conversation references, greeted conversations), the zones platforms reported for
//! people, pauses, and where each person last wrote from. Each kind says where it lives, what
//! its key is and how its value is written; nobody outside the store handles their bytes.
//!
//! They sit on the store's key-value primitive (`Store::kv_*`, one space per kind). A space
//! name and a value's encoding are on disk: never change one without a migration.

use super::{Store, StoreError, Ticket};

/// A kind of small record.
pub trait Kept: Sized {
    /// The space these records live in.
    const SPACE: &'static str;
    /// What a record is found by (a person's name, a card and its conversation, …).
    type Key: ?Sized;

    fn key(key: &Self::Key) -> String;

    fn encode(&self) -> Vec<u8>;

    /// `None` for bytes that are not such a record.
    fn decode(bytes: &[u8]) -> Option<Self>;
}

impl dyn Store {
    /// The record kept under `key`. A record that cannot be read is an error naming it.
    pub fn kept<K: Kept>(&self, key: &K::Key) -> Result<Option<K>, StoreError> {
        let key = K::key(key);
        match self.kv_get(K::SPACE, &key)? {
            None => Ok(None),
            Some(bytes) => K::decode(&bytes)
                .map(Some)
                .ok_or_else(|| StoreError::Corrupt(format!("the {} record of {key}", K::SPACE))),
        }
    }

    /// Keeps `value` under `key`, replacing what was there.
    pub fn keep<K: Kept>(&self, key: &K::Key, value: &K) -> Result<Ticket, StoreError> {
        self.kv_put(K::SPACE, &K::key(key), &value.encode())
    }

    /// Keeps `value` only if `key` is new; says whether it was.
    pub fn keep_new<K: Kept>(&self, key: &K::Key, value: &K) -> Result<(bool, Ticket), StoreError> {
        self.kv_insert_new(K::SPACE, &K::key(key), &value.encode())
    }

    /// Keeps `value` unless the same is already kept: a write costs a trip through the
    /// store's writer, and most sightings change nothing. `None` when nothing was written.
    pub fn keep_if_changed<K: Kept>(
        &self,
        key: &K::Key,
        value: &K,
    ) -> Result<Option<Ticket>, StoreError> {
        let (key, bytes) = (K::key(key), value.encode());
        if self.kv_get(K::SPACE, &key)?.as_deref() == Some(bytes.as_slice()) {
            return Ok(None);
        }
        self.kv_put(K::SPACE, &key, &bytes).map(Some)
    }

    pub fn forget<K: Kept>(&self, key: &K::Key) -> Result<Ticket, StoreError> {
        self.kv_remove(K::SPACE, &K::key(key))
    }
}

/// Implements `Kept` for a serde type stored as JSON: `json_kept!(Type, "space", Key, |k| …)`.
#[macro_export]
macro_rules! json_kept {
    ($record:ty, $space:expr, $key:ty, $to_key:expr) => {
        impl $crate::store::Kept for $record {
            const SPACE: &'static str = $space;
            type Key = $key;

            fn key(key: &Self::Key) -> String {
                let to_key: fn(&$key) -> String = $to_key;
                to_key(key)
            }

            fn encode(&self) -> Vec<u8> {
                // Plain data (strings and options) always encodes.
                serde_json::to_vec(self).unwrap_or_default()
            }

            fn decode(bytes: &[u8]) -> Option<Self> {
                serde_json::from_slice(bytes).ok()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::MemoryStore;

    #[derive(Debug, PartialEq)]
    struct Colour(String);

    impl Kept for Colour {
        const SPACE: &'static str = "colour";
        type Key = str;

        fn key(key: &str) -> String {
            key.to_lowercase()
        }

        fn encode(&self) -> Vec<u8> {
            self.0.as_bytes().to_vec()
        }

        fn decode(bytes: &[u8]) -> Option<Self> {
            let text = std::str::from_utf8(bytes).ok()?;
            (!text.is_empty()).then(|| Colour(text.to_string()))
        }
    }

    #[test]
    fn records_round_trip_by_their_key_and_a_bad_one_is_named() {
        let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
        assert_eq!(store.kept::<Colour>("Sky").expect("read"), None);
        let _ = store.keep("Sky", &Colour("blue".into())).expect("keep");
        assert_eq!(
            store.kept::<Colour>("SKY").expect("read"),
            Some(Colour("blue".into()))
        );
        assert!(
            !store
                .keep_new("sky", &Colour("red".into()))
                .expect("keep")
                .0
        );
        assert!(
            store
                .keep_if_changed("sky", &Colour("blue".into()))
                .expect("keep")
                .is_none(),
            "the same value is not written again"
        );
        let _ = store.kv_put("colour", "grass", b"").expect("put");
        let error = store.kept::<Colour>("grass").expect_err("corrupt");
        assert_eq!(
            error.to_string(),
            StoreError::Corrupt("the colour record of grass".into()).to_string()
        );
        let _ = store.forget::<Colour>("sky").expect("forget");
        assert_eq!(store.kept::<Colour>("sky").expect("read"), None);
    }
}
