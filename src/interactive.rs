//! The interactive `assess`: runs the questionnaire on the terminal, prints
//! the report, saves answers, and on Ctrl-C writes a resume file and exits
//! 130. Nothing the person typed is ever lost: if a file cannot be written,
//! the answers go to stderr as JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use pmlevel::answers::{Answers, Completeness};
use pmlevel::error::InputSource;
use pmlevel::input::{ANSWERS_LIMIT, SourceText};
use pmlevel::output::write_atomic;
use pmlevel::questionnaire::{self, Outcome, Prompter, terminal::Terminal};
use pmlevel::report::Report;
use pmlevel::rubric::Rubric;

use crate::cli::AssessArgs;

/// Where progress goes on Ctrl-C when no `--resume` file was given.
const DEFAULT_RESUME: &str = "pmlevel-resume.json";
/// Offered as the place to save answers.
const DEFAULT_SAVE: &str = "pmlevel-answers.json";
/// The exit code when the answers could not be saved (see `Error::exit_code`).
const SAVE_FAILED: u8 = 1;
/// The exit code for an interrupted run (128 + SIGINT).
const INTERRUPTED: u8 = 130;

/// Runs the questionnaire and everything around it.
pub fn run(
    rubric: &Rubric,
    args: &AssessArgs,
    out: &mut dyn Write,
    color: bool,
) -> Result<ExitCode> {
    let start = match &args.resume {
        Some(path) => {
            let source = SourceText::read(
                &InputSource::Path(path.clone()),
                ANSWERS_LIMIT,
                "a resume file",
            )?;
            Answers::parse(&source, rubric, Completeness::Partial)?
        }
        None => Answers {
            respondent: None,
            expected_level: None,
            values: vec![None; rubric.questions.len()],
        },
    };
    let use_color =
        color && anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let mut prompter = Terminal::new(use_color);
    let outcome =
        questionnaire::run(rubric, &mut prompter, start).map_err(pmlevel::Error::Usage)?;
    match outcome {
        Outcome::Interrupted(partial) => {
            let path = args
                .resume
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_RESUME));
            if save(rubric, &partial, &path) {
                let _ = writeln!(
                    std::io::stderr(),
                    "\nProgress saved to {}. Continue with:\n  pmlevel assess --resume {}",
                    path.display(),
                    path.display()
                );
            }
            Ok(ExitCode::from(INTERRUPTED))
        }
        Outcome::Complete(answers) => {
            crate::write_report(out, &Report::new(rubric, &answers), args.format)?;
            let path = match &args.save_answers {
                Some(path) => Some(path.clone()),
                None => offer_to_save(&mut prompter),
            };
            let Some(path) = path else {
                return Ok(ExitCode::SUCCESS);
            };
            if !save(rubric, &answers, &path) {
                return Ok(ExitCode::from(SAVE_FAILED));
            }
            let _ = writeln!(
                std::io::stderr(),
                "Answers saved to {}. Replay them with:\n  pmlevel assess --answers {}",
                path.display(),
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn offer_to_save(prompter: &mut dyn Prompter) -> Option<PathBuf> {
    match prompter.confirm(
        "Save your answers to a file (to replay or compare later)?",
        true,
    ) {
        Ok(true) => prompter
            .text("File name:", DEFAULT_SAVE)
            .ok()
            .filter(|p| !p.trim().is_empty())
            .map(PathBuf::from),
        _ => None,
    }
}

/// Writes answers atomically; on failure says so and prints them to stderr
/// as a last resort. Returns whether the file was written.
fn save(rubric: &Rubric, answers: &Answers, path: &Path) -> bool {
    let mut json = serde_json::to_string_pretty(&answers.to_json(rubric)).unwrap_or_default();
    json.push('\n');
    match write_atomic(path, json.as_bytes()) {
        Ok(()) => true,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: {error}\nYour answers, so nothing is lost (save them as a .json file):\n{json}"
            );
            false
        }
    }
}
