//! Quick start: the v2 routes a game server calls, end to end.
//!
//! `cargo run --example quickstart` starts the mock Sonoran CAD server in-process and runs
//! against it; no credentials needed. With `SONORAN_COMMUNITY_ID` and `SONORAN_API_KEY` set
//! it talks to the real API (or `SONORAN_API_URL`) instead, looks up the account of
//! `SONORAN_COMMUNITY_USER_ID` (default `license:abc123`, the mock's JohnDoe), and makes
//! changes (a unit status, a 911 call it then removes) only if `SONORAN_QUICKSTART_WRITES=1`.

use sonoran::models::*;
use sonoran::{Client, Config};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let real = std::env::var_os("SONORAN_API_KEY").is_some();
    // Kept alive until the end of main: dropping it stops the mock.
    let mut _mock = None;
    let config = if real {
        Config::from_env()?
    } else {
        let mock = sonoran_mock::MockServer::start()?;
        println!("mock Sonoran CAD server on {}", mock.url());
        let config = Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(mock.url());
        _mock = Some(mock);
        config
    };
    let writes = !real || std::env::var("SONORAN_QUICKSTART_WRITES").as_deref() == Ok("1");
    let client = Client::new(config)?;
    println!("talking to {}\n", client.config().api_url);

    // The community's plan: API access needs Plus or higher.
    let version = client.get_version_v2()?;
    println!("get_version_v2: plan {} ({:?})\n", version.name, version.version);

    // One account, by the player's community user id (their license, `fivem:<id>`, ...).
    let user = std::env::var("SONORAN_COMMUNITY_USER_ID").unwrap_or_else(|_| "license:abc123".into());
    let account = client.get_account_v2(&AccountTarget::CommunityUserId(user.clone()))?;
    let status = account.status.map_or("unknown".to_string(), |s| s.to_string());
    println!("get_account_v2(communityUserId = {user}):");
    println!("  {} uuid {}  status {status}\n", account.username.as_deref().unwrap_or("?"), account.uuid);

    // That account's units on the default server, then every unit on duty there.
    let units = client.get_account_units(&GetAccountUnits { account_uuid: account.uuid.clone(), ..Default::default() })?;
    println!("get_account_units(accountUuid = {}): {} units", account.uuid, units.units.len());
    print_units(&units.units);
    let on_duty = client.get_units_v2(&GetActiveUnits::default())?;
    println!("get_units_v2: {} units on duty", on_duty.units.len());
    print_units(&on_duty.units);

    if !writes {
        println!("(set SONORAN_QUICKSTART_WRITES=1 to change a unit's status and place a 911 call)");
        return Ok(());
    }

    // The player's unit goes en route, and a 911 call appears on the CAD.
    let updated = client.set_unit_status_v2(None, &GroupTarget::CommunityUserId(user.clone()), UnitStatus::Enroute)?;
    println!("set_unit_status_v2(ENROUTE): {} unit(s) updated", updated.updated);
    let call = client.create_emergency_call_v2(&NewEmergencyCall {
        is_emergency: true,
        caller: "Quick Start".into(),
        location: "Legion Square".into(),
        description: "Testing the CAD integration".into(),
        ..Default::default()
    })?;
    println!("create_emergency_call_v2: 911 call {}", call.call_id);
    let calls = client.get_calls_v2(&GetCallsV2::default())?;
    println!("get_calls_v2: {} dispatch calls, {} 911 calls", calls.active_calls.len(), calls.emergency_calls.len());
    client.delete_emergency_call_v2(None, call.call_id)?;
    println!("delete_emergency_call_v2({}): removed", call.call_id);

    // Every call also has a JSON face, the one C and Lua use: the result envelope.
    let envelope = sonoran::faces::call_json(&client, "get_account_v2", r#"{"username": "no-such-user"}"#);
    println!("\nan error, as the envelope C and Lua get:\n  {envelope}");
    Ok(())
}

/// An optional text field as a person reads it.
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("-")
}

fn print_units(units: &[Unit]) {
    for u in units {
        println!(
            "  #{:<4} {:<8} {:<18} status {}{}",
            u.id,
            text(&u.data.unit_num),
            text(&u.data.name),
            u.status.map_or("unknown".to_string(), |s| s.to_string()),
            if u.is_dispatch == Some(true) { "  (dispatch)" } else { "" }
        );
    }
    println!();
}
