//! Key encodings: big-endian numbers so that byte order is time and ID order.

use chrono::{DateTime, Utc};

use crate::domain::{PersonName, RequestId};

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

fn millis(at: DateTime<Utc>) -> u64 {
    u64::try_from(at.timestamp_millis()).unwrap_or(0)
}

/// `space 0x00 key`: a space's records share the prefix `space 0x00`.
pub fn kv(space: &str, key: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(space.len() + 1 + key.len());
    bytes.extend_from_slice(space.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(key.as_bytes());
    bytes
}
