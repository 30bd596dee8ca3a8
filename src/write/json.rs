//! The JSON of the model contract: one array, an object per form, in input order.

use crate::model::Report;

/// The reports as pretty-printed JSON, ending with a newline.
pub fn to_string(reports: &[Report]) -> String {
    // Serializing plain data (strings, decimals as strings, vectors) cannot fail.
    let mut s = serde_json::to_string_pretty(reports).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}
