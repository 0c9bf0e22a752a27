//! CSV: one row per person for a spreadsheet, RFC 4180 quoting.
//!
//! Built from the assessment alone (no growth plan), so a team-sized batch
//! pays only for scoring.

use std::io::{self, Write};

use crate::answers::Answers;
use crate::rubric::Rubric;
use crate::scoring::Assessment;

/// Writes the header row: fixed columns, then one per dimension id.
pub fn header(rubric: &Rubric, out: &mut dyn Write) -> io::Result<()> {
    let mut fields = vec!["respondent", "level", "level_name", "overall"];
    fields.extend(rubric.dimensions.iter().map(|d| d.id.as_str()));
    fields.extend(["next_level", "borderline", "rubric_id", "rubric_sha256"]);
    row(out, fields.into_iter().map(Into::into))
}

/// Writes one person's row.
pub fn record(
    rubric: &Rubric,
    answers: &Answers,
    a: &Assessment,
    out: &mut dyn Write,
) -> io::Result<()> {
    let level = &rubric.levels[a.level];
    let mut fields: Vec<std::borrow::Cow<str>> = vec![
        answers.respondent.as_deref().unwrap_or("").into(),
        level.id.as_str().into(),
        level.name.as_str().into(),
        a.overall.to_string().into(),
    ];
    fields.extend(a.dimensions.iter().map(|s| s.to_string().into()));
    fields.push(a.next.map_or("", |n| rubric.levels[n].id.as_str()).into());
    fields.push(a.borderline.is_borderline().to_string().into());
    fields.push(rubric.id.as_str().into());
    fields.push(rubric.sha256.as_str().into());
    row(out, fields.into_iter())
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
    if field.contains([',', '"', '\r', '\n']) {
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
    fn quotes_only_what_needs_it() {
        let mut line = String::new();
        quote_into(&mut line, "plain");
        line.push('|');
        quote_into(&mut line, "Doe, \"Jo\"\nx");
        assert_eq!(line, "plain|\"Doe, \"\"Jo\"\"\nx\"");
    }
}
