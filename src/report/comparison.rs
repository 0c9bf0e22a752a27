//! Renderers for `pmlevel compare`: text, JSON and Markdown, from a
//! [`Comparison`] computed by [`crate::compare`].

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::answers::{Answers, describe_or_unanswered, value_to_json};
use crate::compare::Comparison;
use crate::lang::fill;
use crate::rubric::Rubric;
use crate::scoring::{Assessment, round1};
use crate::text::{capitalized, pad, sanitize};

/// One side of a comparison.
pub struct Side<'a> {
    /// Its name (the file as given).
    pub name: &'a str,
    /// Its answers.
    pub answers: &'a Answers,
}

/// The comparison as JSON.
#[derive(Debug, Serialize)]
pub struct ComparisonJson<'a> {
    /// Version of the result format.
    pub schema_version: &'static str,
    /// The rubric id.
    pub rubric: &'a str,
    /// The first answers set.
    pub a: SideJson<'a>,
    /// The second answers set.
    pub b: SideJson<'a>,
    /// Rank of b's level minus rank of a's.
    pub level_change: i64,
    /// Overall scores.
    pub overall: DeltaJson<'a>,
    /// Dimension scores.
    pub dimensions: Vec<DeltaJson<'a>>,
    /// The answers that differ most.
    pub differences: Vec<DifferenceJson<'a>>,
}

/// One side's result.
#[derive(Debug, Serialize)]
pub struct SideJson<'a> {
    /// The file.
    pub source: &'a str,
    /// Who it is about.
    pub respondent: Option<&'a str>,
    /// Matched level id.
    pub level: &'a str,
    /// Overall score.
    pub overall: f64,
}

/// A score on both sides.
#[derive(Debug, Serialize)]
pub struct DeltaJson<'a> {
    /// `overall` or a dimension id.
    pub id: &'a str,
    /// First side's score.
    pub a: f64,
    /// Second side's score.
    pub b: f64,
    /// b minus a.
    pub delta: f64,
}

/// An answer that differs.
#[derive(Debug, Serialize)]
pub struct DifferenceJson<'a> {
    /// Question id.
    pub question: &'a str,
    /// First side's answer.
    pub a: Value,
    /// Second side's answer.
    pub b: Value,
    /// Points on each side.
    pub points_a: f64,
    /// Points on each side.
    pub points_b: f64,
    /// Overall points this difference alone moves.
    pub overall_impact: f64,
}

/// Builds the JSON form.
pub fn json<'a>(
    rubric: &'a Rubric,
    c: &Comparison,
    a: &Side<'a>,
    b: &Side<'a>,
) -> ComparisonJson<'a> {
    let side = |s: &Side<'a>, x: &Assessment| SideJson {
        source: s.name,
        respondent: s.answers.respondent.as_deref(),
        level: &rubric.levels[x.level].id,
        overall: x.overall,
    };
    let answer = |s: &Side, q: usize| {
        s.answers.values[q].as_ref().map_or(Value::Null, |v| {
            value_to_json(&rubric.questions[q].kind, &v.value)
        })
    };
    ComparisonJson {
        schema_version: super::json::SCHEMA_VERSION,
        rubric: &rubric.id,
        a: side(a, &c.a),
        b: side(b, &c.b),
        level_change: c.b.level as i64 - c.a.level as i64,
        overall: delta("overall", c.a.overall, c.b.overall),
        dimensions: rubric
            .dimensions
            .iter()
            .enumerate()
            .map(|(d, dim)| delta(&dim.id, c.a.dimensions[d], c.b.dimensions[d]))
            .collect(),
        differences: c
            .differences
            .iter()
            .map(|d| DifferenceJson {
                question: &rubric.questions[d.question].id,
                a: answer(a, d.question),
                b: answer(b, d.question),
                points_a: round1(d.points.0),
                points_b: round1(d.points.1),
                overall_impact: d.overall_impact,
            })
            .collect(),
    }
}

fn delta(id: &str, a: f64, b: f64) -> DeltaJson<'_> {
    DeltaJson {
        id,
        a,
        b,
        delta: round1(b - a),
    }
}

fn side_name(s: &Side) -> String {
    match &s.answers.respondent {
        Some(r) => format!("{} ({})", sanitize(s.name), sanitize(r)),
        None => sanitize(s.name).into_owned(),
    }
}

/// One side's answer to a question, for display (sanitised).
pub(crate) fn answer_text(rubric: &Rubric, s: &Side, q: usize) -> String {
    let value = s.answers.values[q].as_ref().map(|v| &v.value);
    sanitize(&describe_or_unanswered(rubric, q, value)).into_owned()
}

/// Writes the comparison as text.
pub fn text(
    rubric: &Rubric,
    c: &Comparison,
    a: &Side,
    b: &Side,
    out: &mut dyn Write,
) -> io::Result<()> {
    let words = rubric.words();
    writeln!(out, "A: {}\nB: {}\n", side_name(a), side_name(b))?;
    let (la, lb) = (&rubric.levels[c.a.level], &rubric.levels[c.b.level]);
    let levels = |template: &str, n: i64| {
        let s = if n == 1 { "" } else { "s" };
        fill(template, &[("n", &n.to_string()), ("s", s)])
    };
    let change = match c.b.level as i64 - c.a.level as i64 {
        0 => words.same_level.to_string(),
        n if n > 0 => levels(words.levels_higher, n),
        n => levels(words.levels_lower, -n),
    };
    writeln!(
        out,
        "{} {} → {} ({change})",
        pad(words.level_label, 8),
        sanitize(&la.name),
        sanitize(&lb.name)
    )?;
    let width = rubric
        .dimensions
        .iter()
        .map(|d| crate::text::width(&sanitize(&d.name)))
        .max()
        .unwrap_or(0)
        .max(crate::text::width(words.overall_heading));
    writeln!(
        out,
        "\n{:<width$}  {:>6}  {:>6}  {}{}",
        "",
        "A",
        "B",
        " ".repeat(6usize.saturating_sub(crate::text::width(words.change))),
        words.change
    )?;
    for (d, dim) in rubric.dimensions.iter().enumerate() {
        let name = sanitize(&dim.name);
        let pad = " ".repeat(width - crate::text::width(&name));
        writeln!(
            out,
            "{name}{pad}  {:>6.1}  {:>6.1}  {:>+6.1}",
            c.a.dimensions[d],
            c.b.dimensions[d],
            round1(c.b.dimensions[d] - c.a.dimensions[d])
        )?;
    }
    writeln!(
        out,
        "{}  {:>6.1}  {:>6.1}  {:>+6.1}",
        pad(words.overall_heading, width),
        c.a.overall,
        c.b.overall,
        round1(c.b.overall - c.a.overall)
    )?;
    if c.differences.is_empty() {
        return writeln!(out, "\n{}", words.all_same);
    }
    writeln!(out, "\n{}", words.differences)?;
    for d in &c.differences {
        let impact = format!("{:+.1}", d.overall_impact);
        writeln!(
            out,
            "  {}: {} → {} ({})",
            sanitize(&rubric.questions[d.question].id),
            answer_text(rubric, a, d.question),
            answer_text(rubric, b, d.question),
            fill(words.overall_impact, &[("impact", &impact)])
        )?;
    }
    Ok(())
}

/// Writes the comparison as Markdown.
pub fn markdown(
    rubric: &Rubric,
    c: &Comparison,
    a: &Side,
    b: &Side,
    out: &mut dyn Write,
) -> io::Result<()> {
    let words = rubric.words();
    let cell = |t: &str| t.replace('|', "\\|");
    writeln!(
        out,
        "## {}\n\n- **A**: {}\n- **B**: {}\n",
        words.comparison_title,
        cell(&side_name(a)),
        cell(&side_name(b))
    )?;
    writeln!(
        out,
        "| | A | B | {} |\n|---|---|---|---:|",
        capitalized(words.change)
    )?;
    writeln!(
        out,
        "| {} | {} | {} | {:+} |",
        words.level_label,
        cell(&sanitize(&rubric.levels[c.a.level].name)),
        cell(&sanitize(&rubric.levels[c.b.level].name)),
        c.b.level as i64 - c.a.level as i64
    )?;
    for (d, dim) in rubric.dimensions.iter().enumerate() {
        writeln!(
            out,
            "| {} | {:.1} | {:.1} | {:+.1} |",
            cell(&sanitize(&dim.name)),
            c.a.dimensions[d],
            c.b.dimensions[d],
            round1(c.b.dimensions[d] - c.a.dimensions[d])
        )?;
    }
    writeln!(
        out,
        "| **{}** | {:.1} | {:.1} | {:+.1} |",
        words.overall_heading,
        c.a.overall,
        c.b.overall,
        round1(c.b.overall - c.a.overall)
    )?;
    if !c.differences.is_empty() {
        writeln!(
            out,
            "\n### {}\n\n| {} | A | B | {} |\n|---|---|---|---:|",
            words.differences, words.question, words.overall_heading
        )?;
        for d in &c.differences {
            writeln!(
                out,
                "| `{}` | {} | {} | {:+.1} |",
                cell(&sanitize(&rubric.questions[d.question].id)),
                cell(&answer_text(rubric, a, d.question)),
                cell(&answer_text(rubric, b, d.question)),
                d.overall_impact
            )?;
        }
    }
    Ok(())
}
