//! Walking the pages of operations that page with `limit`/`offset`: how a page holds its
//! items, and the cursor every face's walk goes through (the Rust iterators, `get_all_X`,
//! Lua's `pages`).

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::operations::Operation;

/// How a paged operation's answers hold their items.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// The key of the item list in the answer (`"accounts"`, `"units"`; `Units` accepted
    /// too), or `None` when the answer is the list itself.
    pub items: Option<&'static str>,
    /// Whether answers carry `pagination.total` (else the walk ends at a short page).
    pub total: bool,
}

impl Paging {
    /// Takes the item list out of one page's answer, with `pagination.total` if given.
    /// `None` when the answer holds no list where the paging says.
    pub fn take_items(&self, page: &mut Value) -> Option<(Vec<Value>, Option<u64>)> {
        let total = page.pointer("/pagination/total").and_then(Value::as_u64);
        let list = match self.items {
            // Some routes answer the list itself where others wrap it (`get_units_v2`'s page
            // shows a bare array; Sonoran's integration reads both).
            None => page,
            Some(_) if page.is_array() => page,
            Some(key) => {
                let pascal = capitalised(key);
                let key = if page.get(key).is_some() { key } else { pascal.as_str() };
                page.get_mut(key)?
            }
        };
        Some((std::mem::take(list.as_array_mut()?), total))
    }

    /// Whether a page of `count` items (asked for `limit`) was the last, `next_offset` being
    /// where the next page would start.
    pub fn is_last(&self, count: u64, limit: u64, next_offset: u64, total: Option<u64>) -> bool {
        count == 0 || count < limit || (self.total && total.is_some_and(|t| next_offset >= t))
    }
}

/// Where a walk over a paged operation's pages stands: every face's page walk (the Rust
/// iterators, `get_all_X`, Lua's `pages`) goes through one of these.
#[derive(Debug, Clone)]
pub struct PageCursor {
    paging: Paging,
    operation: &'static str,
    /// The parameters of the next page (its `limit` and `offset` set by [`PageCursor::params`]).
    params: Value,
    limit: u64,
    offset: u64,
    total: Option<u64>,
    done: bool,
    /// A hash of every item seen, to notice a server that ignores `offset` (its pages bring
    /// nothing new, and the walk would never end).
    seen: std::collections::HashSet<u64>,
    /// Why the walk stopped before the server's last page, when it did.
    incomplete: Option<String>,
}

impl PageCursor {
    /// A walk of `op` from `params`' `offset` (default 0) in pages of its `limit` (default
    /// 100); `None` when `op` does not page.
    pub fn new(op: &Operation, params: &Value) -> Option<PageCursor> {
        let paging = op.paging?;
        // Anything but an object or null is left for `validate` to refuse by name.
        let params = if params.is_null() { Value::Object(Map::new()) } else { params.clone() };
        let limit = params.get("limit").and_then(Value::as_u64).unwrap_or(100);
        let offset = params.get("offset").and_then(Value::as_u64).unwrap_or(0);
        Some(PageCursor {
            paging,
            operation: op.name,
            params,
            limit,
            offset,
            total: None,
            done: false,
            seen: Default::default(),
            incomplete: None,
        })
    }

    /// Whether the last page has been read.
    pub fn done(&self) -> bool {
        self.done
    }

    /// Ends the walk (after a failed page).
    pub fn stop(&mut self) {
        self.done = true;
    }

    /// Ends the walk before the server's last page, saying why.
    pub fn stop_incomplete(&mut self, why: String) {
        self.done = true;
        self.incomplete = Some(why);
    }

    /// Why the walk ended before the server's last page, if it did.
    pub fn incomplete(&self) -> Option<&str> {
        self.incomplete.as_deref()
    }

    /// Where the next page starts.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The total the answers gave, if any.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// The parameters for the next page.
    pub fn params(&mut self) -> &Value {
        if let Some(params) = self.params.as_object_mut() {
            params.insert("limit".into(), self.limit.into());
            params.insert("offset".into(), self.offset.into());
        }
        &self.params
    }

    /// Takes the items out of the next page's answer and moves past them; a page without a
    /// list where the paging says is a `decode` error, and ends the walk.
    pub fn advance(&mut self, page: &mut Value) -> Result<Vec<Value>> {
        let Some((items, total)) = self.paging.take_items(page) else {
            self.done = true;
            return Err(Error::new(crate::error::ErrorKind::Decode, format!("a page of {} holds no list of items", self.operation)));
        };
        let count = items.len() as u64;
        let mut new_items = 0;
        for item in &items {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            item.to_string().hash(&mut hasher);
            new_items += usize::from(self.seen.insert(hasher.finish()));
        }
        self.total = total.or(self.total);
        self.offset += count;
        self.done = self.paging.is_last(count, self.limit, self.offset, self.total);
        if count > 0 && new_items == 0 {
            // Keep the page (the caller may want it) but walk no further.
            self.stop_incomplete(format!(
                "stopped at offset {}: the server sent a page of {} items all seen before (does it ignore `offset`?)",
                self.offset - count,
                self.operation
            ));
            return Ok(Vec::new());
        }
        Ok(items)
    }
}

/// `units` → `Units` (v2 answers use both).
pub fn capitalised(key: &str) -> String {
    let mut chars = key.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// The prefix that turns a paged operation into its walk over every page
/// (`get_accounts` → `get_all_accounts`).
pub const ALL_PAGES_PREFIX: &str = "get_all_";
