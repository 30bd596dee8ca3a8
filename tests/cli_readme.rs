//! The README and docs point only at files the project has, its pictures stay small, and the
//! commands it tells a new user to run are the ones the command line accepts.

use std::path::Path;
use std::process::Command;

/// The relative targets of the Markdown links and images in `text`.
fn links(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|t| !t.contains("://") && !t.starts_with('#'))
        .map(|t| t.split('#').next().unwrap_or(t).to_string())
        .collect()
}

#[test]
fn every_link_of_the_readme_and_docs_exists() {
    let mut pages = vec![Path::new("README.md").to_path_buf()];
    for e in std::fs::read_dir("docs").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            pages.push(p);
        }
    }
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        assert!(!text.contains("DOMAIN.md"), "{}", page.display());
        let dir = page.parent().unwrap();
        for target in links(&text) {
            let path = dir.join(&target);
            assert!(path.exists(), "{} links to {target}", page.display());
            if target.ends_with(".png") {
                let size = std::fs::metadata(&path).unwrap().len();
                assert!(size < 200 * 1024, "{target}: {size} bytes");
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} links");
}

#[test]
fn the_readme_commands_parse() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("\n    cargo test\n"));
    let main = "selfeval convert samples/ -o forms.xlsx --html summary.html";
    assert!(readme.contains(main));
    // Each example command of the README (up to a redirection, a pipe or a comment), with
    // --help added: clap accepts its subcommand and options, or fails with exit code 2.
    let examples: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .filter(|l| l.starts_with("selfeval "))
        .map(|l| l.split(['>', '|', '#']).next().unwrap_or(l).trim())
        .collect();
    assert!(examples.len() >= 6, "{examples:?}");
    for line in examples {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
            .args(&args)
            .arg("--help")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
