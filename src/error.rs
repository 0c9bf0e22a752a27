//! The library's error type, and the located problems it carries.
//!
//! Every error caused by bad input says where it is (file, line, column or a
//! JSON path) and what was expected; [`Error::exit_code`] is the single place
//! that maps errors to process exit codes.

use std::fmt;
use std::path::PathBuf;

use crate::lang::{Words, fill};

/// A position in an input text, 1-based, as people count lines and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub column: usize,
}

/// One thing wrong with an input, with where it is when that is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where in the input the problem is.
    pub position: Option<Position>,
    /// A JSON path such as `answers."skills.technical"`, for answers files.
    pub path: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
    /// The offending source line with a caret under the column, if known.
    pub snippet: Option<String>,
}

impl Problem {
    /// A problem with no location (for example, a whole-file condition).
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            position: None,
            path: None,
            message: message.into(),
            snippet: None,
        }
    }
}

/// Formats problems as `name:line:col: message`, one block per problem.
struct ProblemList<'a> {
    name: &'a str,
    problems: &'a [Problem],
    at: &'a str,
}

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {}", self.name)?;
            if let Some(p) = problem.position {
                write!(f, ":{}:{}", p.line, p.column)?;
            }
            if let Some(path) = &problem.path {
                write!(f, ": {} {path}", self.at)?;
            }
            write!(f, ": {}", problem.message)?;
            if let Some(snippet) = &problem.snippet {
                write!(f, "\n{snippet}")?;
            }
        }
        Ok(())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A heading, then every problem on its own line.
fn with_problems(heading: &str, name: &str, problems: &[Problem], words: &Words) -> String {
    let n = problems.len().to_string();
    let heading = fill(
        heading,
        &[("name", name), ("n", &n), ("s", plural(problems.len()))],
    );
    let list = ProblemList {
        name,
        problems,
        at: words.at,
    };
    format!("{heading}\n{list}")
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read (missing, a directory, no permission...).
    #[error("{}", self.localized(&crate::lang::EN))]
    Read {
        /// The file as the user named it.
        name: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// An input is larger than the limit for its kind.
    #[error("{}", self.localized(&crate::lang::EN))]
    TooLarge {
        /// The file as the user named it.
        name: String,
        /// What kind of input it is ("a rubric", "an answers file").
        what: &'static str,
        /// The limit in bytes.
        limit: u64,
    },
    /// An input is not valid UTF-8 text.
    #[error("{}", self.localized(&crate::lang::EN))]
    NotUtf8 {
        /// The file as the user named it.
        name: String,
        /// Line of the first invalid byte.
        line: usize,
        /// Column of the first invalid byte.
        column: usize,
    },
    /// A rubric has syntax or validation problems; all of them are listed.
    #[error("{}", self.localized(&crate::lang::EN))]
    Rubric {
        /// The rubric file as the user named it.
        name: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// An answers file has syntax or validation problems; all are listed.
    #[error("{}", self.localized(&crate::lang::EN))]
    Answers {
        /// The answers file as the user named it.
        name: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// The command line asked for something that does not exist.
    #[error("{}", self.localized(&crate::lang::EN))]
    Usage(String),
    /// An output file is already there and `--force` was not given.
    #[error("{}", self.localized(&crate::lang::EN))]
    Exists {
        /// The file that would have been replaced.
        name: String,
    },
    /// Writing output failed.
    #[error("{}", self.localized(&crate::lang::EN))]
    Write {
        /// Where the output was going.
        name: String,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// A valid rubric with texts missing in a language it declares.
    #[error("{}", self.localized(&crate::lang::EN))]
    Translations {
        /// The rubric's name.
        name: String,
        /// Each missing text, located.
        problems: Vec<Problem>,
    },
}

impl Error {
    /// The message in the given words (problem details stay in English).
    pub fn localized(&self, words: &Words) -> String {
        match self {
            Error::Read { name, source } => fill(
                words.cannot_read,
                &[("name", name), ("reason", &source.to_string())],
            ),
            Error::TooLarge { name, what, limit } => fill(
                words.too_large,
                &[
                    ("name", name),
                    ("what", what),
                    ("limit", &limit.to_string()),
                ],
            ),
            Error::NotUtf8 { name, line, column } => fill(
                words.not_utf8,
                &[
                    ("name", name),
                    ("line", &line.to_string()),
                    ("column", &column.to_string()),
                ],
            ),
            Error::Rubric { name, problems } => {
                with_problems(words.invalid_rubric, name, problems, words)
            }
            Error::Answers { name, problems } => {
                with_problems(words.invalid_answers, name, problems, words)
            }
            Error::Translations { name, problems } => {
                with_problems(words.missing_translations, name, problems, words)
            }
            Error::Usage(message) => message.clone(),
            Error::Exists { name } => fill(words.exists, &[("name", name)]),
            Error::Write { name, source } => fill(
                words.cannot_write,
                &[("name", name), ("reason", &source.to_string())],
            ),
        }
    }

    /// The process exit code for this error: 2 for bad input or usage.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Write { .. } => 1,
            _ => 2,
        }
    }

    /// Whether this error is a closed pipe on output (`pmlevel ... | head`),
    /// which a command-line tool ends on quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Where an input comes from: a path, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    /// Standard input.
    Stdin,
    /// A file on disk.
    Path(PathBuf),
}

impl InputSource {
    /// Parses a command-line argument: `-` is standard input.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            InputSource::Stdin
        } else {
            InputSource::Path(PathBuf::from(arg))
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            InputSource::Stdin => "<stdin>".to_string(),
            InputSource::Path(p) => p.display().to_string(),
        }
    }
}
