//! `selfeval completions SHELL`: a script for each shell that names the subcommands.

use std::process::Command;

#[test]
fn each_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.len() > 500, "{shell}: {script}");
        for sub in [
            "convert",
            "check",
            "json",
            "summary",
            "schema",
            "completions",
        ] {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
        for option in ["format", "max-input-size", "json-lines"] {
            assert!(script.contains(option), "{shell} lacks {option}");
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
