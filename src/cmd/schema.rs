//! `selfeval schema`: the JSON Schema of what `selfeval json` prints, generated from the model's
//! types so it cannot drift from them. Decimals are strings of digits (never JSON numbers),
//! as the JSON writes them.

use selfeval::model::Report;
use std::process::ExitCode;

/// Examples and exit codes, after the options in `--help`.
pub const HELP: &str = concat!(
    "示例 (Examples):\n",
    "  selfeval schema > selfeval.schema.json\n",
    "      selfeval json 输出的 JSON Schema (draft 2020-12) (the schema of `selfeval json`)\n",
    "\n",
    exit_codes!()
);

/// The schema of an array of forms, as serialized.
pub fn schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Vec<Report>>();
    schema.insert(
        "title".into(),
        "selfeval json: 财政项目支出绩效自评表 (performance self-evaluation forms)".into(),
    );
    schema.to_value()
}

pub fn run() -> ExitCode {
    // A schema of plain types: serializing it cannot fail.
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    match super::print_stdout(&text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
