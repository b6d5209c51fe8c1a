//! What every area's typed methods share: call then decode, a typed body merged into the
//! parameters, and page iterators for the paged operations.

use std::borrow::Borrow;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::Client;
use crate::api;
use crate::error::{Error, ErrorKind, Result};
use crate::operations::PageCursor;

impl Client {
    /// Calls `operation` with `params` and decodes the typed answer.
    pub(crate) fn call_as<Resp: DeserializeOwned>(&self, operation: &str, params: impl Borrow<Value>) -> Result<Resp> {
        self.call(operation, params.borrow())?.decode()
    }

    /// Calls `operation` with a typed request and decodes the typed answer.
    pub(crate) fn typed<Req: Serialize, Resp: DeserializeOwned>(&self, operation: &str, request: &Req) -> Result<Resp> {
        let params = serde_json::to_value(request).map_err(|e| Error::invalid("request", e))?;
        self.call_as(operation, &params)
    }
}

/// `base` (an object of parameters) with the fields of `extra` added: path parameters plus a
/// typed body.
pub(crate) fn with_fields(mut base: Value, extra: &impl Serialize) -> Result<Value> {
    let extra = serde_json::to_value(extra).map_err(|e| Error::invalid("request", e))?;
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    Ok(base)
}

/// The items of a paged operation, fetched a page at a time as the iterator advances.
/// A failed page is yielded as an `Err`, and ends the walk.
pub struct Pages<T> {
    client: Client,
    operation: &'static str,
    /// `Err` when the operation does not page (never for the methods that make these): the
    /// walk yields that error once.
    cursor: std::result::Result<PageCursor, Option<Error>>,
    buffer: std::collections::VecDeque<T>,
}

impl<T: DeserializeOwned> Pages<T> {
    pub(crate) fn new(client: &Client, operation: &'static str, request: &impl Serialize) -> Self {
        let params = serde_json::to_value(request).unwrap_or(Value::Null);
        let cursor = api::find(operation).and_then(|op| PageCursor::new(op, &params)).ok_or_else(|| Some(api::unknown(operation)));
        Pages { client: client.clone(), operation, cursor, buffer: Default::default() }
    }
}

impl<T: DeserializeOwned> Iterator for Pages<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.buffer.is_empty() {
            let cursor = match &mut self.cursor {
                Ok(cursor) if !cursor.done() => cursor,
                Ok(_) => return None,
                Err(unpaged) => return unpaged.take().map(Err),
            };
            let fetched = self.client.call(self.operation, cursor.params()).and_then(|response| {
                let items = cursor.advance(&mut response.body.to_value())?;
                serde_json::from_value::<Vec<T>>(Value::Array(items))
                    .map_err(|e| Error::new(ErrorKind::Decode, format!("unexpected page: {e}")))
            });
            match fetched {
                Ok(items) => self.buffer.extend(items),
                Err(e) => {
                    cursor.stop();
                    return Some(Err(e));
                }
            }
        }
        self.buffer.pop_front().map(Ok)
    }
}
