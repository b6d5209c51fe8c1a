//! TLS for every client: rustls with the platform's roots, verification always on.
//!
//! Reading and parsing the system's CA certificates costs milliseconds (about 140 PEM
//! certificates on Debian). reqwest does it for every client it builds, which made each
//! `createClient` / `sonoran_client_new` cost 4–5 ms of the game thread. Here the roots are
//! read once per process and the resulting configuration is shared by every client; only a
//! client with its own extra CA (`caCertPem` / `caCertPath`) builds one of its own.

use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::ClientConfig;

use crate::error::{Error, ErrorKind, Result};

/// The crypto provider reqwest would pick: the process default, else aws-lc-rs.
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    rustls::crypto::CryptoProvider::get_default().cloned().unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
}

/// A configuration trusting the platform's roots plus `extra`.
fn build(extra: Vec<CertificateDer<'static>>) -> Result<ClientConfig> {
    let provider = provider();
    let fail = |e: rustls::Error| Error::new(ErrorKind::Network, format!("cannot set up TLS: {e}"));
    let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone()).map_err(fail)?;
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(fail)?
        .dangerous()
        // The platform verifier: full certificate and hostname verification.
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// The TLS configuration for a client: the process-wide one, or, with `extra_ca_pem`, one
/// that also trusts those certificates. A PEM text holding no certificate is an
/// `invalid_argument` for `caCertPem`.
pub(crate) fn client_config(extra_ca_pem: Option<&str>) -> Result<ClientConfig> {
    static SHARED: OnceLock<std::result::Result<ClientConfig, Error>> = OnceLock::new();
    match extra_ca_pem {
        None => SHARED.get_or_init(|| build(Vec::new())).clone(),
        Some(pem) => {
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem.as_bytes()).filter_map(|c| c.ok()).collect();
            if certs.is_empty() {
                return Err(Error::invalid("caCertPem", "holds no PEM certificate"));
            }
            build(certs)
        }
    }
}
