//! The end-of-batch summary (`--summary`): people per level and the mean
//! score per dimension. Text and CSV put it on stderr (so stdout stays one
//! kind of record); JSON and NDJSON end with a summary object; Markdown ends
//! with a section.

use std::io::{self, Write};

use serde::Serialize;

use super::Format;
use crate::batch::Summary;
use crate::lang::fill;
use crate::rubric::Rubric;
use crate::text::sanitize;

/// The summary as JSON: `{"summary": {...}}`.
#[derive(Debug, Serialize)]
pub struct SummaryJson<'a> {
    /// The summary itself.
    pub summary: SummaryBody<'a>,
}

/// Counts and means.
#[derive(Debug, Serialize)]
pub struct SummaryBody<'a> {
    /// People assessed.
    pub people: usize,
    /// Lines that could not be assessed.
    pub failed: usize,
    /// People per level id, lowest level first.
    pub levels: serde_json::Map<String, serde_json::Value>,
    /// Mean overall score.
    pub mean_overall: f64,
    /// Mean score per dimension id.
    pub mean_dimensions: serde_json::Map<String, serde_json::Value>,
    /// The rubric id.
    pub rubric: &'a str,
}

/// Builds the JSON form of a summary.
pub fn json<'a>(rubric: &'a Rubric, summary: &Summary) -> SummaryJson<'a> {
    let levels = rubric
        .levels
        .iter()
        .zip(&summary.per_level)
        .map(|(l, n)| (l.id.clone(), (*n).into()))
        .collect();
    let mean_dimensions = rubric
        .dimensions
        .iter()
        .zip(summary.mean_dimensions())
        .map(|(d, m)| (d.id.clone(), m.into()))
        .collect();
    SummaryJson {
        summary: SummaryBody {
            people: summary.people,
            failed: summary.failed,
            levels,
            mean_overall: summary.mean_overall(),
            mean_dimensions,
            rubric: &rubric.id,
        },
    }
}

/// Writes the summary where the format wants it.
pub fn render(
    rubric: &Rubric,
    summary: &Summary,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json(rubric, summary)).unwrap_or_default()
        ),
        Format::Ndjson => writeln!(
            out,
            "{}",
            serde_json::to_string(&json(rubric, summary)).unwrap_or_default()
        ),
        Format::Markdown => markdown(rubric, summary, out),
        Format::Text | Format::Csv | Format::Html => text(rubric, summary, err),
    }
}

fn text(rubric: &Rubric, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let words = rubric.words();
    let failed = if summary.failed > 0 {
        let s = if summary.failed == 1 { "" } else { "s" };
        let n = summary.failed.to_string();
        fill(words.failed, &[("n", &n), ("s", s)])
    } else {
        String::new()
    };
    let people = summary.people.to_string();
    writeln!(
        out,
        "{}",
        fill(words.summary, &[("n", &people), ("failed", &failed)])
    )?;
    let width = rubric
        .levels
        .iter()
        .map(|l| crate::text::width(&sanitize(&l.name)))
        .max()
        .unwrap_or(0);
    for (level, n) in rubric.levels.iter().zip(&summary.per_level) {
        let name = sanitize(&level.name);
        writeln!(
            out,
            "  {name}{}  {n:>5}",
            " ".repeat(width - crate::text::width(&name))
        )?;
    }
    let means: Vec<String> = rubric
        .dimensions
        .iter()
        .zip(summary.mean_dimensions())
        .map(|(d, m)| format!("{} {m:.1}", sanitize(&d.id)))
        .collect();
    let means = format!(
        "{} {:.1}, {}",
        words.overall,
        summary.mean_overall(),
        means.join(", ")
    );
    writeln!(out, "  {}", fill(words.mean, &[("means", &means)]))
}

fn markdown(rubric: &Rubric, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "## Summary\n\n{} assessed, {} failed.\n",
        summary.people, summary.failed
    )?;
    writeln!(out, "| Level | People |\n|---|---:|")?;
    for (level, n) in rubric.levels.iter().zip(&summary.per_level) {
        writeln!(
            out,
            "| {} | {n} |",
            sanitize(&level.name).replace('|', "\\|")
        )?;
    }
    writeln!(
        out,
        "\n| Mean | Score |\n|---|---:|\n| overall | {:.1} |",
        summary.mean_overall()
    )?;
    for (d, m) in rubric.dimensions.iter().zip(summary.mean_dimensions()) {
        writeln!(out, "| {} | {m:.1} |", sanitize(&d.id).replace('|', "\\|"))?;
    }
    Ok(())
}
