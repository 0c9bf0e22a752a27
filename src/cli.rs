//! The command line: clap types for every subcommand and flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Which career level a product manager is at, why, and what to do next.
#[derive(Debug, Parser)]
#[command(name = "pmlevel", version, about, long_about = None)]
pub struct Cli {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
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
    /// Work with rubrics.
    #[command(subcommand)]
    Rubric(RubricCommand),
}

/// `pmlevel rubric ...`.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Show the levels and what each requires.
    Show(RubricArg),
    /// Check a rubric file and list every problem (exit 2 if any).
    Check {
        /// The rubric file (`-` for stdin); the embedded rubric if omitted.
        path: Option<String>,
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
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable report for a terminal.
    Text,
    /// One JSON object, a stable contract for scripts.
    Json,
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
