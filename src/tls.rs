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
    use std::sync::Arc;

    use rustls::crypto::CryptoProvider;

    #[test]
    fn ring_is_installed_once_and_rustls_can_build_a_client_on_it() {
        super::ensure_provider();
        let installed = CryptoProvider::get_default().expect("a provider is installed");
        assert!(
            installed
                .cipher_suites
                .iter()
                .any(|suite| format!("{:?}", suite.suite()).contains("TLS13_AES_128_GCM_SHA256")),
            "ring's suites"
        );
        super::ensure_provider();
        let again = CryptoProvider::get_default().expect("still installed");
        assert!(
            Arc::ptr_eq(installed, again),
            "a second call changes nothing"
        );
        // rustls's builder panics without a process provider: what reqwest relies on.
        let config = rustls::ClientConfig::builder()
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth();
        assert!(config.alpn_protocols.is_empty());
        let _client = super::http_client();
    }
}
