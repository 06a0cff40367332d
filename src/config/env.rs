//! The environment as Tandem reads it: a snapshot, so that tests build one by hand and nothing
//! reads the process's variables behind the settings' back.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use super::{ConfigError, DEFAULT_CONFIG, Secret};

/// A snapshot of the environment variables Tandem reads; tests build one by hand. Its `Debug`
/// shows the names only: values may be secrets.
#[derive(Clone, Default)]
pub struct Env(HashMap<String, String>);

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: BTreeSet<&str> = self.0.keys().map(String::as_str).collect();
        f.debug_tuple("Env").field(&names).finish()
    }
}

impl Env {
    pub fn from_process() -> Self {
        Env(std::env::vars().collect())
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Env(pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect())
    }

    /// The variable's value, if set and not blank.
    pub fn get(&self, var: &str) -> Option<&str> {
        self.0
            .get(var)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// A secret's value, if set and not blank.
    pub fn secret(&self, var: &str) -> Option<Secret> {
        self.get(var).map(Secret::new)
    }

    /// The `http(s)` URL in `var` (else `default`), without a trailing slash.
    pub fn url(&self, var: &'static str, default: &str) -> Result<String, ConfigError> {
        let value = self
            .get(var)
            .unwrap_or(default)
            .trim()
            .trim_end_matches('/');
        if !(value.starts_with("https://") || value.starts_with("http://")) {
            return Err(ConfigError::Env {
                var,
                reason: format!("\"{value}\" is not an http(s) URL"),
            });
        }
        Ok(value.to_string())
    }

    /// The error for `var` missing, and why it is needed.
    pub fn missing(var: &'static str, why: &str) -> ConfigError {
        ConfigError::Env {
            var,
            reason: format!("not set; {why}"),
        }
    }

    /// The config path: `explicit` (from `--config`), else `TANDEM_CONFIG`, else the default.
    pub fn config_path(&self, explicit: Option<&Path>) -> PathBuf {
        explicit
            .map(Path::to_path_buf)
            .or_else(|| self.get("TANDEM_CONFIG").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG))
    }
}
