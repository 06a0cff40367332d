//! The `teams-token` target: `Authorization` headers checked as `POST /api/messages` checks
//! them, against one signing key made from a fixed seed (so a finding replays).

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{TimeZone, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use proptest::prelude::*;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use tandem::clock::ManualClock;
use tandem::platform::teams::AuthError;
use tandem::platform::teams::fuzz::Tokens;

use crate::drive::Figures;
use crate::generators::mutated;
use crate::seeds::SERVICE_URL;
use crate::targets::Run;

const APP_ID: &str = "a1b2c3d4-0000-4000-8000-00000000a999";
const KID: &str = "key-teams";

pub fn teams_token(run: Run) -> Figures {
    let now = Utc
        .with_ymd_and_hms(2026, 12, 3, 12, 0, 0)
        .single()
        .expect("time");
    let (signing, decoding) = key();
    let claims = |changes: Value| {
        let mut claims = json!({
            "iss": "https://api.botframework.com", "aud": APP_ID,
            "exp": now.timestamp() + 3600, "nbf": now.timestamp() - 60, "serviceurl": SERVICE_URL,
        });
        if let (Some(claims), Value::Object(changes)) = (claims.as_object_mut(), changes) {
            claims.extend(changes);
        }
        claims
    };
    let sign = |claims: &Value, kid: Option<&str>| {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = kid.map(str::to_string);
        jsonwebtoken::encode(&header, claims, &signing).expect("signs")
    };
    let good = sign(&claims(json!({})), Some(KID));
    let seeds = vec![
        good.clone(),
        sign(&claims(json!({"exp": now.timestamp() - 3600})), Some(KID)),
        sign(&claims(json!({"aud": "someone-else"})), Some(KID)),
        sign(&claims(json!({"serviceurl": null})), Some(KID)),
        sign(
            &claims(json!({"nbf": i64::MAX, "exp": i64::MAX})),
            Some(KID),
        ),
        sign(&claims(json!({"exp": i64::MIN})), Some(KID)),
        sign(&claims(json!({})), Some("key-other")),
        sign(&claims(json!({})), None),
        unsigned(&json!({"alg": "none", "kid": KID}), &claims(json!({}))),
        unsigned(&json!({"alg": "HS256", "kid": KID}), &claims(json!({}))),
    ];
    let parts: Vec<String> = seeds
        .iter()
        .flat_map(|t| t.split('.'))
        .map(str::to_string)
        .collect();
    let spliced =
        prop::collection::vec(prop::sample::select(parts), 0..5).prop_map(|p| p.join("."));
    let strategy = prop_oneof![
        1 => Just(good.clone()),
        6 => mutated(seeds.iter().map(|t| t.clone().into_bytes()).collect())
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        2 => spliced,
        1 => "[ -~]{0,64}",
    ];
    let clock = Arc::new(ManualClock::at(now));
    let tokens = Tokens::new(APP_ID, KID, decoding, vec!["msteams".into()], clock).expect("tokens");
    run.drive("teams-token", strategy, |token| {
        match tokens.check(Some(&format!("Bearer {token}")), "msteams", SERVICE_URL) {
            Ok(()) if token.trim() == good => Ok("accepted"),
            Ok(()) => Err("accepted a token that is not the one signed".into()),
            Err(error) => Ok(refused(&error)),
        }
    })
}

/// A token with this header and claims and no signature.
fn unsigned(header: &Value, claims: &Value) -> String {
    let part = |value: &Value| URL_SAFE_NO_PAD.encode(value.to_string());
    format!("{}.{}.", part(header), part(claims))
}

fn refused(error: &AuthError) -> &'static str {
    match error {
        AuthError::NoToken => "refused: no token",
        AuthError::Malformed(_) => "refused: malformed",
        AuthError::Algorithm(_) => "refused: algorithm",
        AuthError::NoKeyId => "refused: no key ID",
        AuthError::UnknownKey => "refused: unknown key",
        AuthError::KeysUnavailable => "refused: keys unavailable",
        AuthError::Rejected(_) => "refused: rejected",
        AuthError::Expired => "refused: expired",
        AuthError::NotYetValid => "refused: not yet valid",
        AuthError::NoServiceUrl => "refused: no service URL",
        AuthError::NotEndorsed(_) => "refused: not endorsed",
        AuthError::ServiceUrlMismatch => "refused: service URL",
    }
}

/// A 2048-bit RSA key, the same every run.
fn key() -> (EncodingKey, DecodingKey) {
    let private = rsa::RsaPrivateKey::new(&mut FixedRng(0x7a6e_6465_6d21), 2048).expect("keygen");
    let der = private.to_pkcs1_der().expect("pkcs1");
    let n = URL_SAFE_NO_PAD.encode(private.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(private.e().to_bytes_be());
    let decoding = DecodingKey::from_rsa_components(&n, &e).expect("public key");
    (EncodingKey::from_rsa_der(der.as_bytes()), decoding)
}

/// splitmix64: not for real keys, only so the bench's key is the same every run.
struct FixedRng(u64);

impl rsa::rand_core::RngCore for FixedRng {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rsa::rand_core::CryptoRng for FixedRng {}
