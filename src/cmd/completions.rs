//! `selfeval completions SHELL`: the shell's completion script, from the command line's own
//! definition (clap_complete), so it names every subcommand and option as they are.

use std::process::ExitCode;

/// Examples and exit codes, after the options in `--help`.
pub const HELP: &str = concat!(
    "示例 (Examples):\n",
    "  selfeval completions bash > ~/.local/share/bash-completion/completions/selfeval\n",
    "  selfeval completions zsh > ~/.zfunc/_selfeval\n",
    "  selfeval completions fish > ~/.config/fish/completions/selfeval.fish\n",
    "  selfeval completions powershell >> $PROFILE\n",
    "\n",
    exit_codes!()
);

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 命令行 (the shell).
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: Args, mut command: clap::Command) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "selfeval", &mut script);
    match super::print_stdout_bytes(&script) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
