//! TLS set-up. slack-morphism's rustls uses `ring`; reqwest is built without a bundled crypto
//! provider, so the process installs `ring` as the default once, before any client is built.

/// Installs `ring` as the process's rustls provider; later calls do nothing.
pub fn ensure_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Fails only when a provider is already installed, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A reqwest client for calling platform APIs (with the provider installed first).
pub fn http_client() -> reqwest::Client {
    ensure_provider();
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .connect_timeout(std::time::Duration::from_secs(5))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_client_can_be_built_after_the_provider_is_installed() {
        let _client = super::http_client();
        super::ensure_provider();
    }
}
