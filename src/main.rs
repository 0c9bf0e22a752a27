//! The `pmlevel` binary: parses the command line, calls the library, writes
//! results to stdout and diagnostics to stderr, and maps errors to exit codes
//! (0 ok, 1 a check that failed, 2 usage or invalid input).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser};

use pmlevel::answers::Answers;
use pmlevel::batch::{self, AnswersInput, Gates, LINE_LIMIT, Options, Streams};
use pmlevel::error::{Error, InputSource};
use pmlevel::input::{ANSWERS_LIMIT, SourceText};
use pmlevel::report::{Report, catalog, comparison};
use pmlevel::rubric::Rubric;

mod cli;
mod interactive;

use cli::{
    AssessArgs, Cli, ColorChoice, Command, CompareArgs, CompareFormat, Format, RubricCommand,
    SchemaKind,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = cli.color;
    match run(cli) {
        Ok(code) => code,
        Err(error) => report_error(&error, color),
    }
}

fn report_error(error: &anyhow::Error, color: ColorChoice) -> ExitCode {
    let library = error.downcast_ref::<Error>();
    if library.is_some_and(Error::is_broken_pipe) {
        return ExitCode::SUCCESS;
    }
    let mut stderr = anstream::AutoStream::new(std::io::stderr(), stream_color(color));
    let red = anstyle::AnsiColor::Red.on_default().bold();
    // Library errors already name their cause; anyhow's chain would repeat it.
    let message = library.map_or_else(|| format!("{error:#}"), ToString::to_string);
    let _ = writeln!(stderr, "{red}error:{red:#} {message}");
    ExitCode::from(library.map_or(2, Error::exit_code))
}

fn stream_color(choice: ColorChoice) -> anstream::ColorChoice {
    match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let mut out = anstream::AutoStream::new(std::io::stdout(), stream_color(cli.color));
    match cli.command {
        Command::Assess(args) => {
            let rubric = load_rubric(args.rubric.rubric.as_deref())?;
            let Some(answers_arg) = &args.answers else {
                let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
                if args.no_input || !terminal {
                    return Err(no_answers_error(args.no_input).into());
                }
                let color = cli.color != ColorChoice::Never;
                return interactive::run(&rubric, &args, &mut out, color);
            };
            if args.format == Format::Text {
                let mut buffered = std::io::BufWriter::new(out);
                return assess_files(&rubric, &args, answers_arg, &mut buffered);
            }
            // Record formats hold no colour: skip the colour filter and write
            // raw, in large blocks.
            let mut raw = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
            return assess_files(&rubric, &args, answers_arg, &mut raw);
        }
        Command::Template(args) => {
            let rubric = load_rubric(args.rubric.as_deref())?;
            let template = Answers::template(&rubric).to_json(&rubric);
            let mut body = serde_json::to_string_pretty(&template)?;
            body.push('\n');
            write_with(&mut out, |w| w.write_all(body.as_bytes()))?;
        }
        Command::Questions(args) => {
            let rubric = load_rubric(args.rubric.as_deref())?;
            write_with(&mut out, |w| catalog::questions(&rubric, w))?;
        }
        Command::Rubric(RubricCommand::Show(args)) => {
            let rubric = load_rubric(args.rubric.as_deref())?;
            write_with(&mut out, |w| catalog::levels(&rubric, w))?;
        }
        Command::Rubric(RubricCommand::Test { dir, rubric }) => {
            let rubric = load_rubric(rubric.rubric.as_deref())?;
            let cases = pmlevel::calibration::run(&rubric, &dir)?;
            write_with(&mut out, |w| {
                pmlevel::report::cases::render(&rubric, &cases, w)
            })?;
            let all_pass = cases
                .iter()
                .all(|c| matches!(c.verdict, pmlevel::calibration::Verdict::Pass { .. }));
            return Ok(if all_pass {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Command::Compare(args) => compare(&args, &mut out)?,
        Command::Schema(args) => {
            let schema = match args.which {
                SchemaKind::Answers => {
                    pmlevel::schema::answers(&load_rubric(args.rubric.rubric.as_deref())?)
                }
                SchemaKind::Result => pmlevel::schema::result(),
                SchemaKind::Rubric => pmlevel::schema::rubric(),
            };
            let mut body = serde_json::to_string_pretty(&schema)?;
            body.push('\n');
            write_with(&mut out, |w| w.write_all(body.as_bytes()))?;
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            write_with(&mut out, |w| {
                clap_complete::generate(shell, &mut command, "pmlevel", w);
                Ok(())
            })?;
        }
        Command::Generate {
            count,
            seed,
            rubric,
        } => {
            let rubric = load_rubric(rubric.rubric.as_deref())?;
            let mut buffered = std::io::BufWriter::new(&mut out);
            write_with(&mut buffered, |w| {
                pmlevel::generate::write(&rubric, count, seed, w)
            })?;
        }
        Command::Man => {
            let page = clap_mangen::Man::new(Cli::command());
            write_with(&mut out, |w| page.render(w))?;
        }
        Command::Rubric(RubricCommand::Check { path }) => {
            let rubric = load_rubric(path.as_deref())?;
            let summary = format!(
                "ok: {} {} — {} dimensions, {} questions, {} levels, {} actions\n",
                pmlevel::text::sanitize(&rubric.id),
                pmlevel::text::sanitize(&rubric.version),
                rubric.dimensions.len(),
                rubric.questions.len(),
                rubric.levels.len(),
                rubric.actions.len()
            );
            write_with(&mut out, |w| w.write_all(summary.as_bytes()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `assess --answers`: one file or an NDJSON batch, with gates and summary.
fn assess_files(
    rubric: &Rubric,
    args: &AssessArgs,
    answers: &str,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let gates = Gates {
        expect: level_arg(rubric, args.expect.as_deref())?,
        min_level: level_arg(rubric, args.min_level.as_deref())?,
    };
    let input = AnswersInput::open(&InputSource::from_arg(answers), ANSWERS_LIMIT, LINE_LIMIT)?;
    let spinner = matches!(input, AnswersInput::Lines(_))
        .then(progress_spinner)
        .flatten();
    let options = Options {
        format: args.format,
        gates,
        summary: args.summary,
    };
    let mut stderr = std::io::stderr();
    let mut progress = |done: usize| {
        if let Some(bar) = &spinner {
            bar.set_position(done as u64);
        }
    };
    let streams = Streams {
        out,
        err: &mut stderr,
        progress: &mut progress,
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let outcome = batch::run(rubric, input, &options, jobs, streams);
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    let outcome = outcome?;
    Ok(if outcome.summary.failed > 0 {
        ExitCode::from(2)
    } else if outcome.gate_failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A spinner on stderr for batches, only for a person watching a terminal.
fn progress_spinner() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {human_pos} assessed ({per_sec})")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// `compare A B`.
fn compare(args: &CompareArgs, out: &mut dyn Write) -> Result<(), Error> {
    let rubric = load_rubric(args.rubric.rubric.as_deref())?;
    let load = |arg: &str| {
        let text = SourceText::read(
            &InputSource::from_arg(arg),
            ANSWERS_LIMIT,
            "an answers file",
        )?;
        Answers::parse(&text, &rubric, pmlevel::answers::Completeness::Complete)
    };
    let (first, second) = (load(&args.a)?, load(&args.b)?);
    let comparison = pmlevel::compare::compare(&rubric, &first, &second);
    let a = comparison::Side {
        name: &args.a,
        answers: &first,
    };
    let b = comparison::Side {
        name: &args.b,
        answers: &second,
    };
    write_with(out, |w| match args.format {
        CompareFormat::Text => comparison::text(&rubric, &comparison, &a, &b, w),
        CompareFormat::Markdown => comparison::markdown(&rubric, &comparison, &a, &b, w),
        CompareFormat::Json => {
            let value = comparison::json(&rubric, &comparison, &a, &b);
            writeln!(
                w,
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
    })
}

/// Resolves a level id given on the command line.
fn level_arg(rubric: &Rubric, id: Option<&str>) -> Result<Option<usize>, Error> {
    id.map(|id| {
        rubric.level_index(id).ok_or_else(|| {
            let ids: Vec<&str> = rubric.levels.iter().map(|l| l.id.as_str()).collect();
            Error::Usage(format!("unknown level `{id}`; levels: {}", ids.join(", ")))
        })
    })
    .transpose()
}

/// Writes one report in the chosen format.
fn write_report(out: &mut dyn Write, report: &Report, format: Format) -> Result<(), Error> {
    write_with(out, |w| batch::write_report(report, format, w))
}

fn load_rubric(path: Option<&str>) -> Result<Rubric, Error> {
    Rubric::load(path.map(InputSource::from_arg).as_ref())
}

/// Runs a renderer against stdout, flushing, with write errors typed so a
/// closed pipe can end the program quietly.
fn write_with(
    out: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    render(out)
        .and_then(|()| out.flush())
        .map_err(|source| Error::Write {
            name: "standard output".into(),
            source,
        })
}

fn no_answers_error(no_input: bool) -> Error {
    let reason = if no_input {
        "--no-input forbids prompting and no --answers was given"
    } else {
        "no terminal to ask questions on (the questionnaire needs stdin and stdout to be a terminal)"
    };
    Error::Usage(format!(
        "{reason}; give the answers as a file instead:\n  pmlevel assess --answers answers.json   (or --answers - to read stdin)\n  pmlevel template > answers.json         (a complete file to fill in)"
    ))
}
