//! `sonoran`: the command-line tool for community owners and their developers. Checks a setup
//! (`doctor`), calls any operation (`call`, `ops`), shows push events live (`events listen`),
//! the units and calls (`units`, `calls`, kept current from the live mirror with `--watch`),
//! the route budgets (`budget`), runs the mock (`mock`) and the gateway (`gateway`).
//!
//! Configuration comes from flags, then the environment (`SONORAN_COMMUNITY_ID`,
//! `SONORAN_API_KEY`, `SONORAN_API_URL`, `SONORAN_SERVER_ID`), then `--config FILE` (the JSON
//! `sonoran_client_new` takes); `--mock` runs every command against the embedded mock. The
//! API key is never printed: every line goes through [`output::Out`], which also blanks it
//! should any text ever carry it.

mod budget;
mod call;
mod doctor;
mod events;
mod gateway;
mod live;
mod mock;
mod output;
mod setup;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::output::Out;

/// The command line.
#[derive(Parser)]
#[command(
    name = "sonoran",
    version,
    about = "Sonoran CAD from the command line: check a setup, call the API, watch events, units and calls"
)]
struct Cli {
    #[command(flatten)]
    connection: Connection,
    #[command(subcommand)]
    command: Command,
}

/// Where to connect, and as whom.
#[derive(Args, Clone, Default)]
pub struct Connection {
    /// The community id (else SONORAN_COMMUNITY_ID, else --config).
    #[arg(long, global = true, value_name = "ID")]
    pub community_id: Option<String>,
    /// The API key. Visible to every user of this machine in the process list: prefer
    /// SONORAN_API_KEY or --config.
    #[arg(long, global = true, value_name = "KEY")]
    pub api_key: Option<String>,
    /// The API's URL (else SONORAN_API_URL; default https://api.sonorancad.com).
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,
    /// The game server's id (else SONORAN_SERVER_ID; default 1).
    #[arg(long, global = true, value_name = "N")]
    pub server_id: Option<u64>,
    /// A JSON file of client settings, as sonoran_client_new takes them
    /// (`{"communityId": ..., "apiKey": ..., "defaultServerId": 1}`).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Run against the embedded mock Sonoran CAD (no credentials needed).
    #[arg(long, global = true)]
    pub mock: bool,
}

/// The commands.
#[derive(Subcommand)]
enum Command {
    /// Checks the setup: URL, TLS, key, plan, server, budgets, hub (and a listener).
    Doctor(doctor::DoctorArgs),
    /// Calls one operation by its name: `sonoran call get_units_v2 onlyUnits=false`.
    Call(call::CallArgs),
    /// Lists the operations, their parameters, limits and pages.
    Ops(call::OpsArgs),
    /// Push events.
    #[command(subcommand)]
    Events(events::EventsCommand),
    /// The server's units (kept current with --watch).
    Units(live::LiveArgs),
    /// The server's open calls (kept current with --watch).
    Calls(live::LiveArgs),
    /// Every route's budget as this process sees it.
    Budget(budget::BudgetArgs),
    /// Runs the mock Sonoran CAD server until Ctrl-C.
    Mock(mock::MockArgs),
    /// Serves the Sonoran API locally, every request sent through the library's budget.
    Gateway(gateway::GatewayArgs),
}

/// A command's failure: one line, with its error kind when the library gave one.
pub struct Failure {
    /// What went wrong, in one line.
    pub message: String,
    /// The library's error kind (`unauthorized`, `invalid_argument`, ...).
    pub kind: Option<&'static str>,
}

impl From<sonoran::Error> for Failure {
    fn from(e: sonoran::Error) -> Self {
        Failure { message: e.message.clone(), kind: Some(e.kind.as_str()) }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure { message, kind: None }
    }
}

/// What a command ends with: success, or a failure to print (doctor's failed checks are
/// printed already: `Failed` only sets the exit code).
pub enum Outcome {
    /// Everything went as asked.
    Done,
    /// Something failed and has been said.
    Failed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = Out::stdout();
    let result = match &cli.command {
        Command::Mock(args) => mock::run(args, &cli.connection, &mut out),
        Command::Ops(args) => call::ops(args, &mut out),
        Command::Budget(args) if args.reads_gateway() => budget::run_gateway(args, &mut out),
        command => match setup::Setup::new(&cli.connection, &mut out) {
            Ok(setup) => {
                out.redact(setup.config.api_key.expose());
                match command {
                    Command::Doctor(args) => doctor::run(args, &setup, &mut out),
                    Command::Call(args) => call::run(args, &setup, &mut out),
                    Command::Events(command) => events::run(command, &setup, &mut out),
                    Command::Units(args) => live::units(args, &setup, &mut out),
                    Command::Calls(args) => live::calls(args, &setup, &mut out),
                    Command::Budget(args) => budget::run(args, &setup, &mut out),
                    Command::Gateway(args) => gateway::run(args, &setup, &mut out),
                    Command::Mock(_) | Command::Ops(_) => unreachable!("handled above"),
                }
            }
            Err(failure) => Err(failure),
        },
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::FAILURE,
        Err(failure) => {
            out.error(&failure);
            ExitCode::FAILURE
        }
    }
}
