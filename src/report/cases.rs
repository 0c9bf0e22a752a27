//! The output of `pmlevel rubric test`: a line per case, then the closing
//! `N passed, N failed` line that CI systems read.

use std::io::{self, Write};

use anstyle::AnsiColor;

use crate::calibration::{Case, Verdict};
use crate::lang::fill;
use crate::rubric::Rubric;
use crate::text::{pad, sanitize};

/// Writes one line per case and the closing count line.
pub fn render(rubric: &Rubric, cases: &[Case], out: &mut dyn Write) -> io::Result<()> {
    let (ok, bad) = (
        AnsiColor::Green.on_default(),
        AnsiColor::Red.on_default().bold(),
    );
    let width = cases
        .iter()
        .map(|c| crate::text::width(&c.name))
        .max()
        .unwrap_or(0);
    let id = |l: usize| sanitize(&rubric.levels[l].id).into_owned();
    let words = rubric.words();
    let score = |score: &f64| format!("({} {score:.1})", words.overall);
    let (mut passed, mut failed) = (0, 0);
    for case in cases {
        let name = pad(&sanitize(&case.name), width);
        match &case.verdict {
            Verdict::Pass { level, overall } => {
                passed += 1;
                writeln!(
                    out,
                    "{ok}{}{ok:#}  {name}  {} {}",
                    pad(words.pass, 4),
                    id(*level),
                    score(overall)
                )?;
            }
            Verdict::Fail {
                expected,
                got,
                overall,
            } => {
                failed += 1;
                let why = fill(
                    words.case_expected,
                    &[("want", &id(*expected)), ("got", &id(*got))],
                );
                writeln!(
                    out,
                    "{bad}{}{bad:#}  {name}  {why} {}",
                    pad(words.fail, 4),
                    score(overall)
                )?;
            }
            Verdict::Invalid(error) => {
                failed += 1;
                let first = error.localized(words);
                let first = first.lines().next().unwrap_or("");
                let why = fill(words.case_invalid, &[("first", first)]);
                writeln!(out, "{bad}{}{bad:#}  {name}  {why}", pad(words.fail, 4))?;
            }
        }
    }
    let (passed, failed) = (passed.to_string(), failed.to_string());
    writeln!(
        out,
        "{}",
        fill(
            words.cases_total,
            &[("passed", &passed), ("failed", &failed)]
        )
    )
}
