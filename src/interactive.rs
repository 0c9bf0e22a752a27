//! The interactive `assess`: runs the questionnaire on the terminal, prints
//! the report, saves answers, and on Ctrl-C writes a resume file and exits
//! 130. Nothing the person typed is ever lost: if a file cannot be written,
//! the answers go to stderr as JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use pmlevel::answers::{Answers, Completeness};
use pmlevel::error::InputSource;
use pmlevel::input::SourceText;
use pmlevel::lang::{Words, fill};
use pmlevel::output::{Existing, write_atomic};
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
    limit: u64,
) -> Result<u8> {
    // Refuse before the first question, not after the last one.
    if let Some(path) = args
        .save_answers
        .as_ref()
        .filter(|p| !args.output.force && p.exists())
    {
        return Err(pmlevel::Error::Exists {
            name: path.display().to_string(),
        }
        .into());
    }
    let start = match &args.resume {
        Some(path) => {
            let source =
                SourceText::read(&InputSource::Path(path.clone()), limit, "a resume file")?;
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
    let mut prompter = Terminal::new(use_color, rubric.words());
    let outcome =
        questionnaire::run(rubric, &mut prompter, start).map_err(pmlevel::Error::Usage)?;
    match outcome {
        Outcome::Interrupted(partial) => {
            // Resuming again updates the same file; a new session never
            // overwrites progress an earlier one left behind.
            let path = args.resume.clone().unwrap_or_else(fresh_resume_path);
            if save(rubric, &partial, &path, Existing::Replace) {
                let name = path.display().to_string();
                let message = fill(rubric.words().progress_saved, &[("name", &name)]);
                let _ = writeln!(std::io::stderr(), "\n{message}");
            }
            Ok(INTERRUPTED)
        }
        Outcome::Complete(answers) => {
            crate::write_report(out, &Report::new(rubric, &answers), args.format)?;
            let (path, existing) = match &args.save_answers {
                Some(path) if args.output.force => (path.clone(), Existing::Replace),
                Some(path) => (path.clone(), Existing::Keep),
                None => match offer_to_save(&mut prompter, rubric.words()) {
                    Some(path) => (path, Existing::Replace),
                    None => return Ok(0),
                },
            };
            if !save(rubric, &answers, &path, existing) {
                return Ok(SAVE_FAILED);
            }
            let name = path.display().to_string();
            let message = fill(rubric.words().saved, &[("name", &name)]);
            let _ = writeln!(std::io::stderr(), "{message}");
            Ok(0)
        }
    }
}

/// Asks whether and where to save; a name that is taken is only used once
/// the person has said to replace that file.
fn offer_to_save(prompter: &mut dyn Prompter, words: &Words) -> Option<PathBuf> {
    let wanted = prompter.confirm(words.save_offer, true);
    if !matches!(wanted, Ok(true)) {
        return None;
    }
    let mut default = DEFAULT_SAVE.to_string();
    loop {
        let name = prompter.text(words.file_name, &default).ok()?;
        let path = PathBuf::from(name.trim());
        if name.trim().is_empty() {
            return None;
        }
        if !path.exists() {
            return Some(path);
        }
        let question = fill(words.replace, &[("name", &path.display().to_string())]);
        if prompter.confirm(&question, false).ok()? {
            return Some(path);
        }
        default = name;
    }
}

/// `pmlevel-resume.json`, or the first of `pmlevel-resume-2.json`, `-3`, ...
/// that is free.
fn fresh_resume_path() -> PathBuf {
    let first = PathBuf::from(DEFAULT_RESUME);
    let stem = DEFAULT_RESUME.trim_end_matches(".json");
    std::iter::once(first)
        .chain((2..).map(|n| PathBuf::from(format!("{stem}-{n}.json"))))
        .find(|path| !path.exists())
        .expect("an unbounded sequence has a free name")
}

/// Writes answers atomically; on failure says so and prints them to stderr
/// as a last resort. Returns whether the file was written.
fn save(rubric: &Rubric, answers: &Answers, path: &Path, existing: Existing) -> bool {
    let mut json = serde_json::to_string_pretty(&answers.to_json(rubric)).unwrap_or_default();
    json.push('\n');
    match write_atomic(path, json.as_bytes(), existing) {
        Ok(()) => true,
        Err(error) => {
            let words = rubric.words();
            let _ = writeln!(
                std::io::stderr(),
                "{}{}\n{}\n{json}",
                words.error,
                error.localized(words),
                words.answers_kept
            );
            false
        }
    }
}
