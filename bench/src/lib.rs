//! What the benchmark's harnesses (the bins of this crate) share: percentiles, the calling
//! thread's CPU clock, and a mock whose generated accounts have one online unit each.

use serde_json::{json, Value};
use sonoran_mock::{MockOptions, MockServer, DEMO_API_KEY, DEMO_COMMUNITY_ID};

/// The calling thread's CPU time in nanoseconds (`CLOCK_THREAD_CPUTIME_ID`): what a game
/// thread spends, apart from the library's own threads.
pub fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: a valid timespec to write into, for the calling thread's clock.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Errors of the benchmark harnesses.
pub type Error = Box<dyn std::error::Error>;

/// The `p`th percentile (nearest rank) of `sorted`; NaN when empty.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// `values` in ascending order.
pub fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values
}

/// A mock with the documented limits and `accounts` generated accounts (`license:member0001`
/// ...), the first `units` of them given one online unit each through v1 `MODIFY_IDENTIFIER`
/// (no limit, so set-up takes nothing from the budgets measured), numbered `<prefix>-<n>`;
/// answers the mock and each unit's identifier id (index = unit).
pub fn mock_with_units(accounts: usize, units: usize, prefix: &str) -> Result<(MockServer, Vec<i64>), Error> {
    let mock = MockServer::start_with(MockOptions { extra_accounts: accounts, ..Default::default() })?;
    let http = reqwest::blocking::Client::new();
    let mut ids = Vec::new();
    for n in 1..=units {
        let body = json!({
            "id": DEMO_COMMUNITY_ID, "key": DEMO_API_KEY, "type": "MODIFY_IDENTIFIER",
            "data": [{"apiId": format!("license:member{n:04}"), "action": 0,
                      "identifier": {"status": 2, "location": "", "data": {"unitNum": format!("{prefix}-{n}")}}}],
        });
        let answer = http.post(format!("{}/emergency/modify_identifier", mock.url())).body(body.to_string()).send()?.text()?;
        let answer: Value = serde_json::from_str(&answer)?;
        ids.push(answer["id"].as_i64().ok_or("MODIFY_IDENTIFIER answered no id")?);
    }
    Ok((mock, ids))
}
