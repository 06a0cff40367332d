//! Slack's request signing (v0): an HMAC-SHA256 of `v0:<timestamp>:<body>` with the app's
//! signing secret, compared in constant time; requests more than 5 minutes off are stale.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use thiserror::Error;

use crate::config::Secret;

pub const SIGNATURE_HEADER: &str = "x-slack-signature";
pub const TIMESTAMP_HEADER: &str = "x-slack-request-timestamp";
const MAX_SKEW_SECONDS: i64 = 5 * 60;

/// Why a request was not accepted as Slack's. The text never contains the secret or the body.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("missing signature or timestamp header")]
    Missing,
    #[error("the timestamp is not a number")]
    BadTimestamp,
    #[error("the timestamp is more than 5 minutes off")]
    Stale,
    #[error("the signature does not match")]
    Mismatch,
}

/// `v0=<hex>` for this timestamp and body.
pub fn sign(secret: &Secret, timestamp: &str, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()).expect("any key length");
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(3 + digest.len() * 2);
    out.push_str("v0=");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Checks a request's headers against its body at `now`.
pub fn verify(
    secret: &Secret,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), SignatureError> {
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return Err(SignatureError::Missing);
    };
    let seconds: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| SignatureError::BadTimestamp)?;
    if (now.timestamp() - seconds).abs() > MAX_SKEW_SECONDS {
        return Err(SignatureError::Stale);
    }
    let expected = sign(secret, timestamp, body);
    if !constant_time_eq(expected.as_bytes(), signature.trim().as_bytes()) {
        return Err(SignatureError::Mismatch);
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// Slack's published example ("Verifying requests from Slack").
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const TIMESTAMP: &str = "1531420618";
    const BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const EXPECTED: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(seconds, 0).single().expect("valid")
    }

    #[test]
    fn slacks_published_example_verifies() {
        let secret = Secret::new(SECRET);
        assert_eq!(sign(&secret, TIMESTAMP, BODY.as_bytes()), EXPECTED);
        let now = at(1_531_420_618 + 10);
        assert_eq!(
            verify(
                &secret,
                Some(TIMESTAMP),
                Some(EXPECTED),
                BODY.as_bytes(),
                now
            ),
            Ok(())
        );
    }

    #[test]
    fn forged_missing_and_stale_signatures_are_refused() {
        let secret = Secret::new(SECRET);
        let now = at(1_531_420_618);
        let body = BODY.as_bytes();
        let forged = EXPECTED.replace("a2114d", "a2114e");
        assert_eq!(
            verify(&secret, Some(TIMESTAMP), Some(&forged), body, now),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(&secret, None, Some(EXPECTED), body, now),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify(&secret, Some(TIMESTAMP), None, body, now),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify(&secret, Some("soon"), Some(EXPECTED), body, now),
            Err(SignatureError::BadTimestamp)
        );
        let tampered = format!("{BODY}&extra=1");
        assert_eq!(
            verify(
                &secret,
                Some(TIMESTAMP),
                Some(EXPECTED),
                tampered.as_bytes(),
                now
            ),
            Err(SignatureError::Mismatch)
        );
        let other_secret = Secret::new("another-secret");
        assert_eq!(
            verify(&other_secret, Some(TIMESTAMP), Some(EXPECTED), body, now),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_timestamp_over_five_minutes_off_either_way_is_stale() {
        let secret = Secret::new(SECRET);
        let body = BODY.as_bytes();
        let sent = 1_531_420_618;
        for now in [sent + 301, sent - 301] {
            assert_eq!(
                verify(&secret, Some(TIMESTAMP), Some(EXPECTED), body, at(now)),
                Err(SignatureError::Stale)
            );
        }
        for now in [sent + 300, sent - 300] {
            assert_eq!(
                verify(&secret, Some(TIMESTAMP), Some(EXPECTED), body, at(now)),
                Ok(())
            );
        }
    }
}
