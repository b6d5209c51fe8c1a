//! The TLS listener's certificate: self-signed, made at start, never written to disk.

use std::io;
use std::sync::Arc;

use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// A certificate for `localhost` and `127.0.0.1` and the acceptor that serves it.
pub(crate) struct SelfSigned {
    /// The certificate, PEM: what a client must trust.
    pub pem: String,
    /// Serves TLS with it.
    pub acceptor: TlsAcceptor,
}

/// A new self-signed certificate and its acceptor.
pub(crate) fn self_signed() -> io::Result<SelfSigned> {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()]).map_err(io::Error::other)?;
    let pem = certified.cert.pem();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der()));
    let chain = vec![CertificateDer::from(certified.cert.der().to_vec())];
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(io::Error::other)?;
    Ok(SelfSigned { pem, acceptor: TlsAcceptor::from(Arc::new(config)) })
}
