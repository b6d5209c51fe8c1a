//! `sonoran mock`: the mock Sonoran CAD server, until Ctrl-C. The same server as the
//! `sonoran-mock` binary (which stays, with every test knob: faults, `--emit`, `--control`);
//! this is the short form for trying the library and plugins offline.

use std::net::IpAddr;
use std::sync::atomic::Ordering;
use std::time::Duration;

use clap::Args;
use sonoran_mock::MockOptions;

use crate::output::{Out, BOLD, DIM};
use crate::{Connection, Failure, Outcome};

/// `sonoran mock`.
#[derive(Args)]
pub struct MockArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on (keep it on loopback: the mock takes one demo key over plain HTTP).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// The community's plan (0 free, 1 starter, 2 standard, 3 plus, 4 pro, 6 one).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(0..=6))]
    plan: u8,
}

/// Runs `sonoran mock`.
pub fn run(args: &MockArgs, _connection: &Connection, out: &mut Out) -> Result<Outcome, Failure> {
    let stop = crate::events::interrupted();
    let mock = crate::setup::start_mock(MockOptions { host: args.host, port: args.port, plan: args.plan, ..MockOptions::default() })?;
    let o = mock.options();
    out.line(format!("{} {}", Out::styled(BOLD, "mock Sonoran CAD listening on"), mock.url()));
    out.line(format!("  communityId {}  apiKey {}  servers {:?}  plan {}", o.community_id, o.api_key, o.server_ids, o.plan));
    out.line(Out::styled(
        DIM,
        format!(
            "  try: sonoran --api-url {} --community-id {} doctor   (SONORAN_API_KEY={}); Ctrl-C stops",
            mock.url(),
            o.community_id,
            o.api_key
        ),
    ));
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
    }
    out.line(Out::styled(DIM, "stopped"));
    Ok(Outcome::Done)
}
