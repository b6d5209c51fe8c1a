//! The API's areas, each with its handlers and a `routes()` that binds them to the route
//! table's operations; the areas read requests through `http` and keep their state in
//! `store`.

pub mod calls;
pub mod civilian;
pub mod fivem;
pub mod general;
pub mod hub;
pub mod identifiers;
pub mod map;
pub mod panels;
pub mod permissions;
pub mod records;
pub mod units;
pub mod v1;
