//! `sonoran call OPERATION [key=value ...]` and `sonoran ops [FILTER]`: any operation of the
//! library's table, by its name, with its parameters checked by the library before anything
//! is sent.

use clap::Args;
use serde_json::{Map, Value};
use sonoran::api;
use sonoran::operations::{Kind, Operation};

use crate::output::{Out, BOLD, DIM};
use crate::setup::Setup;
use crate::{Failure, Outcome};

/// `sonoran call`.
#[derive(Args)]
pub struct CallArgs {
    /// The operation: its call name (`get_units_v2`) or its sonoran.lua name (`getUnitsV2`).
    operation: String,
    /// Parameters as key=value (`onlyUnits=false`, `identIds=[1,2]`, `apiId=123`): numbers,
    /// booleans, lists and objects where the operation takes them, text otherwise.
    params: Vec<String>,
    /// All parameters as one JSON object (key=value pairs are added to it).
    #[arg(long, value_name = "PARAMS")]
    json: Option<String>,
    /// Print the envelope as it came (one line), not pretty.
    #[arg(long)]
    raw: bool,
}

/// `sonoran ops`.
#[derive(Args)]
pub struct OpsArgs {
    /// Only operations whose name, route or description holds this (one match: its details).
    filter: Option<String>,
}

/// The operation named `name` (a call name, `get_all_...` for every page, or a Lua name).
fn operation(name: &str) -> Option<&'static Operation> {
    api::find(name).or_else(|| api::find_all_pages(name)).or_else(|| api::all().find(|op| op.sdk_method == name))
}

/// Runs `sonoran call`.
pub fn run(args: &CallArgs, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    let op = operation(&args.operation);
    let Some(op) = op else {
        let near: Vec<&str> = api::all().map(|o| o.name).filter(|n| n.contains(args.operation.trim_end_matches("_v2"))).take(5).collect();
        let hint = if near.is_empty() { "`sonoran ops` lists them".to_string() } else { format!("did you mean {}?", near.join(", ")) };
        return Err(format!("no operation {:?}: {hint}", args.operation).into());
    };
    let name = if api::find(&args.operation).is_some() || api::find_all_pages(&args.operation).is_some() {
        args.operation.as_str()
    } else {
        op.name
    };
    let params = params(op, args.json.as_deref(), &args.params)?;
    let result = setup.client.call(name, &params);
    let envelope = sonoran::faces::envelope(&result);
    if args.raw {
        out.line(&envelope);
    } else {
        let value: Value = serde_json::from_str(&envelope).unwrap_or(Value::String(envelope));
        out.json(&value);
    }
    match result {
        Ok(_) => Ok(Outcome::Done),
        Err(e) => Err(e.into()),
    }
}

/// The parameters: the `--json` object, with each `key=value` over it.
fn params(op: &Operation, json: Option<&str>, pairs: &[String]) -> Result<Value, Failure> {
    let mut params = match json {
        None => Map::new(),
        Some(text) => match serde_json::from_str(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err("--json must be a JSON object of parameters".to_string().into()),
            Err(e) => return Err(format!("--json is not JSON: {e}").into()),
        },
    };
    for pair in pairs {
        let Some((key, text)) = pair.split_once('=') else {
            return Err(format!("{pair:?} is not key=value (e.g. serverId=1)").into());
        };
        let kind = op.params.iter().find(|p| p.name == key).map(|p| p.kind);
        params.insert(key.to_string(), value(kind, text));
    }
    Ok(Value::Object(params))
}

/// One `key=value`'s value as the parameter's kind wants it: text stays text (an `apiId` of
/// digits is still an id), other kinds are read as JSON when they can be.
fn value(kind: Option<Kind>, text: &str) -> Value {
    let as_json = || serde_json::from_str::<Value>(text).ok();
    match kind {
        Some(Kind::Text | Kind::Id | Kind::Uuid | Kind::TextAtMost { .. }) => Value::String(text.to_string()),
        Some(Kind::IdList) if !text.trim_start().starts_with('[') => {
            Value::Array(text.split(',').map(|s| Value::String(s.trim().to_string())).collect())
        }
        Some(Kind::IntegerList) if !text.trim_start().starts_with('[') => {
            Value::Array(text.split(',').map(|s| serde_json::from_str(s.trim()).unwrap_or_else(|_| Value::String(s.to_string()))).collect())
        }
        _ => as_json().unwrap_or_else(|| Value::String(text.to_string())),
    }
}

/// Runs `sonoran ops`.
pub fn ops(args: &OpsArgs, out: &mut Out) -> Result<Outcome, Failure> {
    let filter = args.filter.as_deref().unwrap_or("").to_lowercase();
    let matching: Vec<&Operation> = api::all()
        .filter(|op| {
            filter.is_empty()
                || op.name.contains(&filter)
                || op.sdk_method.to_lowercase().contains(&filter)
                || op.describe_route().to_lowercase().contains(&filter)
                || op.summary.to_lowercase().contains(&filter)
        })
        .collect();
    match matching.as_slice() {
        [] => Err(format!("no operation matches {filter:?}").into()),
        [op] => {
            details(op, out);
            Ok(Outcome::Done)
        }
        ops => {
            let mut table = out.table(&["operation", "route", "limit"]);
            for op in ops {
                let period = op.limit.period.as_secs_f64();
                let limit = if period == 60.0 { format!("{}/min", op.limit.requests) } else { format!("{}/{period} s", op.limit.requests) };
                table.add_row(vec![op.name.to_string(), op.describe_route(), limit]);
            }
            out.line(table.to_string());
            out.line(Out::styled(DIM, format!("{} operations; `sonoran ops NAME` for one's parameters and page", ops.len())));
            Ok(Outcome::Done)
        }
    }
}

/// One operation in full.
fn details(op: &Operation, out: &mut Out) {
    out.line(format!("{} ({})", Out::styled(BOLD, op.name), op.sdk_method));
    out.line(format!("  {}", op.summary));
    out.line(format!("  route:  {}", op.describe_route()));
    out.line(format!("  limit:  {}", op.describe_limit()));
    out.line(format!("  budget: {}", op.describe_budget()));
    if let Some(page) = op.page {
        out.line(format!("  page:   {page}"));
    }
    if op.params.is_empty() {
        out.line("  no parameters");
    }
    for p in op.params {
        let required = if p.required { "required" } else { "optional" };
        out.line(format!("  {:<22} {required}: {}", p.name, p.kind.describe()));
    }
    if !op.one_of.is_empty() {
        out.line(format!("  exactly one of: {}", op.one_of.join(", ")));
    }
}
