//! Key encodings: big-endian numbers so that byte order is time and ID order.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::domain::{AskKey, LaunchName, PersonName, RequestId, RoundKey};

pub fn id(id: RequestId) -> [u8; 8] {
    id.number().to_be_bytes()
}

pub fn u64_of(bytes: &[u8]) -> Option<u64> {
    let array: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some(u64::from_be_bytes(array))
}

/// The request ID at the end of an index key.
pub fn trailing_id(key: &[u8]) -> Option<RequestId> {
    let start = key.len().checked_sub(8)?;
    RequestId::new(u64_of(&key[start..])?)
}

/// `name 0x00 id`: all of one person's requests share the prefix `name 0x00`.
pub fn person_id(name: &PersonName, request: RequestId) -> Vec<u8> {
    let mut key = person_prefix(name);
    key.extend_from_slice(&id(request));
    key
}

pub fn person_prefix(name: &PersonName) -> Vec<u8> {
    let mut key = name.as_str().as_bytes().to_vec();
    key.push(0);
    key
}

/// `millis id`: requests in the order they were filed.
pub fn time_id(at: DateTime<Utc>, request: RequestId) -> [u8; 16] {
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&millis(at).to_be_bytes());
    key[8..].copy_from_slice(&id(request));
    key
}

pub fn time(at: DateTime<Utc>) -> [u8; 8] {
    millis(at).to_be_bytes()
}

pub fn millis(at: DateTime<Utc>) -> u64 {
    u64::try_from(at.timestamp_millis()).unwrap_or(0)
}

/// `millis id index`: a request's steps in time order; the history position keeps two steps
/// of one request in the same millisecond apart.
pub fn step(at: DateTime<Utc>, request: RequestId, index: u32) -> [u8; 20] {
    let mut key = [0u8; 20];
    key[..16].copy_from_slice(&time_id(at, request));
    key[16..].copy_from_slice(&index.to_be_bytes());
    key
}

/// `day id`: requests by a date (their needed-by date), then ID.
pub fn day_id(day: NaiveDate, request: RequestId) -> [u8; 12] {
    let mut key = [0u8; 12];
    key[..4].copy_from_slice(&self::day(day));
    key[4..].copy_from_slice(&id(request));
    key
}

/// Days from the common era, big-endian (dates before it sort first, as zero).
pub fn day(day: NaiveDate) -> [u8; 4] {
    u32::try_from(day.num_days_from_ce())
        .unwrap_or(0)
        .to_be_bytes()
}

/// The time back from `millis`.
pub fn time_of(bytes: &[u8]) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(i64::try_from(u64_of(bytes)?).ok()?)
}

/// `prompt 0x00 YYYY-MM-DDTHH:MM`.
pub fn round(round: &RoundKey) -> Vec<u8> {
    let mut key = round.prompt.as_bytes().to_vec();
    key.push(0);
    key.extend_from_slice(round.local.format("%Y-%m-%dT%H:%M").to_string().as_bytes());
    key
}

/// `person 0x00 prompt 0x00 YYYY-MM-DDTHH:MM`: one person's rounds of a prompt share the
/// prefix `ask_prefix`, oldest first.
pub fn ask(key: &AskKey) -> Vec<u8> {
    let mut bytes = person_prefix(&key.person);
    bytes.extend_from_slice(&round(&key.round));
    bytes
}

pub fn ask_prefix(person: &PersonName, prompt: &str) -> Vec<u8> {
    let mut key = person_prefix(person);
    key.extend_from_slice(prompt.as_bytes());
    key.push(0);
    key
}

/// `millis ask`: asks by the time they were sent or first answered.
pub fn time_ask(at: DateTime<Utc>, ask: &[u8]) -> Vec<u8> {
    let mut key = time(at).to_vec();
    key.extend_from_slice(ask);
    key
}

/// `subject 0x00 person 0x00`: the reminders one person had about one subject.
pub fn reminded_prefix(subject: &str, person: &PersonName) -> Vec<u8> {
    let mut key = subject.as_bytes().to_vec();
    key.push(0);
    key.extend_from_slice(&person_prefix(person));
    key
}

/// `space 0x00 key`: a space's records share the prefix `space 0x00`.
pub fn kv(space: &str, key: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(space.len() + 1 + key.len());
    bytes.extend_from_slice(space.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(key.as_bytes());
    bytes
}

/// Decodes a stored JSON record; one that cannot be read is an error naming it (`what`), so an
/// operator knows which record is damaged.
pub fn decode<T: serde::de::DeserializeOwned>(
    what: impl std::fmt::Display,
    bytes: &[u8],
) -> Result<T, crate::store::StoreError> {
    serde_json::from_slice(bytes)
        .map_err(|e| crate::store::StoreError::Corrupt(format!("{what}: {e}")))
}

/// The big-endian `u64` a key starts with (an outbox entry's number), for naming it.
pub fn number(key: &[u8]) -> u64 {
    key.get(..8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(0, u64::from_be_bytes)
}

/// `launch 0x00 id`: the requests linked to one launch share the prefix `launch 0x00`.
pub fn launch_id(launch: &LaunchName, request: RequestId) -> Vec<u8> {
    let mut key = launch_prefix(launch);
    key.extend_from_slice(&id(request));
    key
}

pub fn launch_prefix(launch: &LaunchName) -> Vec<u8> {
    let mut key = launch.as_str().as_bytes().to_vec();
    key.push(0);
    key
}

/// `millis name`: names in the order of a time (a review's close).
pub fn time_name(at: DateTime<Utc>, name: &[u8]) -> Vec<u8> {
    let mut key = time(at).to_vec();
    key.extend_from_slice(name);
    key
}
