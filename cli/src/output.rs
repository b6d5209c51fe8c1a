//! Everything the tool prints goes through [`Out`]: colour only on a terminal (`NO_COLOR`
//! honoured, by anstream), tables that fit the terminal (80 columns when it is none), and the
//! API key blanked from every line as a last guard (the library never puts it in a message;
//! this makes sure a future one cannot either).

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Style};
use comfy_table::presets::UTF8_BORDERS_ONLY;
use comfy_table::{ContentArrangement, Table};

use crate::Failure;

/// Green, for checks that pass.
pub const GOOD: Style = AnsiColor::Green.on_default();
/// Red, for failures.
pub const BAD: Style = AnsiColor::Red.on_default().bold();
/// Yellow, for what was skipped or needs a look.
pub const NOTE: Style = AnsiColor::Yellow.on_default();
/// Dim, for details.
pub const DIM: Style = Style::new().dimmed();
/// Bold, for headings.
pub const BOLD: Style = Style::new().bold();

/// The tool's output: standard output and standard error, with the key blanked.
pub struct Out {
    stdout: anstream::AutoStream<std::io::Stdout>,
    stderr: anstream::AutoStream<std::io::Stderr>,
    /// Texts never to print (the API key).
    secrets: Vec<String>,
    /// Whether standard output is a terminal (tables fit it, watches redraw in place).
    pub terminal: bool,
}

impl Out {
    /// Output to the process's standard output and error.
    pub fn stdout() -> Out {
        Out {
            stdout: anstream::AutoStream::auto(std::io::stdout()),
            stderr: anstream::AutoStream::auto(std::io::stderr()),
            secrets: Vec::new(),
            terminal: std::io::stdout().is_terminal(),
        }
    }

    /// Never prints `secret` (kept at 4 characters or more: a shorter one would blank
    /// ordinary text, and no real key is that short).
    pub fn redact(&mut self, secret: &str) {
        if secret.len() >= 4 && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_string());
        }
    }

    /// `text` with every secret replaced by `***`.
    fn clean(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_string(), |text, secret| text.replace(secret.as_str(), "***"))
    }

    /// Prints one line.
    pub fn line(&mut self, text: impl AsRef<str>) {
        let text = self.clean(text.as_ref());
        let _ = writeln!(self.stdout, "{text}");
    }

    /// Prints `text` as it is (no newline added), then flushes: for redrawing in place.
    pub fn raw(&mut self, text: impl AsRef<str>) {
        let text = self.clean(text.as_ref());
        let _ = write!(self.stdout, "{text}");
        let _ = self.stdout.flush();
    }

    /// Clears a terminal and puts the cursor home, for a redraw in place. Written past the
    /// colour filter (which takes every escape out when colour is off: `NO_COLOR` asks for no
    /// colour, not for no redrawing).
    pub fn clear_screen(&mut self) {
        let _ = self.stdout.flush();
        let mut raw = std::io::stdout().lock();
        let _ = raw.write_all(b"\x1b[H\x1b[2J");
        let _ = raw.flush();
    }

    /// `text` in `style` (the style is dropped when colour is off).
    pub fn styled(style: Style, text: impl std::fmt::Display) -> String {
        format!("{style}{text}{style:#}")
    }

    /// A warning on standard error.
    pub fn warn(&mut self, text: impl AsRef<str>) {
        let text = self.clean(text.as_ref());
        let _ = writeln!(self.stderr, "{}", Out::styled(NOTE, format!("sonoran: warning: {text}")));
    }

    /// A failure on standard error, in one line, with its kind.
    pub fn error(&mut self, failure: &Failure) {
        let kind = failure.kind.map(|k| format!(" ({k})")).unwrap_or_default();
        let text = self.clean(&format!("sonoran: {}{kind}", failure.message));
        let _ = writeln!(self.stderr, "{}", Out::styled(BAD, text));
    }

    /// A table with `header`, fitted to the terminal (80 columns when there is none).
    pub fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table.load_preset(UTF8_BORDERS_ONLY).set_content_arrangement(ContentArrangement::Dynamic).set_header(header.to_vec());
        // 80 columns off a terminal, or when a terminal reports no usable width (a pty of 0x0).
        if !self.terminal || table.width().is_none_or(|w| w < 40) {
            table.set_width(80);
        }
        table
    }

    /// Pretty JSON, one value.
    pub fn json(&mut self, value: &serde_json::Value) {
        self.line(serde_json::to_string_pretty(value).unwrap_or_default());
    }
}
