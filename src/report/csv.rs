//! CSV: one row per person for a spreadsheet, RFC 4180 quoting.
//!
//! Built from the assessment alone (no growth plan), so a team-sized batch
//! pays only for scoring.

use std::io::{self, Write};

use crate::answers::Answers;
use crate::decimal::{self, Style};
use crate::rubric::Rubric;
use crate::scoring::Assessment;

/// Writes the header row: fixed columns, then one per dimension id.
pub fn header(rubric: &Rubric, out: &mut dyn Write) -> io::Result<()> {
    let mut fields = vec!["respondent", "level", "level_name", "overall"];
    fields.extend(rubric.dimensions.iter().map(|d| d.id.as_str()));
    fields.extend(["next_level", "borderline", "rubric_id", "rubric_sha256"]);
    row(out, fields.into_iter().map(Into::into))
}

/// The parts of a row that depend only on the rubric, quoted once per
/// batch rather than once per person.
pub struct Layout {
    /// Per level: `,id,name,` quoted (the person's overall score follows).
    levels: Vec<String>,
    /// Per level, then whether borderline: `,next_id,borderline,rubric_id,
    /// rubric_sha256` and the line end, the whole end of a row in one piece.
    ends: Vec<[String; 2]>,
}

impl Layout {
    /// Quotes the rubric's fixed fields.
    pub fn new(rubric: &Rubric) -> Self {
        let quoted = |text: &str| {
            let mut out = String::new();
            quote_into(&mut out, text);
            out
        };
        let levels = rubric.levels.iter();
        let tail = format!("{},{}\r\n", quoted(&rubric.id), rubric.sha256);
        Layout {
            levels: levels
                .clone()
                .map(|l| format!(",{},{},", quoted(&l.id), quoted(&l.name)))
                .collect(),
            ends: (0..rubric.levels.len())
                .map(|i| {
                    let next = rubric
                        .levels
                        .get(i + 1)
                        .map_or(String::new(), |n| quoted(&n.id));
                    [false, true].map(|borderline| format!(",{next},{borderline},{tail}"))
                })
                .collect(),
        }
    }
}

/// Writes one person's row.
pub fn record(
    layout: &Layout,
    answers: &Answers,
    a: &Assessment,
    out: &mut dyn Write,
) -> io::Result<()> {
    super::write_record(out, |line| push_record(layout, answers, a, line))
}

/// [`record`] onto the end of a text: a batch builds its rows in place in
/// the block it writes out.
pub fn push_record(layout: &Layout, answers: &Answers, a: &Assessment, line: &mut String) {
    quote_into(line, answers.respondent.as_deref().unwrap_or(""));
    line.push_str(&layout.levels[a.level]);
    push_score(line, a.overall);
    for score in &a.dimensions {
        line.push(',');
        push_score(line, *score);
    }
    line.push_str(&layout.ends[a.level][usize::from(a.borderline.is_borderline())]);
}

/// A score as `58.5`, or `25` when whole, like f64's Display. Scores come
/// rounded to one decimal from scoring (rounding them again would change
/// nothing).
fn push_score(line: &mut String, score: f64) {
    decimal::push(line, score, Style::Shortest);
}

fn row<'a>(
    out: &mut dyn Write,
    fields: impl Iterator<Item = std::borrow::Cow<'a, str>>,
) -> io::Result<()> {
    let mut line = String::new();
    for (i, field) in fields.enumerate() {
        if i > 0 {
            line.push(',');
        }
        quote_into(&mut line, &field);
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// RFC 4180: a field holding a comma, a quote or a line break is quoted,
/// with quotes doubled.
fn quote_into(line: &mut String, field: &str) {
    // A cell a spreadsheet would run as a formula (`=HYPERLINK(...)` as a
    // respondent's name) is kept as text by a leading apostrophe, as OWASP
    // advises for CSV exports of untrusted data.
    let neutralised;
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        neutralised = format!("'{field}");
        neutralised.as_str()
    } else {
        field
    };
    if field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        line.push('"');
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_kept_as_text() {
        for (field, cell) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1", "'+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("Ada", "Ada"),
        ] {
            let mut line = String::new();
            quote_into(&mut line, field);
            assert_eq!(line, cell);
        }
    }

    #[test]
    fn scores_print_like_display() {
        for score in [0.0, 25.0, 58.5, 99.9, 100.0, 7.2, 0.5, 10.0] {
            let mut line = String::new();
            push_score(&mut line, score);
            assert_eq!(line, score.to_string());
        }
    }

    #[test]
    fn quotes_only_what_needs_it() {
        let mut line = String::new();
        quote_into(&mut line, "plain");
        line.push('|');
        quote_into(&mut line, "Doe, \"Jo\"\nx");
        assert_eq!(line, "plain|\"Doe, \"\"Jo\"\"\nx\"");
    }
}
