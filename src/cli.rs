//! The command line: clap types for every subcommand and flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
pub use pmlevel::report::Format;

/// Which career level a product manager is at, why, and what to do next.
#[derive(Debug, Parser)]
#[command(name = "pmlevel", version, about, long_about = None)]
pub struct Cli {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// The language of reports, prompts and messages (`en`, `zh`, or any
    /// language a rubric declares); default from LC_ALL, LC_MESSAGES, LANG.
    #[arg(long, value_name = "LANG", value_parser = language_tag, global = true)]
    pub lang: Option<String>,
    /// The largest rubric file, answers file or NDJSON line accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = pmlevel::input::INPUT_LIMIT, global = true)]
    pub max_input_size: u64,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess answers: the level, why, and a growth plan.
    Assess(AssessArgs),
    /// Print a complete answers file to fill in.
    Template(RubricArg),
    /// List every question with its kind, range or options, and help.
    Questions(RubricArg),
    /// Compare two answers files: levels, score changes, answers that differ.
    Compare(CompareArgs),
    /// Work with rubrics.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Print a JSON Schema for the answers file, the result or the rubric.
    Schema(SchemaArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Write N random valid answers records as NDJSON (for benchmarks).
    #[command(hide = true)]
    Generate {
        /// How many records.
        #[arg(long, default_value_t = 1000)]
        count: u64,
        /// The random seed; the same seed gives the same records.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        /// The rubric.
        rubric: RubricArg,
    },
}

/// `pmlevel compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first answers file (e.g. a self-assessment, or last year's).
    pub a: String,
    /// The second answers file (e.g. the manager's, or this year's).
    pub b: String,
    #[command(flatten)]
    /// The rubric.
    pub rubric: RubricArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
    #[command(flatten)]
    /// Where the comparison goes.
    pub output: OutputArgs,
}

/// Formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A readable table.
    Text,
    /// One JSON object.
    Json,
    /// A Markdown section.
    Markdown,
    /// One self-contained HTML page, both people on one radar chart.
    Html,
}

/// `pmlevel schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    pub which: SchemaKind,
    #[command(flatten)]
    /// The rubric (for the answers schema, whose question ids come from it).
    pub rubric: RubricArg,
}

/// The schemas pmlevel can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// An answers file for the rubric: every question id with its type.
    Answers,
    /// The result object of `assess --format json` (and each NDJSON line).
    Result,
    /// A rubric file, as JSON.
    Rubric,
}

/// `pmlevel rubric ...`.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Show the levels and what each requires.
    Show(RubricArg),
    /// Check a rubric file and list every problem (exit 2 if any; exit 1 if
    /// it is valid but a text is missing in a language it declares).
    Check {
        /// The rubric file (`-` for stdin); the embedded rubric if omitted.
        path: Option<String>,
    },
    /// Run rubric tests: each answers file in DIR with its `expected_level`
    /// (exit 1 if any case fails).
    Test {
        /// The folder of cases.
        dir: std::path::PathBuf,
        #[command(flatten)]
        /// The rubric.
        rubric: RubricArg,
    },
}

/// The `--rubric` option.
#[derive(Debug, Args)]
pub struct RubricArg {
    /// A rubric TOML file (`-` for stdin); the embedded product-manager
    /// rubric if omitted.
    #[arg(long, value_name = "PATH")]
    pub rubric: Option<String>,
}

/// `pmlevel assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The answers JSON file, or `-` for stdin.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<String>,
    #[command(flatten)]
    /// The rubric.
    pub rubric: RubricArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 unless the matched level is LEVEL (for each person of a batch).
    #[arg(long, value_name = "LEVEL")]
    pub expect: Option<String>,
    /// Exit 1 if the matched level is below LEVEL (for each person of a batch).
    #[arg(long, value_name = "LEVEL")]
    pub min_level: Option<String>,
    /// End with people per level and mean scores (stderr for text and csv).
    #[arg(long)]
    pub summary: bool,
    /// Threads for an NDJSON batch (output order is kept); default: all cores.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Interactive: write the answers to FILE (the `--answers` format), so the
    /// session can be replayed in CI.
    #[arg(long, value_name = "FILE", conflicts_with = "answers")]
    pub save_answers: Option<PathBuf>,
    /// Interactive: continue from a resume file, asking only what is
    /// unanswered (every answer can still be reviewed).
    #[arg(long, value_name = "FILE", conflicts_with = "answers")]
    pub resume: Option<PathBuf>,
    /// Never prompt; fail (exit 2) instead when no `--answers` is given.
    #[arg(long)]
    pub no_input: bool,
    #[command(flatten)]
    /// Where the report goes.
    pub output: OutputArgs,
}

/// Where a report goes: stdout, or a file written atomically.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write the report to FILE instead of stdout (atomically: a temporary
    /// file renamed into place, so a failed run leaves the old file).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Let `--output` and `--save-answers` replace an existing file.
    #[arg(long)]
    pub force: bool,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Checks `--lang`: a tag like `en`, `zh` or `pt-BR`.
fn language_tag(tag: &str) -> Result<String, String> {
    if pmlevel::lang::is_tag(tag) {
        Ok(tag.to_string())
    } else {
        Err("expected a language tag like `en`, `zh` or `pt-BR`".to_string())
    }
}

/// Ends the program on a command-line error: `--help` and `--version` as
/// clap prints them, usage errors in the language of the run (`--lang` as
/// typed, else the locale), exit 2.
pub fn usage_error(error: &clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) || pmlevel::lang::Lang::for_tag(&language_in_args()) != pmlevel::lang::Lang::Zh
    {
        let _ = error.print();
        return std::process::ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
    }
    match chinese_usage_error(error) {
        Some(message) => {
            let usage = error
                .get(clap::error::ContextKind::Usage)
                .map(ToString::to_string)
                .unwrap_or_else(|| {
                    <Cli as clap::CommandFactory>::command()
                        .render_usage()
                        .to_string()
                });
            let usage = usage.trim().trim_start_matches("Usage:").trim();
            eprintln!("错误：{message}\n\n用法：{usage}\n\n更多信息请运行 '--help'。");
            std::process::ExitCode::from(2)
        }
        None => {
            let _ = error.print();
            std::process::ExitCode::from(2)
        }
    }
}

/// `--lang X` or `--lang=X` as typed, else the locale's language.
fn language_in_args() -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).cloned(),
            Some(rest) => rest.strip_prefix('=').map(String::from),
            None => None,
        })
        .unwrap_or_else(pmlevel::lang::from_env)
}

/// The common usage errors in Chinese; `None` for the rare ones, which
/// clap then reports itself.
fn chinese_usage_error(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ErrorKind};
    let get = |kind| error.get(kind).map(ToString::to_string).unwrap_or_default();
    let valid = error
        .get(ContextKind::ValidValue)
        .map(|v| format!("（可选值：{v}）"))
        .unwrap_or_default();
    Some(match error.kind() {
        ErrorKind::UnknownArgument => format!("未知参数 '{}'", get(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            format!("未知子命令 '{}'", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "参数 '{}' 的值 '{}' 无效{valid}",
            get(ContextKind::InvalidArg),
            get(ContextKind::InvalidValue)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数：{}", get(ContextKind::InvalidArg))
        }
        ErrorKind::ArgumentConflict => format!(
            "参数 '{}' 不能与 '{}' 同时使用",
            get(ContextKind::InvalidArg),
            get(ContextKind::PriorArg)
        ),
        ErrorKind::MissingSubcommand => "缺少子命令".to_string(),
        ErrorKind::TooManyValues => {
            format!("参数 '{}' 给出了太多的值", get(ContextKind::InvalidArg))
        }
        _ => return None,
    })
}
