//! Text views of a rubric itself: the question list (`pmlevel questions`)
//! and the level ladder (`pmlevel rubric show`).

use std::io::{self, Write};

use anstyle::Style;

use crate::answers::format_number;
use crate::lang::fill;
use crate::rubric::{QuestionKind, Rubric};
use crate::text::{sanitize, sanitize_multiline};

const HEADING: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// Lists each question with its kind, allowed values and help.
pub fn questions(rubric: &Rubric, out: &mut dyn Write) -> io::Result<()> {
    let words = rubric.words();
    for (d, dim) in rubric.dimensions.iter().enumerate() {
        if d > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{HEADING}{}{HEADING:#} {DIM}({}, {}){DIM:#}",
            sanitize(&dim.name),
            sanitize(&dim.id),
            fill(words.weight, &[("weight", &dim.weight.to_string())])
        )?;
        for &q in &dim.questions {
            let question = &rubric.questions[q];
            writeln!(
                out,
                "  {HEADING}{}{HEADING:#}  {}",
                sanitize(&question.id),
                question.kind.name()
            )?;
            writeln!(out, "    {}", sanitize(&question.prompt))?;
            match &question.kind {
                QuestionKind::Number { min, max, unit, .. } => writeln!(
                    out,
                    "    {}{}",
                    fill(
                        words.number_range,
                        &[("min", &format_number(*min)), ("max", &format_number(*max))]
                    ),
                    unit.as_deref()
                        .map(|u| format!(" ({})", sanitize(u)))
                        .unwrap_or_default()
                )?,
                QuestionKind::Scale { anchors } => {
                    for (i, anchor) in anchors.iter().enumerate() {
                        writeln!(out, "    {}  {}", i + 1, sanitize(anchor))?;
                    }
                }
                QuestionKind::Choice { options } | QuestionKind::Multi { options } => {
                    let how = if matches!(question.kind, QuestionKind::Multi { .. }) {
                        words.any_of
                    } else {
                        words.one_of
                    };
                    writeln!(out, "    {how}:")?;
                    for o in options {
                        writeln!(out, "      {:<18} {}", sanitize(&o.id), sanitize(&o.label))?;
                    }
                }
            }
            if !question.help.is_empty() {
                writeln!(
                    out,
                    "    {DIM}{}{DIM:#}",
                    sanitize_multiline(&question.help)
                )?;
            }
        }
    }
    Ok(())
}

/// Shows the levels, lowest first, with what each requires.
pub fn levels(rubric: &Rubric, out: &mut dyn Write) -> io::Result<()> {
    let words = rubric.words();
    writeln!(
        out,
        "{HEADING}{}{HEADING:#} {DIM}({} {}){DIM:#}",
        sanitize(&rubric.name),
        sanitize(&rubric.id),
        sanitize(&rubric.version)
    )?;
    if !rubric.description.is_empty() {
        writeln!(out, "{}", sanitize(&rubric.description))?;
    }
    let weights: Vec<String> = rubric
        .dimensions
        .iter()
        .map(|d| format!("{} {}", sanitize(&d.id), d.weight))
        .collect();
    let weights = weights.join(", ");
    writeln!(
        out,
        "{}",
        fill(words.dimension_weights, &[("weights", &weights)])
    )?;
    for (rank, level) in rubric.levels.iter().enumerate() {
        writeln!(
            out,
            "\n{HEADING}{}. {}{HEADING:#} {DIM}({}){DIM:#}",
            rank + 1,
            sanitize(&level.name),
            sanitize(&level.id)
        )?;
        writeln!(out, "  {}", sanitize(&level.summary))?;
        let needs: Vec<String> = level
            .thresholds()
            .map(|(target, need)| format!("{} ≥ {}", sanitize(rubric.target_id(target)), need))
            .collect();
        if needs.is_empty() {
            writeln!(out, "  {}", words.requires_nothing)?;
        } else {
            let needs = needs.join(", ");
            writeln!(out, "  {}", fill(words.requires, &[("needs", &needs)]))?;
        }
        for (title, items) in [
            (words.responsibilities, &level.responsibilities),
            (words.level_skills, &level.skills),
        ] {
            if !items.is_empty() {
                writeln!(out, "  {title}:")?;
                for item in items {
                    writeln!(out, "    - {}", sanitize(item))?;
                }
            }
        }
    }
    Ok(())
}
