//! SQF arguments as the engine passes them: each element of `callExtension`'s argument array
//! as `str` makes it, so a string arrives quoted (`"text"`, inner quotes doubled:
//! `"say ""hi"""`) and a number bare (`12`).

use sonoran_core::{Error, Result};

/// The text of an SQF string argument; an error naming `name` when it is not one (not
/// quoted, or a lone quote inside).
pub fn string(arg: &str, name: &str) -> Result<String> {
    let inner = arg
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .ok_or_else(|| Error::invalid(name, format_args!("must be an SQF string (got `{}`)", preview(arg))))?;
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '"' && chars.next() != Some('"') {
            return Err(Error::invalid(name, "is not a well-quoted SQF string (a `\"` inside is not doubled)"));
        }
        text.push(c);
    }
    Ok(text)
}

/// An integer argument, given as an SQF number (`12`) or string (`"12"`).
pub fn integer(arg: &str, name: &str) -> Result<i64> {
    let text = if arg.starts_with('"') { string(arg, name)? } else { arg.to_string() };
    let text = text.trim();
    // SQF numbers are floats; `str 12` is "12", but a computed id may read "12.0" or "1.2e+06".
    if let Ok(n) = text.parse::<i64>() {
        return Ok(n);
    }
    match text.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
        _ => Err(Error::invalid(name, format_args!("must be an integer (got `{}`)", preview(arg)))),
    }
}

/// Checks the argument count: between `min` and `max` for `function`.
pub fn arity(function: &str, args: &[&str], min: usize, max: usize, usage: &str) -> Result<()> {
    if (min..=max).contains(&args.len()) {
        return Ok(());
    }
    Err(Error::invalid("arguments", format_args!("of \"{function}\" are {} given, expected {usage}", args.len())))
}

/// The start of an argument, for an error message (never the whole of a long one).
fn preview(arg: &str) -> String {
    let mut end = arg.len().min(40);
    while !arg.is_char_boundary(end) {
        end -= 1;
    }
    if end < arg.len() {
        format!("{}...", &arg[..end])
    } else {
        arg.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_unquoted() {
        assert_eq!(string(r#""get_units_v2""#, "a").unwrap(), "get_units_v2");
        assert_eq!(string(r#""""#, "a").unwrap(), "");
        assert_eq!(string(r#""{""a"":1}""#, "a").unwrap(), r#"{"a":1}"#);
        assert_eq!(string(r#""é €""#, "a").unwrap(), "é €");
        assert!(string("get_units_v2", "a").unwrap_err().message.contains("must be an SQF string"));
        assert!(string(r#"""#, "a").is_err());
        assert!(string(r#""a"b""#, "a").unwrap_err().message.contains("not doubled"));
        assert!(string(r#""a""""#, "a").is_ok());
    }

    #[test]
    fn integers_from_numbers_and_strings() {
        assert_eq!(integer("12", "id").unwrap(), 12);
        assert_eq!(integer(r#""12""#, "id").unwrap(), 12);
        assert_eq!(integer("1.2e+06", "id").unwrap(), 1_200_000);
        assert!(integer("1.5", "id").is_err());
        assert!(integer("[1]", "id").is_err());
    }
}
