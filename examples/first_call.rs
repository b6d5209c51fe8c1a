//! The README's first call in Rust: the units on duty on the default server.
//!
//! `SONORAN_COMMUNITY_ID`, `SONORAN_API_KEY` and (for the mock) `SONORAN_API_URL` say where:
//! `SONORAN_COMMUNITY_ID=demo-community SONORAN_API_KEY=demo-api-key
//! SONORAN_API_URL=http://127.0.0.1:8080 cargo run --example first_call` against a running mock.

use sonoran::{models::GetActiveUnits, Client, Config};

fn main() -> Result<(), sonoran::Error> {
    let client = Client::new(Config::from_env()?)?;
    let units = client.get_units_v2(&GetActiveUnits::default())?;
    for unit in &units.units {
        println!("{:?} {:?}", unit.data.unit_num, unit.status);
    }
    Ok(())
}
