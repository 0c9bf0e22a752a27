//! Reports: the assessment and growth plan of one person, and the renderers
//! that turn them into text or JSON. Renderers only format; every number
//! they show was computed by [`crate::scoring`] or [`crate::plan`].

pub mod cases;
pub mod catalog;
pub mod comparison;
pub mod csv;
pub mod html;
pub mod json;
pub mod json_line;
pub mod markdown;
pub mod radar;
pub mod summary;
pub mod text;

use std::borrow::Cow;

use crate::answers::Answers;
use crate::plan::{GrowthPlan, growth_plan};
use crate::rubric::Rubric;
use crate::scoring::{Assessment, assess};

/// Builds one record's text (a CSV row, an NDJSON line) and writes it
/// whole, for a single report (a batch builds its records in place in the
/// text it writes out; see `batch`).
fn write_record(
    out: &mut dyn std::io::Write,
    build: impl FnOnce(&mut String),
) -> std::io::Result<()> {
    let mut line = String::new();
    build(&mut line);
    out.write_all(line.as_bytes())
}

/// The output formats of `assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable report for a terminal.
    Text,
    /// One pretty JSON object per person, a stable contract for scripts.
    Json,
    /// One compact JSON object per line.
    Ndjson,
    /// One row per person, for a spreadsheet.
    Csv,
    /// A report to paste into a review document or a pull request.
    Markdown,
    /// One self-contained HTML page with a radar chart (one person).
    Html,
}

/// Everything a renderer needs about one person's result.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The rubric used.
    pub rubric: &'a Rubric,
    /// The answers given.
    pub answers: &'a Answers,
    /// The scores and matched level (borrowed in a batch, which scores
    /// each person in place: moving a ~2 KB assessment into each report
    /// cost two copies a person).
    pub assessment: Cow<'a, Assessment>,
    /// The growth plan (borrowed in a batch, which plans each person into
    /// a plan it keeps, reusing its lists).
    pub plan: Cow<'a, GrowthPlan<'a>>,
}

/// The borderline notes of a result, in the rubric's words, unescaped:
/// close to every threshold of the next level, and only just over one of
/// the matched level's.
pub fn borderline_notes(rubric: &Rubric, a: &Assessment) -> Vec<String> {
    let words = rubric.words();
    let mut notes = Vec::new();
    if let Some(short) = a.borderline.near_next {
        let next = &rubric.levels[a.next.unwrap_or(a.level)];
        notes.push(crate::lang::fill(
            words.borderline_near,
            &[("short", &format!("{short:.1}")), ("level", &next.name)],
        ));
    }
    if let Some((target, room)) = a.borderline.just_over {
        notes.push(crate::lang::fill(
            words.borderline_over,
            &[
                ("room", &format!("{room:.1}")),
                ("level", &rubric.levels[a.level].name),
                ("target", rubric.target_name(target)),
            ],
        ));
    }
    notes
}

impl<'a> Report<'a> {
    /// Scores the answers and builds the plan.
    pub fn new(rubric: &'a Rubric, answers: &'a Answers) -> Self {
        let assessment = assess(rubric, answers);
        let plan = growth_plan(rubric, answers, &assessment);
        Report {
            rubric,
            answers,
            assessment: Cow::Owned(assessment),
            plan: Cow::Owned(plan),
        }
    }
}
