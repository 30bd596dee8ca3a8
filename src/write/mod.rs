//! Writers: the model out to JSON, xlsx and HTML.

pub mod atomic;
pub mod html;
pub mod json;
pub mod xlsx;
