//! Markdown: a report to paste into a review document or a pull-request
//! comment. Headings, a table of scores against the next level's needs, the
//! reasons, the shortest path, the gaps and the plan as a checklist.

use std::io::{self, Write};

use super::Report;
use crate::answers::{describe, describe_or_unanswered};
use crate::lang::fill;
use crate::rubric::Target;
use crate::text::{capitalized, sanitize};

/// Writes the Markdown report.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let (rubric, a, plan) = (report.rubric, &report.assessment, &report.plan);
    let words = rubric.words();
    let level = &rubric.levels[a.level];
    let who = report
        .answers
        .respondent
        .as_deref()
        .map(|r| format!("{}: ", cell(r)))
        .unwrap_or_default();
    writeln!(out, "## {who}{}\n", cell(&level.name))?;
    let rank = capitalized(&rubric.rank(a.level));
    writeln!(
        out,
        "{rank} · {} **{:.1}**/100 · {} `{}` {}\n",
        words.overall,
        a.overall,
        words.rubric,
        cell(&rubric.id),
        cell(&rubric.version)
    )?;
    writeln!(out, "{}\n", cell(&level.summary))?;
    if a.borderline.is_borderline() {
        writeln!(out, "> {}\n", words.borderline_result)?;
    }
    let next = a.next.map(|n| &rubric.levels[n]);
    match next {
        Some(next) => writeln!(
            out,
            "| {} | {} | {} | |\n|---|---:|---:|---|",
            words.dimension,
            words.score,
            fill(words.needs, &[("level", &cell(&next.name))])
        )?,
        None => writeln!(out, "| {} | {} |\n|---|---:|", words.dimension, words.score)?,
    }
    for target in rubric.targets() {
        let have = match target {
            Target::Overall => a.overall,
            Target::Dimension(d) => a.dimensions[d],
        };
        let name = cell(rubric.target_heading(target));
        let check = a.next_checks.iter().find(|c| c.target == target);
        match (next, check) {
            (None, _) => writeln!(out, "| {name} | {have:.1} |")?,
            (Some(_), None) => writeln!(out, "| {name} | {have:.1} | | |")?,
            (Some(_), Some(c)) if c.met() => {
                writeln!(out, "| {name} | {have:.1} | {} | ✅ |", c.need)?
            }
            (Some(_), Some(c)) => writeln!(
                out,
                "| {name} | {have:.1} | {} | ❌ {} |",
                c.need,
                fill(words.short, &[("short", &format!("{:.1}", c.shortfall()))])
            )?,
        }
    }
    writeln!(out, "\n### {}\n\n{}\n", words.why, cell(&plan.why))?;
    if let Some(path) = &plan.shortest_path {
        let target = next.map_or("", |n| n.name.as_str());
        let s = if path.steps == 1 { "" } else { "s" };
        writeln!(
            out,
            "### {} ({})\n",
            fill(words.shortest_path, &[("level", &cell(target))]),
            fill(words.steps, &[("n", &path.steps.to_string()), ("s", s)])
        )?;
        for c in &path.changes {
            let from = describe_or_unanswered(rubric, c.question, c.from.as_ref());
            writeln!(
                out,
                "1. `{}`: {} → {} — {}",
                cell(&rubric.questions[c.question].id),
                cell(&from),
                cell(&describe(rubric, c.question, &c.to)),
                cell(&c.label)
            )?;
        }
        writeln!(out)?;
    }
    if !plan.gaps.is_empty() {
        let heading = if plan.target.is_some() {
            words.gaps
        } else {
            words.widen
        };
        writeln!(out, "### {heading}\n")?;
        for gap in &plan.gaps {
            let need = gap
                .need
                .map_or_else(|| "100".to_string(), |n| n.to_string());
            writeln!(
                out,
                "- **{}**: {:.1} → {need}",
                cell(rubric.target_name(gap.target)),
                gap.have
            )?;
            for weak in &gap.weakest {
                if let Some(next) = &weak.next {
                    writeln!(
                        out,
                        "  - `{}`: {}",
                        cell(&rubric.questions[weak.question].id),
                        fill(words.next_step, &[("label", &cell(&next.label))])
                    )?;
                }
            }
        }
        writeln!(out)?;
    }
    if !plan.habits.is_empty() {
        writeln!(out, "### {}\n", words.growth_plan)?;
        for group in &plan.habits {
            writeln!(out, "**{}**\n", group.habit.title(words))?;
            for &i in &group.actions {
                let action = &rubric.actions[i];
                writeln!(
                    out,
                    "- [ ] {} _({})_",
                    cell(&action.text),
                    action.timeframe.label(words)
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Text from a rubric or answers file, made safe for one Markdown line or
/// table cell: control characters escaped, pipes and line breaks neutralised.
fn cell(text: &str) -> String {
    sanitize(text).replace('|', "\\|")
}
