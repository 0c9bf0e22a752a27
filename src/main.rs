//! The `pmlevel` binary: parses the command line, calls the library, writes
//! results to stdout and diagnostics to stderr, and maps errors to exit codes
//! (0 ok, 1 a check that failed, 2 usage or invalid input).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use pmlevel::answers::{Answers, Completeness};
use pmlevel::error::{Error, InputSource};
use pmlevel::input::{ANSWERS_LIMIT, SourceText};
use pmlevel::report::{Report, catalog, json, text};
use pmlevel::rubric::Rubric;

mod cli;
mod interactive;

use cli::{Cli, ColorChoice, Command, Format, RubricCommand};

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
            let source = InputSource::from_arg(answers_arg);
            let text = SourceText::read(&source, ANSWERS_LIMIT, "an answers file")?;
            let answers = Answers::parse(&text, &rubric, Completeness::Complete)?;
            write_report(&mut out, &Report::new(&rubric, &answers), args.format)?;
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

/// Writes a report in the chosen format.
fn write_report(out: &mut dyn Write, report: &Report, format: Format) -> Result<(), Error> {
    match format {
        Format::Text => write_with(out, |w| text::render(report, w)),
        Format::Json => write_with(out, |w| w.write_all(json::render(report).as_bytes())),
    }
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
