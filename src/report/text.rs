//! The terminal report: level, score bars against the next level's needs,
//! why, the shortest path, gaps and the plan grouped by habit.
//!
//! Styles are written as ANSI codes; the caller's stream (anstream) strips
//! them when colour is off. Every text that came from a rubric or answers file
//! goes through [`sanitize`] so it cannot carry escape sequences.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::answers::{describe, describe_or_unanswered};
use crate::lang::{Words, fill};
use crate::rubric::{Rubric, Target};
use crate::scoring::ThresholdCheck;
use crate::text::{pad, sanitize, width, wrap_lines};

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
    let words = rubric.words();
    let level = &rubric.levels[a.level];
    let rank = rubric.rank(a.level);
    writeln!(
        out,
        "{LEVEL}{}{LEVEL:#}  {DIM}({} · {rank}){DIM:#}",
        sanitize(&level.name),
        sanitize(&level.id),
    )?;
    let who = report
        .answers
        .respondent
        .as_deref()
        .map(|r| format!("{} · ", sanitize(r)))
        .unwrap_or_default();
    writeln!(
        out,
        "{who}{} {:.1}/100 · {} {} {}",
        words.overall,
        a.overall,
        words.rubric,
        sanitize(&rubric.id),
        sanitize(&rubric.version)
    )?;
    wrap(out, &level.summary, "")?;
    for note in super::borderline_notes(rubric, a) {
        writeln!(out, "{NOTE}{}{NOTE:#}{}", words.borderline, sanitize(&note))?;
    }
    Ok(())
}

fn scores(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let (rubric, a) = (report.rubric, &report.assessment);
    let words = rubric.words();
    let needs = a.next.map(|n| &rubric.levels[n]);
    let name_width = rubric
        .dimensions
        .iter()
        .map(|d| width(&sanitize(&d.name)))
        .max()
        .unwrap_or(0)
        .max(width(words.overall_heading));
    let heading = pad(words.scores, name_width + BAR_CELLS + 14);
    write!(out, "\n{HEADING}{}{HEADING:#}", heading.trim_end())?;
    match needs {
        Some(next) => writeln!(
            out,
            "{}{DIM}{}{DIM:#}",
            " ".repeat(width(&heading) - width(heading.trim_end())),
            fill(words.needs, &[("level", &sanitize(&next.name))])
        )?,
        None => writeln!(out)?,
    }
    let need_of = |target: Target| a.next_checks.iter().find(|c| c.target == target);
    for (d, dim) in rubric.dimensions.iter().enumerate() {
        write!(
            out,
            "  {}  {}  {:>5.1}",
            pad(&sanitize(&dim.name), name_width),
            bar(a.dimensions[d]),
            a.dimensions[d]
        )?;
        need(out, need_of(Target::Dimension(d)), words)?;
    }
    write!(
        out,
        "  {HEADING}{}{HEADING:#}{}  {}  {:>5.1}",
        words.overall_heading,
        " ".repeat(name_width - width(words.overall_heading)),
        bar(a.overall),
        a.overall
    )?;
    need(out, need_of(Target::Overall), words)
}

fn bar(score: f64) -> String {
    let filled = ((score / 100.0 * BAR_CELLS as f64).round() as usize).min(BAR_CELLS);
    format!(
        "{}{DIM}{}{DIM:#}",
        "█".repeat(filled),
        "░".repeat(BAR_CELLS - filled)
    )
}

fn need(out: &mut dyn Write, check: Option<&ThresholdCheck>, words: &Words) -> io::Result<()> {
    match check {
        None => writeln!(out),
        Some(c) if c.met() => writeln!(out, "   ≥ {:<4} {MET}✓{MET:#}", c.need),
        Some(c) => writeln!(
            out,
            "   ≥ {:<4} {UNMET}✗ {}{UNMET:#}",
            c.need,
            fill(words.short, &[("short", &format!("{:.1}", c.shortfall()))])
        ),
    }
}

fn why(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n{HEADING}{}{HEADING:#}", report.rubric.words().why)?;
    wrap(out, &report.plan.why, "  ")
}

fn shortest_path(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rubric = report.rubric;
    let words = rubric.words();
    let Some(path) = &report.plan.shortest_path else {
        return Ok(());
    };
    let target = report
        .plan
        .target
        .map_or("", |t| rubric.levels[t].name.as_str());
    writeln!(
        out,
        "\n{HEADING}{}{HEADING:#}: {}",
        fill(words.shortest_path, &[("level", &sanitize(target))]),
        steps(words, path.steps)
    )?;
    for (i, c) in path.changes.iter().enumerate() {
        let q = &rubric.questions[c.question];
        let from = describe_or_unanswered(rubric, c.question, c.from.as_ref());
        let steps = if c.steps > 1 {
            format!(" ({})", steps(words, c.steps))
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
        "  {DIM}{}{DIM:#}",
        fill(
            words.would_be,
            &[("level", &sanitize(&rubric.levels[path.reaches].name))]
        )
    )
}

fn gaps(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rubric = report.rubric;
    let words = rubric.words();
    if report.plan.gaps.is_empty() {
        return Ok(());
    }
    let heading = if report.plan.target.is_some() {
        words.gaps
    } else {
        words.widen
    };
    writeln!(out, "\n{HEADING}{heading}{HEADING:#}")?;
    for gap in &report.plan.gaps {
        let name = sanitize(rubric.target_name(gap.target));
        match gap.need {
            Some(need) => writeln!(
                out,
                "  {HEADING}{name}{HEADING:#} {:.1} → {need} {DIM}({}){DIM:#}",
                gap.have,
                fill(
                    words.when_closed,
                    &[("impact", &format!("{:.1}", gap.impact))]
                )
            )?,
            None => writeln!(
                out,
                "  {HEADING}{name}{HEADING:#} {}",
                fill(words.of_100, &[("have", &format!("{:.1}", gap.have))])
            )?,
        }
        for weak in &gap.weakest {
            let answer = report.answers.values[weak.question].as_ref();
            let answer = describe_or_unanswered(rubric, weak.question, answer.map(|a| &a.value));
            let line = fill(
                words.answer_is,
                &[
                    ("question", &sanitize(&rubric.questions[weak.question].id)),
                    ("answer", &sanitize(&answer)),
                    ("points", &format!("{:.0}", weak.points)),
                ],
            );
            writeln!(out, "    {line}")?;
            if let Some(next) = &weak.next {
                wrap(
                    out,
                    &fill(words.next_step, &[("label", &next.label)]),
                    "      ",
                )?;
            }
        }
    }
    Ok(())
}

fn habits(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.plan.habits.is_empty() {
        return Ok(());
    }
    let words = report.rubric.words();
    writeln!(
        out,
        "\n{HEADING}{}{HEADING:#} {DIM}{}{DIM:#}",
        words.growth_plan, words.by_habit
    )?;
    for group in &report.plan.habits {
        writeln!(out, "  {}", group.habit.title(words))?;
        for &a in &group.actions {
            action(out, report.rubric, a, "    [ ] ")?;
        }
    }
    Ok(())
}

fn action(out: &mut dyn Write, rubric: &Rubric, a: usize, bullet: &str) -> io::Result<()> {
    let action = &rubric.actions[a];
    let text = fill(
        rubric.words().action_line,
        &[
            ("text", &action.text),
            ("timeframe", action.timeframe.label(rubric.words())),
            (
                "dimension",
                &rubric.dimensions[action.dimension].name.to_lowercase(),
            ),
        ],
    );
    let indent = " ".repeat(width(bullet));
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
    writeln!(out, "\n{HEADING}{}{HEADING:#}", rubric.words().evidence)?;
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

/// "1 step", "3 steps".
fn steps(words: &Words, n: usize) -> String {
    let s = if n == 1 { "" } else { "s" };
    fill(words.steps, &[("n", &n.to_string()), ("s", s)])
}
