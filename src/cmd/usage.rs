//! Command-line mistakes in Chinese as well: clap words its errors in English only, and the
//! clerks who type these commands read Chinese first. The Chinese line names the mistake and
//! the argument; clap's own message follows it unchanged, with the usage line and the hint.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Parses the command line as `P`, or prints the mistake (in Chinese, then clap's English) and
/// exits: 2 for a mistake, 0 for `--help` and `--version`, as clap does.
pub fn parse<P: clap::Parser>() -> P {
    P::try_parse().unwrap_or_else(|e| {
        if let Some(line) = chinese(&e) {
            eprintln!("{line}");
        }
        e.exit()
    })
}

/// The Chinese line for a mistake; None for `--help` and `--version`, which are no mistakes.
pub fn chinese(e: &clap::Error) -> Option<String> {
    let what = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return None,
        ErrorKind::InvalidValue => "参数值无效",
        ErrorKind::UnknownArgument => "无法识别的参数",
        ErrorKind::InvalidSubcommand => "没有这个子命令",
        ErrorKind::NoEquals => "这个选项的值要用 = 连着写",
        ErrorKind::ValueValidation => "参数值不合要求",
        ErrorKind::TooManyValues => "参数值太多",
        ErrorKind::TooFewValues => "参数值太少",
        ErrorKind::WrongNumberOfValues => "参数值的个数不对",
        ErrorKind::ArgumentConflict => "这两个参数不能同时使用",
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少子命令"
        }
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文字",
        _ => "命令行有误",
    };
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    };
    let quoted = |v: Vec<String>| v.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>();
    let arg = quoted(text(ContextKind::InvalidArg));
    let value = text(ContextKind::InvalidValue);
    let (what, parts) = match (e.kind(), value.as_slice()) {
        // `--html` with nothing after it: clap calls it an invalid empty value.
        (ErrorKind::InvalidValue, [v]) if v.is_empty() => ("这个选项缺少值", arg),
        (ErrorKind::InvalidValue | ErrorKind::ValueValidation, _) => (
            what,
            quoted(value)
                .into_iter()
                .chain(arg.iter().map(|a| format!("（{a}）")))
                .collect(),
        ),
        _ => (
            what,
            arg.into_iter()
                .chain(quoted(text(ContextKind::InvalidSubcommand)))
                .chain(quoted(text(ContextKind::PriorArg)))
                .collect(),
        ),
    };
    let mut line = format!("错误：{what}");
    if !parts.is_empty() {
        line.push('：');
        line.push_str(&parts.join("、").replace("、（", "（"));
    }
    line.push_str("（用 --help 查看用法）");
    Some(line)
}
