//! The `pmlevel` binary: parses the command line, calls the library, writes
//! results to stdout and diagnostics to stderr, and maps errors to exit codes
//! (0 ok, 1 a check that failed, 2 usage or invalid input).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser};

use pmlevel::answers::Answers;
use pmlevel::batch::{self, AnswersInput, Gates, Options, Streams};
use pmlevel::error::{Error, InputSource};
use pmlevel::input::SourceText;
use pmlevel::output::{AtomicFile, Existing};
use pmlevel::report::{Report, catalog, comparison};
use pmlevel::rubric::Rubric;

mod cli;
mod interactive;

use cli::{
    AssessArgs, Cli, ColorChoice, Command, CompareArgs, CompareFormat, Format, OutputArgs,
    RubricCommand, SchemaKind,
};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return cli::usage_error(&error),
    };
    let color = cli.color;
    let language = cli.lang.clone().unwrap_or_else(pmlevel::lang::from_env);
    let words = pmlevel::lang::Lang::for_tag(&language).words();
    match run(cli, &language) {
        Ok(code) => code,
        Err(error) => report_error(&error, color, words),
    }
}

fn report_error(
    error: &anyhow::Error,
    color: ColorChoice,
    words: &pmlevel::lang::Words,
) -> ExitCode {
    let library = error.downcast_ref::<Error>();
    if library.is_some_and(Error::is_broken_pipe) {
        return ExitCode::SUCCESS;
    }
    let mut stderr = anstream::AutoStream::new(std::io::stderr(), stream_color(color));
    let red = anstyle::AnsiColor::Red.on_default().bold();
    // Library errors already name their cause; anyhow's chain would repeat it.
    let message = library.map_or_else(|| format!("{error:#}"), |e| e.localized(words));
    let _ = writeln!(stderr, "{red}{}{red:#}{message}", words.error);
    ExitCode::from(library.map_or(2, Error::exit_code))
}

fn stream_color(choice: ColorChoice) -> anstream::ColorChoice {
    match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    }
}

fn run(cli: Cli, language: &str) -> Result<ExitCode> {
    let mut out = anstream::AutoStream::new(std::io::stdout(), stream_color(cli.color));
    let limit = cli.max_input_size;
    let load_rubric = |path: Option<&str>| load_rubric_from(path, limit, language);
    let words = pmlevel::lang::Lang::for_tag(language).words();
    match cli.command {
        Command::Assess(args) => {
            let rubric = load_rubric(args.rubric.rubric.as_deref())?;
            let Some(answers_arg) = &args.answers else {
                let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
                if args.no_input || !terminal {
                    return Err(no_answers_error(args.no_input).into());
                }
                let color = cli.color != ColorChoice::Never;
                return to_output(words, &args.output, &mut out, |w| {
                    interactive::run(rubric, &args, w, color, limit)
                });
            };
            let assess = |w: &mut dyn Write| assess_files(rubric, &args, answers_arg, limit, w);
            if args.format == Format::Text {
                let mut buffered = std::io::BufWriter::new(out);
                return to_output(words, &args.output, &mut buffered, assess);
            }
            // Record formats hold no colour: skip the colour filter and write
            // raw, in large blocks.
            let mut raw = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
            return to_output(words, &args.output, &mut raw, assess);
        }
        Command::Template(args) => {
            let rubric = load_rubric(args.rubric.as_deref())?;
            let template = Answers::template(rubric).to_json(rubric);
            let mut body = serde_json::to_string_pretty(&template)?;
            body.push('\n');
            write_with(&mut out, |w| w.write_all(body.as_bytes()))?;
        }
        Command::Questions(args) => {
            let rubric = load_rubric(args.rubric.as_deref())?;
            write_with(&mut out, |w| catalog::questions(rubric, w))?;
        }
        Command::Rubric(RubricCommand::Show(args)) => {
            let rubric = load_rubric(args.rubric.as_deref())?;
            write_with(&mut out, |w| catalog::levels(rubric, w))?;
        }
        Command::Rubric(RubricCommand::Test { dir, rubric }) => {
            let rubric = load_rubric(rubric.rubric.as_deref())?;
            let cases = pmlevel::calibration::run(rubric, &dir, limit)?;
            write_with(&mut out, |w| {
                pmlevel::report::cases::render(rubric, &cases, w)
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
        Command::Compare(args) => {
            return to_output(words, &args.output, &mut out, |w| {
                compare(&args, limit, language, w)?;
                Ok(0)
            });
        }
        Command::Schema(args) => {
            let schema = match args.which {
                SchemaKind::Answers => {
                    pmlevel::schema::answers(load_rubric(args.rubric.rubric.as_deref())?)
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
                pmlevel::generate::write(rubric, count, seed, w)
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
            if !rubric.missing_texts.is_empty() {
                let name = path.as_deref().unwrap_or(pmlevel::rubric::EMBEDDED_NAME);
                eprintln!(
                    "{}",
                    Error::Translations {
                        name: name.to_string(),
                        problems: rubric.missing_texts.clone(),
                    }
                    .localized(rubric.words())
                );
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `render` against stdout, or against `--output FILE`, which is put in
/// place only when `render` ends without error or interruption (exit codes
/// from 128 on), so a failed run never leaves a torn or half report there.
fn to_output(
    words: &pmlevel::lang::Words,
    output: &OutputArgs,
    stdout: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> Result<u8>,
) -> Result<ExitCode> {
    let path = output.output.as_ref().filter(|p| p.as_os_str() != "-");
    let Some(path) = path else {
        return render(stdout).map(ExitCode::from);
    };
    let existing = if output.force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    let mut file = AtomicFile::create(path, existing)?;
    let code = render(&mut file).map_err(|error| written_to(error, path))?;
    if code < INTERRUPTED_BASE {
        file.commit()?;
        if std::io::stderr().is_terminal() {
            let name = path.display().to_string();
            eprintln!("{}", pmlevel::lang::fill(words.wrote, &[("name", &name)]));
        }
    }
    Ok(ExitCode::from(code))
}

/// A renderer's write error names standard output (a renderer does not
/// know where it writes); under `--output FILE` it was the file.
fn written_to(error: anyhow::Error, path: &std::path::Path) -> anyhow::Error {
    match error.downcast::<Error>() {
        Ok(Error::Write { source, .. }) => Error::Write {
            name: path.display().to_string(),
            source,
        }
        .into(),
        Ok(other) => other.into(),
        Err(error) => error,
    }
}

/// Exit codes from here on mean "stopped by a signal" (128 + its number).
const INTERRUPTED_BASE: u8 = 128;

/// `assess --answers`: one file or an NDJSON batch, with gates and summary.
fn assess_files(
    rubric: &Rubric,
    args: &AssessArgs,
    answers: &str,
    limit: u64,
    out: &mut dyn Write,
) -> Result<u8> {
    let gates = Gates {
        expect: level_arg(rubric, args.expect.as_deref())?,
        min_level: level_arg(rubric, args.min_level.as_deref())?,
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    stop_on_signals(&stop);
    let mut input = AnswersInput::open(&InputSource::from_arg(answers), limit, limit)?;
    if args.format == Format::Html {
        input = input.into_single(limit, "--format html")?;
    }
    let spinner = matches!(input, AnswersInput::Lines(_))
        .then(progress_spinner)
        .flatten();
    let options = Options {
        format: args.format,
        gates,
        summary: args.summary,
        stop: Some(stop),
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
    if let Some(signal) = outcome.interrupted {
        let done = outcome.summary.people + outcome.summary.failed;
        let done = done.to_string();
        let words = rubric.words();
        eprintln!(
            "{}",
            pmlevel::lang::fill(words.interrupted, &[("n", &done)])
        );
        return Ok(INTERRUPTED_BASE + signal as u8);
    }
    Ok(if outcome.summary.failed > 0 {
        2
    } else if outcome.gate_failures > 0 {
        1
    } else {
        0
    })
}

/// SIGINT and SIGTERM ask a batch to stop at the next record, so output ends
/// on a whole result; a second signal ends the process at once (for a batch
/// waiting on input that will not come).
fn stop_on_signals(stop: &std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for signal in [SIGINT, SIGTERM] {
        let first = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ =
            signal_hook::flag::register_conditional_default(signal, std::sync::Arc::clone(&first));
        let _ = signal_hook::flag::register(signal, first);
        let _ =
            signal_hook::flag::register_usize(signal, std::sync::Arc::clone(stop), signal as usize);
    }
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
fn compare(
    args: &CompareArgs,
    limit: u64,
    language: &str,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let rubric = load_rubric_from(args.rubric.rubric.as_deref(), limit, language)?;
    let load = |arg: &str| {
        let text = SourceText::read(&InputSource::from_arg(arg), limit, "an answers file")?;
        Answers::parse(&text, rubric, pmlevel::answers::Completeness::Complete)
    };
    let (first, second) = (load(&args.a)?, load(&args.b)?);
    let comparison = pmlevel::compare::compare(rubric, &first, &second);
    let a = comparison::Side {
        name: &args.a,
        answers: &first,
    };
    let b = comparison::Side {
        name: &args.b,
        answers: &second,
    };
    write_with(out, |w| match args.format {
        CompareFormat::Text => comparison::text(rubric, &comparison, &a, &b, w),
        CompareFormat::Markdown => comparison::markdown(rubric, &comparison, &a, &b, w),
        CompareFormat::Html => pmlevel::report::html::comparison(rubric, &comparison, &a, &b, w),
        CompareFormat::Json => {
            let value = comparison::json(rubric, &comparison, &a, &b);
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

/// Loads the rubric for the rest of the process. It is leaked, not dropped:
/// freeing its few thousand texts one by one at exit was a tenth of a
/// one-person run's instructions.
fn load_rubric_from(
    path: Option<&str>,
    limit: u64,
    language: &str,
) -> Result<&'static Rubric, Error> {
    let rubric = Rubric::load(path.map(InputSource::from_arg).as_ref(), limit, language)?;
    Ok(Box::leak(Box::new(rubric)))
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
