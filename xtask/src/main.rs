//! `cargo run -p xtask -- regenerate`: writes every file that follows from the operation
//! tables, then the C header; `cargo run -p xtask -- check`: fails when a committed one is
//! out of date (the test command runs it, and this crate's test does the same).
//!
//! | file | from |
//! |---|---|
//! | `bindings/c/src/operations.rs` | one C export per operation, with its doc comment |
//! | `docs/reference/operations.md` (between its marks) | the operation tables |
//! | `include/sonoran.h` | cbindgen's header of the C crate (its build script writes it) |

mod render;

use std::path::Path;
use std::process::{Command, ExitCode};

/// The files rendered here: (path from the repository root, its rendered text).
fn rendered() -> Result<Vec<(&'static str, String)>, String> {
    let root = render::repo_root();
    let page = render::OPERATIONS_PAGE;
    let text = std::fs::read_to_string(root.join(page)).map_err(|e| format!("cannot read {page}: {e}"))?;
    Ok(vec![("bindings/c/src/operations.rs", render::exports()), (page, render::operations_page(&text)?)])
}

/// The paths (from the root) of the rendered files that differ from what is committed.
fn stale() -> Result<Vec<&'static str>, String> {
    let root = render::repo_root();
    Ok(rendered()?
        .into_iter()
        .filter(|(path, text)| std::fs::read_to_string(root.join(path)).ok().as_deref() != Some(text.as_str()))
        .map(|(path, _)| path)
        .collect())
}

/// Builds the C crate, whose build script writes the header into its `OUT_DIR`, and copies
/// that header to `include/sonoran.h`.
fn write_header(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--quiet", "-p", "sonoran-c", "--message-format=json"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("building the C crate failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    let out_dir = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "build-script-executed" && m["package_id"].as_str().is_some_and(|id| id.contains("bindings/c")))
        .find_map(|m| m["out_dir"].as_str().map(String::from))
        .ok_or("cargo did not say where the C crate's build script wrote the header")?;
    std::fs::copy(Path::new(&out_dir).join("sonoran.h"), root.join("include/sonoran.h"))
        .map_err(|e| format!("cannot copy the header: {e}"))?;
    Ok(())
}

fn run(command: &str) -> Result<(), String> {
    let root = render::repo_root();
    match command {
        "regenerate" => {
            // The exports first: the header is made from them.
            for (path, text) in rendered()? {
                std::fs::write(root.join(path), text).map_err(|e| format!("cannot write {path}: {e}"))?;
            }
            write_header(&root)?;
            println!("wrote bindings/c/src/operations.rs, {}'s tables and include/sonoran.h", render::OPERATIONS_PAGE);
            Ok(())
        }
        "check" => match stale()?.as_slice() {
            [] => Ok(()),
            paths => Err(format!("out of date: {} (run `cargo run -p xtask -- regenerate` and commit the result)", paths.join(", "))),
        },
        other => Err(format!("unknown command `{other}` (expected `regenerate` or `check`)")),
    }
}

fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_default();
    match run(&command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    /// The C exports and the operation tables are what the operation tables give (the C crate's
    /// own test checks the header).
    #[test]
    fn generated_files_are_current() {
        assert_eq!(super::stale(), Ok(vec![]), "run `cargo run -p xtask -- regenerate` and commit the result");
    }
}
