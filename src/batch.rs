//! Assessing answers in bulk: one answers file, or an NDJSON stream of them
//! (one object per line) read and written line by line, so memory stays flat
//! whatever the input size and output order is input order.
//!
//! A bad line does not stop the batch: it is reported with its line number
//! and the good lines are still assessed. The gates (`--expect`,
//! `--min-level`) and the summary are checked here too.

use std::io::{BufRead, BufReader, Read, Write};

use crate::answers::{Answers, Completeness};
use crate::error::{Error, InputSource, Problem};
use crate::input::SourceText;
use crate::report::{Format, Report, csv, json, markdown, text};
use crate::rubric::Rubric;
use crate::scoring::{Assessment, assess};

/// Default cap on one NDJSON line, in bytes.
pub const LINE_LIMIT: u64 = 1024 * 1024;

/// Where answers come from, once the first line has shown which kind.
pub enum AnswersInput {
    /// One answers file (pretty-printed or not).
    Single(SourceText),
    /// An NDJSON stream: one answers object per line.
    Lines(LineReader),
}

/// Reads an NDJSON stream line by line, each capped in size.
pub struct LineReader {
    name: String,
    reader: Box<dyn BufRead>,
    number: usize,
    limit: u64,
    pending: Option<Vec<u8>>,
}

/// One line of a batch: its number and text, or why it could not be read.
pub type Line = (usize, Result<String, Error>);

impl AnswersInput {
    /// Opens answers and decides what they are: NDJSON when the file is
    /// named `*.ndjson` / `*.jsonl`, or when its first line is a complete JSON
    /// object by itself; otherwise one answers file (at most `file_limit`).
    pub fn open(source: &InputSource, file_limit: u64, line_limit: u64) -> Result<Self, Error> {
        let name = source.name();
        let read_error = |e| Error::Read {
            name: name.clone(),
            source: e,
        };
        let reader: Box<dyn Read> = match source {
            InputSource::Stdin => Box::new(std::io::stdin()),
            InputSource::Path(path) => {
                if path.is_dir() {
                    return Err(read_error(std::io::Error::other("it is a directory")));
                }
                Box::new(std::fs::File::open(path).map_err(read_error)?)
            }
        };
        let mut lines = LineReader {
            name: name.clone(),
            reader: Box::new(BufReader::with_capacity(64 * 1024, reader)),
            number: 0,
            limit: line_limit.max(file_limit),
            pending: None,
        };
        let named_ndjson = matches!(source, InputSource::Path(p)
            if p.extension().is_some_and(|e| e == "ndjson" || e == "jsonl"));
        let first = lines.read_raw().map_err(read_error)?;
        let is_object_line = first.as_ref().is_some_and(|(_, bytes, complete)| {
            *complete
                && bytes.trim_ascii_start().starts_with(b"{")
                && std::str::from_utf8(bytes).is_ok()
                && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
        });
        if named_ndjson || is_object_line {
            lines.limit = line_limit;
            lines.pending = first.map(|(_, bytes, _)| bytes);
            lines.number = 0;
            return Ok(AnswersInput::Lines(lines));
        }
        // One file: what was read, and the rest, within the file limit.
        let mut bytes = first.map(|(_, b, _)| b).unwrap_or_default();
        lines
            .reader
            .take((file_limit + 1).saturating_sub(bytes.len() as u64))
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if bytes.len() as u64 > file_limit {
            return Err(Error::TooLarge {
                name,
                what: "an answers file",
                limit: file_limit,
            });
        }
        SourceText::from_bytes(name, bytes).map(AnswersInput::Single)
    }
}

impl LineReader {
    /// Reads the next line's bytes (with its line end), skipping the rest of
    /// a line longer than the limit. `complete` is false for an over-long line.
    fn read_raw(&mut self) -> std::io::Result<Option<(usize, Vec<u8>, bool)>> {
        if let Some(bytes) = self.pending.take() {
            self.number += 1;
            return Ok(Some((self.number, bytes, true)));
        }
        let mut bytes = Vec::new();
        let read = (&mut self.reader)
            .take(self.limit + 1)
            .read_until(b'\n', &mut bytes)?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        let complete = bytes.ends_with(b"\n") || (bytes.len() as u64) <= self.limit;
        if !complete {
            // Too long: drop the rest of the line without keeping it.
            bytes.clear();
            loop {
                let chunk = self.reader.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        self.reader.consume(i + 1);
                        break;
                    }
                    None => {
                        let n = chunk.len();
                        self.reader.consume(n);
                    }
                }
            }
        }
        Ok(Some((self.number, bytes, complete)))
    }
}

impl Iterator for LineReader {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        loop {
            let (number, mut bytes, complete) = match self.read_raw() {
                Ok(Some(line)) => line,
                Ok(None) => return None,
                Err(e) => {
                    let error = Error::Read {
                        name: self.name.clone(),
                        source: e,
                    };
                    return Some((self.number + 1, Err(error)));
                }
            };
            while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                bytes.pop();
            }
            if complete && bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let line = if !complete {
                Err(self.line_error(
                    number,
                    1,
                    format!(
                        "the line is longer than the {}-byte limit for one NDJSON line",
                        self.limit
                    ),
                ))
            } else {
                String::from_utf8(bytes).map_err(|e| {
                    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let column = String::from_utf8_lossy(valid).chars().count() + 1;
                    self.line_error(
                        number,
                        column,
                        "not valid UTF-8 text (save the file as UTF-8)".into(),
                    )
                })
            };
            return Some((number, line));
        }
    }
}

impl LineReader {
    fn line_error(&self, number: usize, column: usize, message: String) -> Error {
        let mut problem = Problem::new(message);
        problem.position = Some(crate::error::Position {
            line: number,
            column,
        });
        Error::Answers {
            name: self.name.clone(),
            problems: vec![problem],
        }
    }
}

/// Counts per level and mean scores, over the people assessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// People assessed.
    pub people: usize,
    /// Lines that could not be assessed.
    pub failed: usize,
    /// People per level, by level index.
    pub per_level: Vec<usize>,
    /// Sum of each dimension's score, by dimension index.
    pub dimension_sums: Vec<f64>,
    /// Sum of overall scores.
    pub overall_sum: f64,
}

impl Summary {
    /// An empty summary for a rubric.
    pub fn new(rubric: &Rubric) -> Self {
        Summary {
            people: 0,
            failed: 0,
            per_level: vec![0; rubric.levels.len()],
            dimension_sums: vec![0.0; rubric.dimensions.len()],
            overall_sum: 0.0,
        }
    }

    /// Counts one assessment.
    pub fn add(&mut self, a: &Assessment) {
        self.people += 1;
        self.per_level[a.level] += 1;
        for (sum, score) in self.dimension_sums.iter_mut().zip(&a.dimensions) {
            *sum += score;
        }
        self.overall_sum += a.overall;
    }

    /// Mean score per dimension (0 when nobody was assessed), one decimal.
    pub fn mean_dimensions(&self) -> Vec<f64> {
        self.dimension_sums.iter().map(|s| self.mean(*s)).collect()
    }

    /// Mean overall score, one decimal.
    pub fn mean_overall(&self) -> f64 {
        self.mean(self.overall_sum)
    }

    fn mean(&self, sum: f64) -> f64 {
        if self.people == 0 {
            0.0
        } else {
            crate::scoring::round1(sum / self.people as f64)
        }
    }
}

/// Level gates for CI.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gates {
    /// Fail unless the matched level is exactly this one (by index).
    pub expect: Option<usize>,
    /// Fail if the matched level is below this one (by index).
    pub min_level: Option<usize>,
}

impl Gates {
    /// Why an assessment fails the gates, if it does.
    pub fn failure(&self, rubric: &Rubric, level: usize) -> Option<String> {
        let got = &rubric.levels[level].id;
        if let Some(want) = self.expect.filter(|&w| w != level) {
            return Some(format!(
                "expected level {}, got {got}",
                rubric.levels[want].id
            ));
        }
        self.min_level
            .filter(|&m| level < m)
            .map(|m| format!("level {got} is below the minimum {}", rubric.levels[m].id))
    }
}

/// What to do with each answers set.
pub struct Options {
    /// Output format.
    pub format: Format,
    /// Gates to check.
    pub gates: Gates,
    /// Whether to end with a summary.
    pub summary: bool,
}

/// How a batch went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Counts and means.
    pub summary: Summary,
    /// Gate failures, as messages.
    pub gate_failures: usize,
}

/// Where a batch writes: results to `out`, diagnostics to `err`; `progress`
/// is told after each line.
pub struct Streams<'a> {
    /// Results (stdout).
    pub out: &'a mut dyn Write,
    /// Diagnostics (stderr).
    pub err: &'a mut dyn Write,
    /// Called with the number of lines done so far.
    pub progress: &'a mut dyn FnMut(usize),
}

/// Assesses every answers set of `input`, writing each result as it goes.
/// A write error (a closed pipe) stops the batch and is returned.
pub fn run(
    rubric: &Rubric,
    input: AnswersInput,
    options: &Options,
    streams: Streams,
) -> Result<Outcome, Error> {
    let Streams { out, err, progress } = streams;
    let write_err = |source| Error::Write {
        name: "standard output".into(),
        source,
    };
    let mut summary = Summary::new(rubric);
    let mut gate_failures = 0;
    if options.format == Format::Csv {
        csv::header(rubric, out).map_err(write_err)?;
    }
    let single = matches!(input, AnswersInput::Single(_));
    let records: Box<dyn Iterator<Item = (Option<usize>, Result<Answers, Error>)>> = match input {
        AnswersInput::Single(source) => Box::new(std::iter::once((
            None,
            Answers::parse(&source, rubric, Completeness::Complete),
        ))),
        AnswersInput::Lines(lines) => {
            let name = lines.name.clone();
            Box::new(lines.map(move |(number, text)| {
                let parsed = text.and_then(|text| {
                    Answers::parse(
                        &SourceText::line(name.clone(), text, number),
                        rubric,
                        Completeness::Complete,
                    )
                });
                (Some(number), parsed)
            }))
        }
    };
    for (done, (line, parsed)) in records.enumerate() {
        match parsed {
            Ok(answers) => {
                let a = assess(rubric, &answers);
                if summary.people > 0 {
                    separate(options.format, out).map_err(write_err)?;
                }
                emit(rubric, &answers, a.clone(), options.format, out).map_err(write_err)?;
                summary.add(&a);
                if let Some(why) = options.gates.failure(rubric, a.level) {
                    gate_failures += 1;
                    let who = who(&answers, line);
                    let _ = writeln!(err, "gate failed: {who}{why}");
                }
            }
            // A single file's error is the command's error (exit 2).
            Err(error) if single => return Err(error),
            Err(error) => {
                summary.failed += 1;
                let _ = writeln!(err, "error: {error}");
                if options.format == Format::Ndjson {
                    let line = line.unwrap_or(0);
                    out.write_all(error_line(line, &error).as_bytes())
                        .map_err(write_err)?;
                }
            }
        }
        progress(done + 1);
    }
    if options.summary {
        crate::report::summary::render(rubric, &summary, options.format, out, err)
            .map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    Ok(Outcome {
        summary,
        gate_failures,
    })
}

/// Between two people's reports in a batch: a rule, so text and Markdown
/// reports stay apart (record formats need none).
fn separate(format: Format, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Text => writeln!(out, "\n{}\n", "─".repeat(78)),
        Format::Markdown => writeln!(out, "---\n"),
        Format::Json | Format::Ndjson | Format::Csv => Ok(()),
    }
}

fn who(answers: &Answers, line: Option<usize>) -> String {
    match (&answers.respondent, line) {
        (Some(r), _) => format!("{}: ", crate::text::sanitize(r)),
        (None, Some(l)) => format!("line {l}: "),
        (None, None) => String::new(),
    }
}

/// Writes one person's result in the chosen format. The growth plan is
/// built only for formats that show it.
fn emit(
    rubric: &Rubric,
    answers: &Answers,
    a: Assessment,
    format: Format,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if format == Format::Csv {
        return csv::record(rubric, answers, &a, out);
    }
    let plan = crate::plan::growth_plan(rubric, answers, &a);
    let report = Report {
        rubric,
        answers,
        assessment: a,
        plan,
    };
    write_report(&report, format, out)
}

/// Writes a full report in any format (CSV with its header, as a
/// one-person table).
pub fn write_report(report: &Report, format: Format, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Text => text::render(report, out),
        Format::Json => out.write_all(json::render(report).as_bytes()),
        Format::Ndjson => out.write_all(json::render_line(report).as_bytes()),
        Format::Markdown => markdown::render(report, out),
        Format::Csv => {
            csv::header(report.rubric, out)?;
            csv::record(report.rubric, report.answers, &report.assessment, out)
        }
    }
}

/// The NDJSON error object for a line that could not be assessed.
pub fn error_line(line: usize, error: &Error) -> String {
    let problems: Vec<serde_json::Value> = match error {
        Error::Answers { problems, .. } => problems
            .iter()
            .map(|p| {
                serde_json::json!({
                    "line": p.position.map(|p| p.line),
                    "column": p.position.map(|p| p.column),
                    "path": p.path,
                    "message": p.message,
                })
            })
            .collect(),
        other => vec![
            serde_json::json!({ "line": line, "column": null, "path": null, "message": other.to_string() }),
        ],
    };
    let mut text = serde_json::json!({ "line": line, "errors": problems }).to_string();
    text.push('\n');
    text
}
