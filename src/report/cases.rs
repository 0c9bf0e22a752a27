//! The output of `pmlevel rubric test`: a line per case, then the closing
//! `N passed, N failed` line that CI systems read.

use std::io::{self, Write};

use anstyle::AnsiColor;

use crate::calibration::{Case, Verdict};
use crate::rubric::Rubric;
use crate::text::sanitize;

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
    let (mut passed, mut failed) = (0, 0);
    for case in cases {
        let name = crate::text::pad(&sanitize(&case.name), width);
        match &case.verdict {
            Verdict::Pass { level, overall } => {
                passed += 1;
                writeln!(
                    out,
                    "{ok}pass{ok:#}  {name}  {} (overall {overall:.1})",
                    id(*level)
                )?;
            }
            Verdict::Fail {
                expected,
                got,
                overall,
            } => {
                failed += 1;
                writeln!(
                    out,
                    "{bad}FAIL{bad:#}  {name}  expected {}, got {} (overall {overall:.1})",
                    id(*expected),
                    id(*got)
                )?;
            }
            Verdict::Invalid(error) => {
                failed += 1;
                let first = error.to_string();
                let first = first.lines().next().unwrap_or("");
                writeln!(out, "{bad}FAIL{bad:#}  {name}  invalid: {first}")?;
            }
        }
    }
    writeln!(out, "{passed} passed, {failed} failed")
}
