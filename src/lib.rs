//! selfeval reads project expenditure performance self-evaluation forms (财政项目支出绩效自评表)
//! from PDF text, tab-separated copies and Excel workbooks, normalizes each into one model,
//! checks it against the scoring rules, and writes workbooks, HTML summaries and JSON.
//!
//! Data flow: [`read`] → [`model`] → [`check`] → [`write`].

pub mod alloc;
pub mod check;
pub mod corpus;
pub mod framework;
pub mod model;
pub mod read;
pub mod sheets;
pub mod write;
