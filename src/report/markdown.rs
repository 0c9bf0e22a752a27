//! Markdown: a report to paste into a review document or a pull-request
//! comment. Headings, a table of scores against the next level's needs, the
//! reasons, the shortest path, the gaps and the plan as a checklist.

use std::io::{self, Write};

use super::Report;
use crate::answers::describe;
use crate::rubric::Target;
use crate::text::sanitize;

/// Writes the Markdown report.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let (rubric, a, plan) = (report.rubric, &report.assessment, &report.plan);
    let level = &rubric.levels[a.level];
    let who = report
        .answers
        .respondent
        .as_deref()
        .map(|r| format!("{}: ", cell(r)))
        .unwrap_or_default();
    writeln!(out, "## {who}{}\n", cell(&level.name))?;
    writeln!(
        out,
        "Level {} of {} · overall **{:.1}**/100 · rubric `{}` {}\n",
        a.level + 1,
        rubric.levels.len(),
        a.overall,
        cell(&rubric.id),
        cell(&rubric.version)
    )?;
    writeln!(out, "{}\n", cell(&level.summary))?;
    if a.borderline.is_borderline() {
        writeln!(out, "> **Borderline** result: close to a level boundary.\n")?;
    }
    let next = a.next.map(|n| &rubric.levels[n]);
    match next {
        Some(next) => writeln!(
            out,
            "| Dimension | Score | {} needs | |\n|---|---:|---:|---|",
            cell(&next.name)
        )?,
        None => writeln!(out, "| Dimension | Score |\n|---|---:|")?,
    }
    let targets = (0..rubric.dimensions.len())
        .map(Target::Dimension)
        .chain([Target::Overall]);
    for target in targets {
        let have = match target {
            Target::Overall => a.overall,
            Target::Dimension(d) => a.dimensions[d],
        };
        let name = cell(rubric.target_name(target));
        let check = a.next_checks.iter().find(|c| c.target == target);
        match (next, check) {
            (None, _) => writeln!(out, "| {name} | {have:.1} |")?,
            (Some(_), None) => writeln!(out, "| {name} | {have:.1} | | |")?,
            (Some(_), Some(c)) if c.met() => {
                writeln!(out, "| {name} | {have:.1} | {} | ✅ |", c.need)?
            }
            (Some(_), Some(c)) => writeln!(
                out,
                "| {name} | {have:.1} | {} | ❌ {:.1} short |",
                c.need,
                c.shortfall()
            )?,
        }
    }
    writeln!(out, "\n### Why this level\n\n{}\n", cell(&plan.why))?;
    if let Some(path) = &plan.shortest_path {
        let target = next.map_or("", |n| n.name.as_str());
        writeln!(
            out,
            "### Shortest path to {} ({} steps)\n",
            cell(target),
            path.steps
        )?;
        for c in &path.changes {
            let from = c
                .from
                .as_ref()
                .map_or_else(|| "unanswered".into(), |v| describe(rubric, c.question, v));
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
        writeln!(out, "### Gaps\n")?;
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
                        "  - `{}`: next step: {}",
                        cell(&rubric.questions[weak.question].id),
                        cell(&next.label)
                    )?;
                }
            }
        }
        writeln!(out)?;
    }
    if !plan.habits.is_empty() {
        writeln!(out, "### Growth plan\n")?;
        for group in &plan.habits {
            writeln!(out, "**{}**\n", group.habit.title())?;
            for &i in &group.actions {
                let action = &rubric.actions[i];
                writeln!(
                    out,
                    "- [ ] {} _({})_",
                    cell(&action.text),
                    action.timeframe.label()
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
