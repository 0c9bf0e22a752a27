//! The terminal report: level, score bars against the next level's needs,
//! why, the shortest path, gaps and the plan grouped by habit.
//!
//! Styles are written as ANSI codes; the caller's stream (anstream) strips
//! them when colour is off. Every text that came from a rubric or answers file
//! goes through [`sanitize`] so it cannot carry escape sequences.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::answers::describe;
use crate::rubric::{Rubric, Target};
use crate::scoring::ThresholdCheck;
use crate::text::{sanitize, wrap_lines};

const HEADING: Style = Style::new().bold();
const LEVEL: Style = AnsiColor::Cyan.on_default().bold();
const MET: Style = AnsiColor::Green.on_default();
const UNMET: Style = AnsiColor::Red.on_default();
const NOTE: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();
const BAR_CELLS: usize = 20;
const WIDTH: usize = 78;

/// Writes the text report.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    header(report, out)?;
    scores(report, out)?;
    why(report, out)?;
    shortest_path(report, out)?;
    gaps(report, out)?;
    habits(report, out)?;
    evidence(report, out)
}

fn header(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let (rubric, a) = (report.rubric, &report.assessment);
    let level = &rubric.levels[a.level];
    writeln!(
        out,
        "{LEVEL}{}{LEVEL:#}  {DIM}({} · level {} of {}){DIM:#}",
        sanitize(&level.name),
        sanitize(&level.id),
        a.level + 1,
        rubric.levels.len()
    )?;
    let who = report
        .answers
        .respondent
        .as_deref()
        .map(|r| format!("{} · ", sanitize(r)))
        .unwrap_or_default();
    writeln!(
        out,
        "{who}overall {:.1}/100 · rubric {} {}",
        a.overall,
        sanitize(&rubric.id),
        sanitize(&rubric.version)
    )?;
    wrap(out, &level.summary, "")?;
    if let Some(short) = a.borderline.near_next {
        let next = &rubric.levels[a.next.unwrap_or(a.level)];
        writeln!(
            out,
            "{NOTE}Borderline:{NOTE:#} within {short:.1} points of {} on every threshold.",
            sanitize(&next.name)
        )?;
    }
    if let Some((target, room)) = a.borderline.just_over {
        writeln!(
            out,
            "{NOTE}Borderline:{NOTE:#} only {room:.1} points over the {} threshold on {}.",
            sanitize(&level.name),
            sanitize(rubric.target_name(target))
        )?;
    }
    Ok(())
}

fn scores(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let (rubric, a) = (report.rubric, &report.assessment);
    let needs = a.next.map(|n| &rubric.levels[n]);
    let name_width = rubric
        .dimensions
        .iter()
        .map(|d| sanitize(&d.name).chars().count())
        .max()
        .unwrap_or(0)
        .max("Overall".len());
    write!(out, "\n{HEADING}Scores{HEADING:#}")?;
    match needs {
        Some(next) => writeln!(
            out,
            "{}{DIM}{} needs{DIM:#}",
            " ".repeat(name_width + BAR_CELLS + 14 - "Scores".len()),
            sanitize(&next.name)
        )?,
        None => writeln!(out)?,
    }
    let need_of = |target: Target| a.next_checks.iter().find(|c| c.target == target);
    for (d, dim) in rubric.dimensions.iter().enumerate() {
        let name = sanitize(&dim.name);
        write!(
            out,
            "  {name}{}  {}  {:>5.1}",
            " ".repeat(name_width - name.chars().count()),
            bar(a.dimensions[d]),
            a.dimensions[d]
        )?;
        need(out, need_of(Target::Dimension(d)))?;
    }
    write!(
        out,
        "  {HEADING}Overall{HEADING:#}{}  {}  {:>5.1}",
        " ".repeat(name_width - "Overall".len()),
        bar(a.overall),
        a.overall
    )?;
    need(out, need_of(Target::Overall))
}

fn bar(score: f64) -> String {
    let filled = ((score / 100.0 * BAR_CELLS as f64).round() as usize).min(BAR_CELLS);
    format!(
        "{}{DIM}{}{DIM:#}",
        "█".repeat(filled),
        "░".repeat(BAR_CELLS - filled)
    )
}

fn need(out: &mut dyn Write, check: Option<&ThresholdCheck>) -> io::Result<()> {
    match check {
        None => writeln!(out),
        Some(c) if c.met() => writeln!(out, "   ≥ {:<4} {MET}✓{MET:#}", c.need),
        Some(c) => writeln!(
            out,
            "   ≥ {:<4} {UNMET}✗ {:.1} short{UNMET:#}",
            c.need,
            c.shortfall()
        ),
    }
}

fn why(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n{HEADING}Why this level{HEADING:#}")?;
    wrap(out, &report.plan.why, "  ")
}

fn shortest_path(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rubric = report.rubric;
    let Some(path) = &report.plan.shortest_path else {
        return Ok(());
    };
    let target = report
        .plan
        .target
        .map_or("", |t| rubric.levels[t].name.as_str());
    writeln!(
        out,
        "\n{HEADING}Shortest path to {}{HEADING:#}: {} step{}",
        sanitize(target),
        path.steps,
        plural(path.steps)
    )?;
    for (i, c) in path.changes.iter().enumerate() {
        let q = &rubric.questions[c.question];
        let from = c
            .from
            .as_ref()
            .map_or_else(|| "unanswered".into(), |v| describe(rubric, c.question, v));
        let steps = if c.steps > 1 {
            format!(" ({} steps)", c.steps)
        } else {
            String::new()
        };
        writeln!(
            out,
            "  {}. {}: {} → {}{steps}",
            i + 1,
            sanitize(&q.id),
            sanitize(&from),
            sanitize(&describe(rubric, c.question, &c.to))
        )?;
        wrap(out, &c.label, "     ")?;
    }
    writeln!(
        out,
        "  {DIM}With these answers the result would be {}.{DIM:#}",
        sanitize(&rubric.levels[path.reaches].name)
    )
}

fn gaps(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rubric = report.rubric;
    if report.plan.gaps.is_empty() {
        return Ok(());
    }
    let heading = if report.plan.target.is_some() {
        "Gaps, biggest effect first"
    } else {
        "Where to widen impact"
    };
    writeln!(out, "\n{HEADING}{heading}{HEADING:#}")?;
    for gap in &report.plan.gaps {
        let name = sanitize(rubric.target_name(gap.target));
        match gap.need {
            Some(need) => writeln!(
                out,
                "  {HEADING}{name}{HEADING:#} {:.1} → {need} {DIM}(+{:.1} overall when closed){DIM:#}",
                gap.have, gap.impact
            )?,
            None => writeln!(out, "  {HEADING}{name}{HEADING:#} {:.1} of 100", gap.have)?,
        }
        for weak in &gap.weakest {
            let answer = report.answers.values[weak.question].as_ref().map_or_else(
                || "unanswered".into(),
                |a| describe(rubric, weak.question, &a.value),
            );
            writeln!(
                out,
                "    {} is {} ({:.0} points)",
                sanitize(&rubric.questions[weak.question].id),
                sanitize(&answer),
                weak.points
            )?;
            if let Some(next) = &weak.next {
                wrap(out, &format!("next step: {}", next.label), "      ")?;
            }
        }
    }
    Ok(())
}

fn habits(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.plan.habits.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n{HEADING}Growth plan{HEADING:#} {DIM}(by habit, most useful first){DIM:#}"
    )?;
    for group in &report.plan.habits {
        writeln!(out, "  {}", group.habit.title())?;
        for &a in &group.actions {
            action(out, report.rubric, a, "    [ ] ")?;
        }
    }
    Ok(())
}

fn action(out: &mut dyn Write, rubric: &Rubric, a: usize, bullet: &str) -> io::Result<()> {
    let action = &rubric.actions[a];
    let text = format!(
        "{} ({}, {})",
        action.text,
        action.timeframe.label(),
        rubric.dimensions[action.dimension].name.to_lowercase()
    );
    let indent = " ".repeat(bullet.chars().count());
    let lines = wrap_lines(&text, WIDTH - indent.len());
    for (i, line) in lines.iter().enumerate() {
        writeln!(out, "{}{line}", if i == 0 { bullet } else { &indent })?;
    }
    Ok(())
}

fn evidence(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rubric = report.rubric;
    let with_evidence: Vec<_> = report
        .answers
        .values
        .iter()
        .enumerate()
        .filter_map(|(q, a)| a.as_ref().filter(|a| a.evidence.is_some()).map(|a| (q, a)))
        .collect();
    if with_evidence.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{HEADING}Evidence{HEADING:#}")?;
    for (q, answer) in with_evidence {
        let source = answer
            .source
            .map(|s| {
                format!(
                    " ({})",
                    serde_json::to_value(s)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        writeln!(
            out,
            "  {} = {}{source}",
            sanitize(&rubric.questions[q].id),
            sanitize(&describe(rubric, q, &answer.value))
        )?;
        wrap(out, answer.evidence.as_deref().unwrap_or(""), "    ")?;
    }
    Ok(())
}

fn wrap(out: &mut dyn Write, text: &str, indent: &str) -> io::Result<()> {
    for line in wrap_lines(text, WIDTH - indent.len()) {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
