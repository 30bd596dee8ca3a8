//! `selfeval schema` describes what `selfeval json` prints: every sample's JSON validates
//! against it, decimals are strings with a pattern, and a number where a decimal belongs fails.

use std::process::Command;

fn stdout(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_sample_validates_against_the_schema() {
    let schema = stdout(&["schema"]);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut files: Vec<_> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    let mut forms = 0;
    for file in &files {
        let json = stdout(&["json", "-q", file.to_str().unwrap()]);
        forms += json.as_array().unwrap().len();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
    assert_eq!(forms, 46);
}

#[test]
fn decimals_are_strings_with_a_pattern_and_a_number_fails() {
    let schema = stdout(&["schema"]);
    let text = schema.to_string();
    assert!(text.contains(r#""pattern":"^-?\\d+(\\.\\d+)?$""#), "{text}");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut json = stdout(&[
        "json",
        "-q",
        "samples/shanghai-songjiang-admin-service-2021.txt",
    ]);
    assert!(validator.is_valid(&json));
    let budget = &mut json[0]["funds"]["total"]["annual_budget"];
    assert!(budget.is_string());
    *budget = serde_json::json!(40.05);
    assert!(!validator.is_valid(&json));
    json[0]["funds"]["total"]["annual_budget"] = "4O.05".into();
    assert!(!validator.is_valid(&json));
    json[0]["funds"]["total"]["annual_budget"] = serde_json::Value::Null;
    assert!(validator.is_valid(&json), "a blank cell is null");
}
