//! Writers: the model out to JSON, xlsx and HTML.

pub mod json;
pub mod atomic;
