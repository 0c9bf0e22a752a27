//! Rubric tests: a folder of answers files, each with the `expected_level`
//! its profile should reach. Running them after a rubric edit shows at once
//! whether an archetype moved.

use std::path::Path;

use crate::answers::{Answers, Completeness};
use crate::error::{Error, InputSource};
use crate::input::SourceText;
use crate::rubric::Rubric;
use crate::scoring::assess;

/// How one case went.
#[derive(Debug)]
pub enum Verdict {
    /// The expected level matched.
    Pass {
        /// The level, by index.
        level: usize,
        /// The overall score.
        overall: f64,
    },
    /// Another level matched.
    Fail {
        /// The level expected, by index.
        expected: usize,
        /// The level matched, by index.
        got: usize,
        /// The overall score.
        overall: f64,
    },
    /// The file could not be used as a case.
    Invalid(Error),
}

/// One case: its file name and verdict.
#[derive(Debug)]
pub struct Case {
    /// The file name within the folder.
    pub name: String,
    /// What happened.
    pub verdict: Verdict,
}

/// Runs every `*.json` file in `dir` (each at most `limit` bytes), in name order.
pub fn run(rubric: &Rubric, dir: &Path, limit: u64) -> Result<Vec<Case>, Error> {
    let read_error = |source| Error::Read {
        name: dir.display().to_string(),
        source,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| Case {
            name: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            verdict: verdict(rubric, &path, limit),
        })
        .collect())
}

fn verdict(rubric: &Rubric, path: &Path, limit: u64) -> Verdict {
    let source = InputSource::Path(path.to_path_buf());
    let answers = SourceText::read(&source, limit, "an answers file")
        .and_then(|text| Answers::parse(&text, rubric, Completeness::Complete));
    let answers = match answers {
        Ok(a) => a,
        Err(e) => return Verdict::Invalid(e),
    };
    let Some(expected) = answers
        .expected_level
        .as_deref()
        .and_then(|l| rubric.level_index(l))
    else {
        return Verdict::Invalid(Error::Usage(format!(
            "{}: a rubric test case needs \"expected_level\"",
            path.display()
        )));
    };
    let a = assess(rubric, &answers);
    if a.level == expected {
        Verdict::Pass {
            level: a.level,
            overall: a.overall,
        }
    } else {
        Verdict::Fail {
            expected,
            got: a.level,
            overall: a.overall,
        }
    }
}
