//! The HTML reports: one self-contained page (inline CSS and SVG, no
//! scripts, no network) for a person's result or a comparison of two, that
//! reads well on screen and prints on A4.
//!
//! Every text from a rubric or answers file is escaped for HTML and has its
//! control characters made visible ([`escape`]).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Report;
use super::comparison::{Side, answer_text};
use super::radar::{self, Series};
use crate::compare::Comparison;
use crate::lang::{Words, fill};
use crate::rubric::{Rubric, Target};
use crate::scoring::Assessment;
use crate::text::{capitalized, sanitize};

/// The stylesheet: screen first, then print on A4.
const STYLE: &str = r#"
:root { --ink: #1d2433; --muted: #5b6478; --line: #d8dde8; --accent: #2f6fde;
  --you: #2f6fde; --floor: #8a94a8; --next: #e07a1f; --other: #1f9e6e; --bad: #c2362b; --good: #1f9e6e; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f7fb; color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
    "PingFang SC", "Microsoft YaHei", sans-serif; }
main { max-width: 900px; margin: 24px auto; background: #fff; padding: 32px 40px;
  border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
h1 { font-size: 30px; margin: 4px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.eyebrow, .meta, footer { color: var(--muted); font-size: 13px; }
.rank strong { font-size: 20px; }
.note { background: #fff6e5; border-left: 4px solid var(--next); padding: 8px 12px; }
.chart { display: grid; grid-template-columns: 420px 1fr; gap: 16px; align-items: start; }
.radar { width: 100%; max-width: 420px; height: auto; }
.ring { fill: none; stroke: var(--line); }
.axis { stroke: var(--line); }
.axis-label { font-size: 13px; fill: var(--ink); }
.series { stroke-width: 2.5; }
.series.you { fill: rgba(47,111,222,.18); stroke: var(--you); }
.series.floor { fill: none; stroke: var(--floor); stroke-dasharray: 5 4; }
.series.next { fill: none; stroke: var(--next); stroke-dasharray: 2 3; }
.series.other { fill: rgba(31,158,110,.15); stroke: var(--other); }
.legend { list-style: none; padding: 0; margin: 0 0 12px; }
.legend li { margin: 2px 0; }
.swatch { display: inline-block; width: 18px; height: 0; border-top: 3px solid; margin-right: 6px; vertical-align: middle; }
.swatch.you { border-color: var(--you); } .swatch.floor { border-color: var(--floor); border-top-style: dashed; }
.swatch.next { border-color: var(--next); border-top-style: dotted; } .swatch.other { border-color: var(--other); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
td { white-space: nowrap; } td:first-child code { white-space: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.met { color: var(--good); } .unmet { color: var(--bad); }
.bars { display: grid; grid-template-columns: minmax(140px, max-content) 1fr 48px; gap: 6px 12px; align-items: center; }
.bar { height: 12px; background: #e9edf5; border-radius: 6px; overflow: hidden; }
.bar span { display: block; height: 100%; background: var(--accent); }
ul.gaps { padding-left: 20px; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { margin: 6px 0; }
ul.checklist input { margin-right: 8px; }
@page { size: A4; margin: 14mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { box-shadow: none; margin: 0; padding: 0; max-width: none; border-radius: 0; }
  .chart { grid-template-columns: 90mm 1fr; }
  section { break-inside: avoid; }
  h2 { break-after: avoid; }
  .bar span, .series.you, .series.other { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
@media (max-width: 700px) { .chart { grid-template-columns: 1fr; } main { padding: 20px; } }
"#;

/// Text made safe for HTML: markup characters escaped and control
/// characters shown as `\u{..}` escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes one person's report.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let (rubric, a) = (report.rubric, &report.assessment);
    let words = rubric.words();
    let level = &rubric.levels[a.level];
    let who = report.answers.respondent.as_deref();
    let title = match who {
        Some(who) => format!("{} · {}", who, level.name),
        None => level.name.clone(),
    };
    let mut html = String::new();
    html.push_str(&head(rubric, &title));
    header(&mut html, report);
    scores(&mut html, rubric, a);
    skills(&mut html, rubric, a);
    let _ = write!(
        html,
        "<section><h2>{}</h2><p>{}</p></section>",
        escape(words.why),
        escape(&report.plan.why)
    );
    gaps(&mut html, report);
    plan(&mut html, report);
    footer(&mut html, rubric);
    out.write_all(html.as_bytes())
}

fn head(rubric: &Rubric, title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"pmlevel {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&rubric.language),
        env!("CARGO_PKG_VERSION"),
        escape(title)
    )
}

fn footer(html: &mut String, rubric: &Rubric) {
    let _ = write!(
        html,
        "<footer><p>{} · {} {} · sha256 {}</p></footer>\n</main>\n</body>\n</html>\n",
        escape(&rubric.name),
        escape(&rubric.id),
        escape(&rubric.version),
        escape(&rubric.sha256)
    );
}

fn header(html: &mut String, report: &Report) {
    let (rubric, a) = (report.rubric, &report.assessment);
    let words = rubric.words();
    let level = &rubric.levels[a.level];
    let rank = rubric.rank(a.level);
    let _ = write!(
        html,
        "<header><p class=\"eyebrow\">{}{}</p><h1>{}</h1><p class=\"rank\">{} · {} <strong>{:.1}</strong>/100</p><p class=\"summary\">{}</p>",
        escape(words.report_title),
        report
            .answers
            .respondent
            .as_deref()
            .map(|r| format!(" · {}", escape(r)))
            .unwrap_or_default(),
        escape(&level.name),
        escape(&capitalized(&rank)),
        escape(words.overall),
        a.overall,
        escape(&level.summary)
    );
    for note in super::borderline_notes(rubric, a) {
        let _ = write!(
            html,
            "<p class=\"note\">{}{}</p>",
            escape(words.borderline),
            escape(&note)
        );
    }
    html.push_str("</header>\n");
}

/// A level's floor per dimension, 0 where it sets none.
fn floors(rubric: &Rubric, level: usize) -> Vec<f64> {
    rubric.levels[level]
        .floors
        .iter()
        .map(|f| f.unwrap_or(0.0))
        .collect()
}

fn dimension_names(rubric: &Rubric) -> Vec<String> {
    rubric.dimensions.iter().map(|d| d.name.clone()).collect()
}

fn legend(html: &mut String, series: &[Series]) {
    html.push_str("<ul class=\"legend\">");
    for s in series {
        let _ = write!(
            html,
            "<li><span class=\"swatch {}\"></span>{}</li>",
            s.class,
            escape(&s.label)
        );
    }
    html.push_str("</ul>");
}

fn scores(html: &mut String, rubric: &Rubric, a: &Assessment) {
    let words = rubric.words();
    let mut series = vec![
        Series {
            label: fill(words.floors, &[("level", &rubric.levels[a.level].name)]),
            class: "floor",
            scores: floors(rubric, a.level),
        },
        Series {
            label: words.you.to_string(),
            class: "you",
            scores: a.dimensions.to_vec(),
        },
    ];
    if let Some(next) = a.next {
        series.insert(
            1,
            Series {
                label: fill(words.floors, &[("level", &rubric.levels[next].name)]),
                class: "next",
                scores: floors(rubric, next),
            },
        );
    }
    let _ = write!(
        html,
        "<section class=\"chart\"><div>{}</div><div><h2>{}</h2>",
        radar::svg(words.scores, &dimension_names(rubric), &series),
        escape(words.scores)
    );
    legend(html, &series);
    score_table(html, rubric, a);
    html.push_str("</div></section>\n");
}

fn score_table(html: &mut String, rubric: &Rubric, a: &Assessment) {
    let words = rubric.words();
    let next = a.next.map(|n| &rubric.levels[n]);
    let _ = write!(
        html,
        "<table><thead><tr><th>{}</th><th class=\"num\">{}</th>",
        escape(words.dimension),
        escape(words.score)
    );
    if let Some(next) = next {
        let _ = write!(
            html,
            "<th class=\"num\">{}</th><th></th>",
            escape(&fill(words.needs, &[("level", &next.name)]))
        );
    }
    html.push_str("</tr></thead><tbody>");
    for target in rubric.targets() {
        let have = match target {
            Target::Overall => a.overall,
            Target::Dimension(d) => a.dimensions[d],
        };
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"num\">{have:.1}</td>",
            escape(rubric.target_heading(target))
        );
        if next.is_some() {
            match a.next_checks.iter().find(|c| c.target == target) {
                None => html.push_str("<td></td><td></td>"),
                Some(c) if c.met() => {
                    let _ = write!(
                        html,
                        "<td class=\"num\">{}</td><td class=\"met\">✓</td>",
                        c.need
                    );
                }
                Some(c) => {
                    let short = fill(words.short, &[("short", &format!("{:.1}", c.shortfall()))]);
                    let _ = write!(
                        html,
                        "<td class=\"num\">{}</td><td class=\"unmet\">✗ {}</td>",
                        c.need,
                        escape(&short)
                    );
                }
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
}

/// A short name for a question: the part of its prompt before a colon
/// ("Technical knowledge: how well...") when there is one, else its id.
fn short_name(rubric: &Rubric, q: usize) -> String {
    let question = &rubric.questions[q];
    question
        .prompt
        .split([':', '：'])
        .next()
        .filter(|head| head.len() < question.prompt.len() && head.chars().count() <= 40)
        .map_or_else(|| question.id.clone(), str::to_string)
}

/// A bar per question of the `skills` dimension (the five capabilities);
/// rubrics without one get a bar per question.
fn skills(html: &mut String, rubric: &Rubric, a: &Assessment) {
    let questions: Vec<usize> = match rubric.dimensions.iter().find(|d| d.id == "skills") {
        Some(d) => d.questions.clone(),
        None => (0..rubric.questions.len()).collect(),
    };
    let _ = write!(
        html,
        "<section><h2>{}</h2><div class=\"bars\">",
        escape(rubric.words().skills)
    );
    for q in questions {
        let points = a.points[q].clamp(0.0, 100.0);
        let _ = write!(
            html,
            "<span>{}</span><div class=\"bar\"><span style=\"width:{points:.1}%\"></span></div><span class=\"num\">{points:.0}</span>",
            escape(&short_name(rubric, q))
        );
    }
    html.push_str("</div></section>\n");
}

fn gaps(html: &mut String, report: &Report) {
    let rubric = report.rubric;
    let words = rubric.words();
    if report.plan.gaps.is_empty() {
        return;
    }
    let heading = if report.plan.target.is_some() {
        words.gaps
    } else {
        words.widen
    };
    let _ = write!(
        html,
        "<section><h2>{}</h2><ul class=\"gaps\">",
        escape(heading)
    );
    for gap in &report.plan.gaps {
        let name = escape(rubric.target_name(gap.target));
        match gap.need {
            Some(need) => {
                let closed = fill(
                    words.when_closed,
                    &[("impact", &format!("{:.1}", gap.impact))],
                );
                let _ = write!(
                    html,
                    "<li><strong>{name}</strong> {:.1} → {need} <span class=\"meta\">({})</span><ul>",
                    gap.have,
                    escape(&closed)
                );
            }
            None => {
                let _ = write!(
                    html,
                    "<li><strong>{name}</strong> {}<ul>",
                    escape(&fill(
                        words.of_100,
                        &[("have", &format!("{:.1}", gap.have))]
                    ))
                );
            }
        }
        for weak in &gap.weakest {
            if let Some(next) = &weak.next {
                let _ = write!(
                    html,
                    "<li><code>{}</code> {}</li>",
                    escape(&rubric.questions[weak.question].id),
                    escape(&fill(words.next_step, &[("label", &next.label)]))
                );
            }
        }
        html.push_str("</ul></li>");
    }
    html.push_str("</ul></section>\n");
}

fn plan(html: &mut String, report: &Report) {
    let rubric = report.rubric;
    let words = rubric.words();
    if report.plan.habits.is_empty() {
        return;
    }
    let _ = write!(html, "<section><h2>{}</h2>", escape(words.growth_plan));
    for group in &report.plan.habits {
        let _ = write!(
            html,
            "<h3>{}</h3><ul class=\"checklist\">",
            escape(group.habit.title(words))
        );
        for &i in &group.actions {
            let action = &rubric.actions[i];
            let _ = write!(
                html,
                "<li><label><input type=\"checkbox\"> {} <span class=\"meta\">({}, {})</span></label></li>",
                escape(&action.text),
                escape(action.timeframe.label(words)),
                escape(&rubric.dimensions[action.dimension].name)
            );
        }
        html.push_str("</ul>");
    }
    html.push_str("</section>\n");
}

/// Writes a comparison of two people: both on one radar, the scores side by
/// side, and the answers that differ most.
pub fn comparison(
    rubric: &Rubric,
    c: &Comparison,
    a: &Side,
    b: &Side,
    out: &mut dyn Write,
) -> io::Result<()> {
    let words = rubric.words();
    let name = |side: &Side| {
        side.answers
            .respondent
            .as_deref()
            .unwrap_or(side.name)
            .to_string()
    };
    let (na, nb) = (name(a), name(b));
    let mut html = head(rubric, &format!("{} · {na} · {nb}", words.comparison_title));
    let _ = write!(
        html,
        "<header><p class=\"eyebrow\">{}</p><h1>{} · {}</h1><p class=\"rank\">A: {} — {} ({:.1}) · B: {} — {} ({:.1})</p></header>",
        escape(words.comparison_title),
        escape(&na),
        escape(&nb),
        escape(&na),
        escape(&rubric.levels[c.a.level].name),
        c.a.overall,
        escape(&nb),
        escape(&rubric.levels[c.b.level].name),
        c.b.overall
    );
    html.push('\n');
    let series = [
        Series {
            label: format!("A: {na}"),
            class: "you",
            scores: c.a.dimensions.to_vec(),
        },
        Series {
            label: format!("B: {nb}"),
            class: "other",
            scores: c.b.dimensions.to_vec(),
        },
    ];
    let _ = write!(
        html,
        "<section class=\"chart\"><div>{}</div><div><h2>{}</h2>",
        radar::svg(words.scores, &dimension_names(rubric), &series),
        escape(words.scores)
    );
    legend(&mut html, &series);
    comparison_table(&mut html, rubric, c, words);
    html.push_str("</div></section>\n");
    differences(&mut html, rubric, c, a, b);
    footer(&mut html, rubric);
    out.write_all(html.as_bytes())
}

fn comparison_table(html: &mut String, rubric: &Rubric, c: &Comparison, words: &Words) {
    let _ = write!(
        html,
        "<table><thead><tr><th>{}</th><th class=\"num\">A</th><th class=\"num\">B</th><th class=\"num\">Δ</th></tr></thead><tbody>",
        escape(words.dimension)
    );
    for target in rubric.targets() {
        let (x, y) = match target {
            Target::Overall => (c.a.overall, c.b.overall),
            Target::Dimension(d) => (c.a.dimensions[d], c.b.dimensions[d]),
        };
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"num\">{x:.1}</td><td class=\"num\">{y:.1}</td><td class=\"num\">{:+.1}</td></tr>",
            escape(rubric.target_heading(target)),
            crate::scoring::round1(y - x)
        );
    }
    html.push_str("</tbody></table>");
}

fn differences(html: &mut String, rubric: &Rubric, c: &Comparison, a: &Side, b: &Side) {
    if c.differences.is_empty() {
        return;
    }
    let _ = write!(
        html,
        "<section><h2>{}</h2><table><tbody>",
        escape(rubric.words().differences)
    );
    for d in &c.differences {
        let _ = write!(
            html,
            "<tr><td><code>{}</code></td><td>{}</td><td>→</td><td>{}</td><td class=\"num\">{:+.1}</td></tr>",
            escape(&rubric.questions[d.question].id),
            escape(&answer_text(rubric, a, d.question)),
            escape(&answer_text(rubric, b, d.question)),
            d.overall_impact
        );
    }
    html.push_str("</tbody></table></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>\u{1b}[31m"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;\\u{1b}[31m"
        );
    }
}
