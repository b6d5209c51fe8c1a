//! The files that follow from the core's operation tables, rendered: the per-operation C
//! exports with their doc comments (`bindings/c/src/operations.rs`, which cbindgen turns
//! into header lines) and the operation tables of `docs/reference/operations.md`.

use std::fmt::Write;

use sonoran::operations::{Operation, ALL_PAGES_PREFIX};

/// Where the repository's files are.
pub(crate) fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `get_X` → `get_all_X`, for a paged operation.
fn all_pages_name(op: &Operation) -> Option<String> {
    op.paging?;
    op.name.strip_prefix("get_").map(|rest| format!("{ALL_PAGES_PREFIX}{rest}"))
}

/// The parameter lines of `op`'s documentation.
fn parameter_lines(op: &Operation) -> Vec<String> {
    let mut lines: Vec<String> = op.params.iter().map(|p| p.describe()).collect();
    if !op.one_of.is_empty() {
        lines.push(format!("exactly one of `{}`", op.one_of.join("`, `")));
    }
    lines
}

/// What pacing and retrying `op` gets, in words.
fn behaviour(op: &Operation) -> String {
    let retry =
        if op.idempotent { "a read: retried on transient failures" } else { "a write: never resent once it may have reached the server" };
    format!("paced at {} per API key; {retry}", op.describe_limit())
}

/// `src/operations.rs`: one blocking export per operation.
pub(crate) fn exports() -> String {
    let mut out = String::from(
        "//! One blocking C function per operation, `sonoran_<operation>`, generated from the core's\n\
         //! operation tables (`src/api/<area>/operations.rs` of the core) by `scripts/regenerate.sh`: do not edit.\n\
         \n\
         use std::ffi::c_char;\n\
         \n\
         use crate::{blocking_operation, SonoranClient};\n",
    );
    for op in sonoran::api::all() {
        let _ = writeln!(out);
        let _ = writeln!(out, "/// `{}` ({}): {}", op.name, op.api(), op.summary);
        let _ = writeln!(out, "///");
        let _ = writeln!(out, "/// Sends `{}`, {}.", op.describe_route(), behaviour(op));
        if let Some(page) = op.page {
            let _ = writeln!(out, "/// Reference page: `{page}`.");
        }
        if let Some(all) = all_pages_name(op) {
            let _ = writeln!(out, "/// Paged with `limit`/`offset`: `sonoran_call(client, \"{all}\", params_json)` walks every page.");
        }
        let _ = writeln!(out, "///");
        let params = parameter_lines(op);
        if params.is_empty() {
            let _ = writeln!(out, "/// Parameters: none (`params_json` NULL or `\"{{}}\"`).");
        } else {
            let _ = writeln!(out, "/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):");
            for line in params {
                let _ = writeln!(out, "/// - {line}");
            }
        }
        let _ = writeln!(out, "///");
        let _ = writeln!(
            out,
            "/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it\n\
             /// with `sonoran_string_free`. From a game thread use\n\
             /// `sonoran_submit(client, \"{}\", params_json)` instead.",
            op.name
        );
        let _ = writeln!(out, "///");
        let _ = writeln!(out, "/// # Safety\n/// As for `sonoran_call`.");
        let _ = writeln!(out, "#[no_mangle]");
        let _ = writeln!(
            out,
            "pub unsafe extern \"C\" fn sonoran_{}(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {{",
            op.name
        );
        let _ = writeln!(out, "    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.");
        let _ = writeln!(out, "    unsafe {{ blocking_operation(client, \"{}\", params_json) }}", op.name);
        let _ = writeln!(out, "}}");
    }
    out
}

/// The marks around the generated tables in `docs/reference/operations.md`.
/// The page holding the operation tables, from the repository root.
pub(crate) const OPERATIONS_PAGE: &str = "docs/reference/operations.md";
const TABLES_BEGIN: &str = "<!-- operations: generated from the operation table by scripts/regenerate.sh -->\n";
const TABLES_END: &str = "<!-- end of generated operations -->\n";

/// The Lua method as a call: `getIdentifiersV2(accountUuid)` where sonoran.lua takes
/// positional arguments, else `getAccountV2({...})`.
fn lua_call(op: &Operation) -> String {
    if op.sdk_args.is_empty() {
        return format!("{}({{...}})", op.sdk_method);
    }
    let fields =
        if op.params.len() > op.sdk_args.len() + usize::from(op.params.iter().any(|p| p.name == "serverId")) { ", {...}" } else { "" };
    format!("{}({}{fields})", op.sdk_method, op.sdk_args.join(", "))
}

/// The operation tables: one row per operation, then its parameters.
fn operation_tables() -> String {
    let mut out =
        String::from("| operation | request | pacing per key | budget | C | Lua | reference page |\n|---|---|---|---|---|---|---|\n");
    for op in sonoran::api::all() {
        let write = if op.idempotent { "" } else { ", write" };
        let paged = all_pages_name(op).map(|all| format!("; `{all}`")).unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}`{paged} | `{}` | {}{write} | {} | `sonoran_{}` | `{}` | {} |",
            op.name,
            op.describe_route(),
            op.describe_limit(),
            op.describe_budget(),
            op.name,
            lua_call(op),
            op.page.map(|p| format!("`{p}`")).unwrap_or_else(|| "(none)".into()),
        );
    }
    out.push_str("\n| operation | what it does | parameters |\n|---|---|---|\n");
    for op in sonoran::api::all() {
        let params = parameter_lines(op);
        let params = if params.is_empty() { "none".into() } else { params.join("; ") };
        let _ = writeln!(out, "| `{}` | {} | {} |", op.name, op.summary, params);
    }
    out
}

/// `page` (the text of `docs/reference/operations.md`) with its generated tables as the
/// operation tables give them.
pub(crate) fn operations_page(page: &str) -> Result<String, String> {
    let (Some(begin), Some(end)) = (page.find(TABLES_BEGIN), page.find(TABLES_END)) else {
        return Err(format!("{OPERATIONS_PAGE} lacks the marks of its generated tables"));
    };
    Ok(format!("{}{TABLES_BEGIN}{}{}", &page[..begin], operation_tables(), &page[end..]))
}
