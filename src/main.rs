//! The `selfeval` command line: wiring only; the work is in the library and `cmd/`.

#[macro_use]
mod cmd;

/// mimalloc instead of the system allocator: reading and writing forms makes many small
/// strings, and on two cores allocation was a fifth of the readers' time.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// 读取、检查、转换财政项目支出绩效自评表 (Read, check and convert project expenditure
/// performance self-evaluation forms).
#[derive(Parser, Debug)]
#[command(
    name = "selfeval",
    version,
    about = "读取、检查、转换财政项目支出绩效自评表 (read, check and convert project expenditure \
             performance self-evaluation forms)",
    after_help = concat!(
        "示例 (Examples):\n",
        "  selfeval convert samples/ -o forms.xlsx --html summary.html\n",
        "      文件夹里的全部自评表写成一个工作簿和一页汇总 (every form into one workbook and a summary page)\n",
        "  selfeval check 自评表/\n",
        "      按评分规则检查每张表 (check every form against the scoring rules)\n",
        "  selfeval json 自评表.xlsx --format csv --table indicators > 指标.csv\n",
        "      每个绩效指标一行的表格 (one CSV row per indicator)\n",
        "  cat 自评表.txt | selfeval check -\n",
        "      - 表示标准输入 (- reads standard input)\n",
        "\n",
        "每个命令的用法 (each command's use): selfeval help <命令 COMMAND>\n\n",
        exit_codes!()
    )
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    batch: cmd::batch::BatchArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 把自评表转为报送用的 Excel 工作簿（可另写 HTML 汇总页） (Write submission-ready
    /// workbooks, and optionally the HTML summary).
    #[command(after_help = cmd::convert::HELP)]
    Convert(cmd::convert::Args),
    /// 按评分规则检查每张自评表 (Audit every form against the scoring rules).
    #[command(after_help = cmd::check::HELP)]
    Check(cmd::check::Args),
    /// 以 JSON、JSON Lines 或 CSV 输出自评表数据 (Print every form as JSON, JSON lines or
    /// CSV).
    #[command(after_help = cmd::json::HELP)]
    Json(cmd::json::Args),
    /// 写出扣分情况的 HTML 汇总页 (Write the HTML summary of points lost and why).
    #[command(after_help = cmd::summary::HELP)]
    Summary(cmd::summary::Args),
    /// 输出 JSON 数据的 JSON Schema (Print the JSON Schema of the `json` output).
    #[command(after_help = cmd::schema::HELP)]
    Schema,
    /// 输出命令行补全脚本 (Print a shell completion script).
    #[command(after_help = cmd::completions::HELP)]
    Completions(cmd::completions::Args),
    /// Write a corpus of varied forms from the samples, for benchmarks.
    #[command(hide = true)]
    Corpus(cmd::corpus::Args),
}

fn main() -> ExitCode {
    selfeval::alloc::tune();
    let cli: Cli = cmd::usage::parse();
    cmd::batch::init(&cli.batch);
    match cli.command {
        Command::Json(args) => cmd::json::run(args),
        Command::Convert(args) => cmd::convert::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Summary(args) => cmd::summary::run(args),
        Command::Schema => cmd::schema::run(),
        Command::Completions(args) => {
            cmd::completions::run(args, <Cli as clap::CommandFactory>::command())
        }
        Command::Corpus(args) => cmd::corpus::run(args),
    }
}
