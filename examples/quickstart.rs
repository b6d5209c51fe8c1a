//! Quick start: the five operations, end to end.
//!
//! `cargo run --example quickstart` starts the mock Sonoran CAD server in-process and runs
//! against it; no credentials needed. With `SONORAN_COMMUNITY_ID` and `SONORAN_API_KEY` set
//! it talks to the real API (or `SONORAN_API_URL`) instead, looks up `SONORAN_USERNAME`
//! (default `SonoranBrian`), and changes identifiers only if `SONORAN_QUICKSTART_WRITES=1`.

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

    let username = std::env::var("SONORAN_USERNAME").unwrap_or_else(|_| "SonoranBrian".into());
    let account = client.get_account(&AccountTarget::Username(username.clone()))?;
    println!("get_account(username = {username}):");
    let status = account.status.map_or("unknown".to_string(), |s| s.to_string());
    println!("  uuid {}  status {status}  apiIds {}", account.uuid, account.api_ids.join(", "));
    let dispatch = match account.permissions.get("dispatch") {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not sent",
    };
    println!("  dispatch permission: {dispatch}\n");

    let page = client.get_accounts(&GetAccounts { limit: Some(10), ..Default::default() })?;
    println!("get_accounts(limit = 10): {} of {} active accounts", page.accounts.len(), page.pagination.total);
    for a in &page.accounts {
        println!("  {:<16} {}", a.username.as_deref().unwrap_or("?"), a.uuid);
    }
    println!();

    let api_id = account.api_ids.iter().find(|id| !id.is_empty()).cloned().unwrap_or_default();
    let identifiers = client.get_account_identifiers(&GetAccountIdentifiers { api_id: api_id.clone(), ..Default::default() })?;
    println!("get_account_identifiers(apiId = {api_id}): {} identifiers", identifiers.len());
    print_units(&identifiers);

    let units = client.get_account_units(&GetAccountUnits { account_uuid: account.uuid.clone(), ..Default::default() })?;
    println!("get_account_units(accountUuid = {}): {} online units", account.uuid, units.units.len());
    print_units(&units.units);

    if !writes {
        println!("(set SONORAN_QUICKSTART_WRITES=1 to add, edit and remove an identifier)");
        return Ok(());
    }
    let target = AccountTarget::Account(account.uuid.clone());
    let added = client.modify_identifier(&ModifyIdentifier {
        target: target.clone(),
        action: IdentifierAction::Add,
        identifier: Some(IdentifierFields {
            status: Some(UnitStatus::Available),
            aop: Some("Los Santos".into()),
            data: UnitData {
                unit_num: Some("Q-1".into()),
                name: Some("Quick Start".into()),
                department: Some("LSPD".into()),
                ..Default::default()
            },
            ..Default::default()
        }),
        ident_id: None,
    })?;
    let ModifyOutcome::Identifier(added) = added else { return Err("ADD did not answer an identifier".into()) };
    println!("modify_identifier(ADD): identifier {} {}", added.id, text(&added.data.unit_num));

    let edited = client.modify_identifier(&ModifyIdentifier {
        target: target.clone(),
        action: IdentifierAction::Edit,
        identifier: Some(IdentifierFields {
            status: Some(UnitStatus::OnScene),
            location: Some("Legion Square".into()),
            data: UnitData { unit_num: Some("Q-2".into()), ..Default::default() },
            ..Default::default()
        }),
        ident_id: Some(added.id),
    })?;
    if let ModifyOutcome::Identifier(unit) = &edited {
        println!(
            "modify_identifier(EDIT): identifier {} {} status {} at {}",
            unit.id,
            text(&unit.data.unit_num),
            unit.status.map_or("unknown".to_string(), |s| s.to_string()),
            text(&unit.location)
        );
    }

    let removed = client.modify_identifier(&ModifyIdentifier {
        target,
        action: IdentifierAction::Remove,
        identifier: None,
        ident_id: Some(added.id),
    })?;
    if let ModifyOutcome::Message(message) = &removed {
        println!("modify_identifier(REMOVE): {message}");
    }

    // Every call also has a JSON face, the one C and Lua use: the result envelope.
    let envelope = sonoran::faces::call_json(&client, "get_account", r#"{"username": "no-such-user"}"#);
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
