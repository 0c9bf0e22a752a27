//! Assessing answers in bulk: one answers file, or an NDJSON stream of them
//! (one object per line) read and written line by line, so memory stays flat
//! whatever the input size and output order is input order.
//!
//! A bad line does not stop the batch: it is reported with its line number
//! and the good lines are still assessed. The gates (`--expect`,
//! `--min-level`) and the summary are checked here too.

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::OnceLock;

use crate::answers::{Answers, Completeness};
use crate::error::{Error, InputSource, Problem};
use crate::input::SourceText;
use crate::lang::fill;
use crate::plan::{GrowthPlan, Planner};
use crate::report::{Format, Report, csv, html, json, json_line, markdown, text};
use crate::rubric::Rubric;
use crate::scoring::{Assessment, Scorer, assess_into};
use crate::second_use::SecondUse;

/// Default cap on one NDJSON line, in bytes.
pub const LINE_LIMIT: u64 = 1024 * 1024;

/// Bytes read from the input at a time.
const READ_BUFFER: usize = 64 * 1024;

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
    reader: BufReader<Box<dyn Read + Send>>,
    number: usize,
    limit: u64,
    /// The current line's bytes, reused from line to line.
    line: Vec<u8>,
    /// Whether `line` already holds a line read ahead (the first one), and
    /// if so whether it was complete.
    pending: Option<bool>,
    /// Bytes at the front of the read buffer that the last line handed out
    /// borrows, taken off the buffer when the next line is read.
    lent: usize,
}

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
        let reader: Box<dyn Read + Send> = match source {
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
            reader: BufReader::with_capacity(READ_BUFFER, reader),
            number: 0,
            limit: line_limit.max(file_limit),
            line: Vec::new(),
            pending: None,
            lent: 0,
        };
        let named_ndjson = matches!(source, InputSource::Path(p)
            if p.extension().is_some_and(|e| e == "ndjson" || e == "jsonl"));
        let first = lines.read_raw().map_err(read_error)?;
        let bytes = &lines.line;
        let is_object_line = first.is_some_and(|complete| {
            complete
                && bytes.trim_ascii_start().starts_with(b"{")
                && std::str::from_utf8(bytes).is_ok()
                && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
        });
        if named_ndjson || is_object_line {
            lines.limit = line_limit;
            lines.pending = first;
            lines.number = 0;
            return Ok(AnswersInput::Lines(lines));
        }
        if first == Some(false) {
            // One line longer than any file may be: too large, whatever it is.
            return Err(Error::TooLarge {
                name,
                what: "an answers file",
                limit: file_limit,
            });
        }
        // One file: what was read, and the rest, within the file limit.
        let mut bytes = std::mem::take(&mut lines.line);
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

    /// The input as one answers file, for formats that make one page per
    /// person: a one-line NDJSON stream is read as a file; more than one
    /// record is a usage error naming `what` needs one.
    pub fn into_single(self, file_limit: u64, what: &str) -> Result<Self, Error> {
        let AnswersInput::Lines(mut lines) = self else {
            return Ok(self);
        };
        let name = lines.name.clone();
        let mut bytes = std::mem::take(&mut lines.line);
        lines
            .reader
            .take((file_limit + 1).saturating_sub(bytes.len() as u64))
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Read {
                name: name.clone(),
                source: e,
            })?;
        let records = bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.trim_ascii().is_empty())
            .count();
        if records > 1 || bytes.len() as u64 > file_limit {
            return Err(Error::Usage(format!(
                "{name} holds {records} records; {what} makes one page for one person (for a team use --format markdown, json or csv, or run once per person)"
            )));
        }
        SourceText::from_bytes(name, bytes).map(AnswersInput::Single)
    }
}

impl LineReader {
    /// Whether input is already buffered, so reading the next line will not
    /// wait. A batch flushes its output before it might wait, so a reader
    /// at the other end of a pipe sees every result as soon as the input
    /// pauses, while a large batch still writes in big blocks.
    pub fn has_buffered_input(&self) -> bool {
        self.pending.is_some() || self.reader.buffer().len() > self.lent
    }

    /// Takes the line handed out last off the read buffer.
    fn settle(&mut self) {
        self.reader.consume(std::mem::take(&mut self.lent));
    }

    /// Reads the next line's bytes (with its line end) into `self.line`,
    /// skipping the rest of a line longer than the limit. Returns whether the
    /// line is complete (false for an over-long one), or `None` at the end.
    fn read_raw(&mut self) -> std::io::Result<Option<bool>> {
        self.settle();
        if let Some(complete) = self.pending.take() {
            self.number += 1;
            return Ok(Some(complete));
        }
        self.line.clear();
        let mut read_any = false;
        // Up to and including the next line end, but at most `limit + 1`
        // bytes (one more than a line may have, to tell it is over-long).
        let cap = usize::try_from(self.limit.saturating_add(1)).unwrap_or(usize::MAX);
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            read_any = true;
            let room = cap - self.line.len();
            let (take, ends) = match memchr::memchr(b'\n', chunk) {
                Some(i) if i < room => (i + 1, true),
                _ => (chunk.len().min(room), false),
            };
            self.line.extend_from_slice(&chunk[..take]);
            self.reader.consume(take);
            if ends || self.line.len() == cap {
                break;
            }
        }
        if !read_any {
            return Ok(None);
        }
        self.number += 1;
        let complete = self.line.ends_with(b"\n") || (self.line.len() as u64) <= self.limit;
        if !complete {
            self.line.clear();
            self.skip_rest_of_line()?;
        }
        Ok(Some(complete))
    }

    /// Drops the rest of an over-long line without keeping it.
    fn skip_rest_of_line(&mut self) -> std::io::Result<()> {
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            match memchr::memchr(b'\n', chunk) {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok(());
                }
                None => {
                    let n = chunk.len();
                    self.reader.consume(n);
                }
            }
        }
    }

    /// The next non-blank line: its number, and its bytes without the line
    /// end, or why it cannot be used (unreadable, too long); [`parse_line`]
    /// checks it is UTF-8. `None` at the end.
    pub fn next_line(&mut self) -> Option<(usize, Result<&[u8], Error>)> {
        let complete = loop {
            self.settle();
            // A whole line already in the read buffer is lent from there
            // rather than copied (most lines, where lines are short).
            if self.pending.is_none()
                && let Some(end) = memchr::memchr(b'\n', self.reader.buffer())
                && end as u64 <= self.limit
            {
                self.number += 1;
                self.lent = end + 1;
                if Line::is_blank(&self.reader.buffer()[..=end], true) {
                    continue;
                }
                break true;
            }
            let complete = match self.read_raw() {
                Ok(Some(complete)) => complete,
                Ok(None) => return None,
                Err(e) => {
                    let error = Error::Read {
                        name: self.name.clone(),
                        source: e,
                    };
                    return Some((self.number + 1, Err(error)));
                }
            };
            if !Line::is_blank(&self.line, complete) {
                break complete;
            }
        };
        let bytes = match self.lent {
            0 => &self.line[..],
            lent => &self.reader.buffer()[..lent],
        };
        let line = Line {
            name: &self.name,
            number: self.number,
            limit: self.limit,
        };
        Some((line.number, line.read(bytes, complete)))
    }

    /// Adds the next lines to `chunk`: every complete line already buffered,
    /// as one block for a worker to split (so cutting a chunk only copies
    /// bytes), or when the buffer holds part of a line, that one line read
    /// whole. Returns `false` at the end of the input.
    fn fill_chunk(&mut self, chunk: &mut Chunk) -> bool {
        self.settle();
        if self.pending.is_none()
            && let Ok(buffered) = self.reader.fill_buf()
            && let Some(last) = memchr::memrchr(b'\n', buffered)
        {
            let block = &buffered[..=last];
            let lines = memchr::memchr_iter(b'\n', block).count();
            let start = chunk.text.len();
            chunk.text.extend_from_slice(block);
            chunk.pieces.push(Piece::Block {
                first: self.number + 1,
                bytes: start..chunk.text.len(),
            });
            chunk.lines += lines;
            self.number += lines;
            self.reader.consume(last + 1);
            return true;
        }
        // A line across the buffer's end, the line read ahead, a read error
        // or the end: one line at a time.
        match self.next_line() {
            Some((number, text)) => {
                chunk.push_line(number, text);
                true
            }
            None => false,
        }
    }
}

/// One line of an NDJSON stream, for reading its bytes.
struct Line<'a> {
    /// The stream's name, for messages.
    name: &'a str,
    number: usize,
    /// The most bytes a line may have.
    limit: u64,
}

impl Line<'_> {
    /// Whether a line's bytes are blank (skipped, like an empty line);
    /// a line cut at the limit never is.
    fn is_blank(bytes: &[u8], complete: bool) -> bool {
        complete && bytes.iter().all(u8::is_ascii_whitespace)
    }

    /// The bytes of a line that is not blank, without its line end
    /// (`complete` is false for one cut at the limit, an error). The one
    /// reading of a line, whether the serial batch or a parallel worker
    /// splits it off; [`parse_line`] checks it is UTF-8.
    fn read<'t>(&self, mut bytes: &'t [u8], complete: bool) -> Result<&'t [u8], Error> {
        while let [rest @ .., b'\n' | b'\r'] = bytes {
            bytes = rest;
        }
        if !complete {
            let message = format!(
                "the line is longer than the {}-byte limit for one NDJSON line",
                self.limit
            );
            return Err(line_error(self.name, self.number, 1, message));
        }
        Ok(bytes)
    }
}

/// A problem with a whole NDJSON line, located at its `column`.
fn line_error(name: &str, number: usize, column: usize, message: String) -> Error {
    let mut problem = Problem::new(message);
    problem.position = Some(crate::error::Position {
        line: number,
        column,
    });
    Error::Answers {
        name: name.to_string(),
        problems: vec![problem],
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
    /// Sum of each dimension's score in tenths, by dimension index. Scores
    /// are one decimal, so whole tenths add up exactly: a batch split
    /// across threads sums to the same means as one read in order.
    pub dimension_tenths: Vec<i64>,
    /// Sum of overall scores, in tenths.
    pub overall_tenths: i64,
}

impl Summary {
    /// An empty summary for a rubric.
    pub fn new(rubric: &Rubric) -> Self {
        Summary {
            people: 0,
            failed: 0,
            per_level: vec![0; rubric.levels.len()],
            dimension_tenths: vec![0; rubric.dimensions.len()],
            overall_tenths: 0,
        }
    }

    /// Counts one assessment.
    pub fn add(&mut self, a: &Assessment) {
        self.people += 1;
        self.per_level[a.level] += 1;
        for (sum, score) in self.dimension_tenths.iter_mut().zip(&a.dimensions) {
            *sum += tenths(*score);
        }
        self.overall_tenths += tenths(a.overall);
    }

    /// Mean score per dimension (0 when nobody was assessed), one decimal.
    pub fn mean_dimensions(&self) -> Vec<f64> {
        self.dimension_tenths
            .iter()
            .map(|s| self.mean(*s))
            .collect()
    }

    /// Mean overall score, one decimal.
    pub fn mean_overall(&self) -> f64 {
        self.mean(self.overall_tenths)
    }

    fn mean(&self, tenths: i64) -> f64 {
        if self.people == 0 {
            0.0
        } else {
            crate::scoring::round1(tenths as f64 / 10.0 / self.people as f64)
        }
    }
}

/// A one-decimal score in whole tenths.
fn tenths(score: f64) -> i64 {
    // A score is one decimal (scoring rounds it) and not negative, so ten
    // times it is within a hair of a whole number: adding a half and
    // truncating finds it, cheaper than rounding (this runs five times a
    // person).
    (score * 10.0 + 0.5) as i64
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
        // Words are looked up only for a failure: this runs for every person.
        let got = rubric.levels[level].id.as_str();
        if let Some(want) = self.expect.filter(|&w| w != level) {
            let want = rubric.levels[want].id.as_str();
            let words = rubric.words();
            return Some(fill(words.gate_expected, &[("want", want), ("got", got)]));
        }
        self.min_level.filter(|&m| level < m).map(|m| {
            let min = rubric.levels[m].id.as_str();
            fill(rubric.words().gate_below, &[("got", got), ("min", min)])
        })
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
    /// Set (to a signal number) to stop the batch at the next record.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
}

impl Options {
    /// The signal that asked the batch to stop, if any.
    fn stopped(&self) -> Option<usize> {
        let signal = self
            .stop
            .as_ref()?
            .load(std::sync::atomic::Ordering::SeqCst);
        (signal != 0).then_some(signal)
    }
}

/// How a batch went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Counts and means.
    pub summary: Summary,
    /// Gate failures, as messages.
    pub gate_failures: usize,
    /// The signal that stopped the batch early; every result written
    /// before it is complete.
    pub interrupted: Option<usize>,
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

/// Lines per chunk of work when assessing in parallel, by format. Handing
/// a chunk from thread to thread costs a few context switches: a CSV row
/// takes about a microsecond, so its chunks are long enough for that to
/// stay small; a full result is about 6 KB, so its chunks stay short to
/// keep the buffers in flight (and peak memory) small.
fn chunk_lines(format: Format) -> usize {
    match format {
        Format::Csv => 1024,
        _ => 256,
    }
}

/// Buffers given back after use, for the next chunk to fill: reused, they
/// keep their capacity (no regrowing, no fresh pages to fault in).
struct Spares<T>(std::sync::Mutex<Vec<T>>);

impl<T> Spares<T> {
    fn new() -> Self {
        Spares(std::sync::Mutex::new(Vec::new()))
    }

    fn take(&self) -> Option<T> {
        self.0.lock().ok()?.pop()
    }

    fn give(&self, spare: T) {
        if let Ok(mut spares) = self.0.lock() {
            spares.push(spare);
        }
    }
}

/// Running counts of a batch (or of one chunk of it).
struct Tally {
    summary: Summary,
    gate_failures: usize,
}

impl Tally {
    fn new(rubric: &Rubric) -> Self {
        Tally {
            summary: Summary::new(rubric),
            gate_failures: 0,
        }
    }

    fn merge(&mut self, other: Tally) {
        let (a, b) = (&mut self.summary, other.summary);
        a.people += b.people;
        a.failed += b.failed;
        a.overall_tenths += b.overall_tenths;
        a.per_level
            .iter_mut()
            .zip(b.per_level)
            .for_each(|(x, y)| *x += y);
        a.dimension_tenths
            .iter_mut()
            .zip(b.dimension_tenths)
            .for_each(|(x, y)| *x += y);
        self.gate_failures += other.gate_failures;
    }
}

/// What every record of a batch is assessed against.
#[derive(Clone, Copy)]
struct Job<'a> {
    rubric: &'a Rubric,
    options: &'a Options,
    /// What every CSV row shares, quoted once, when the first row is
    /// written (a batch in another format needs none).
    csv: &'a OnceLock<csv::Layout>,
    /// What every NDJSON line shares, rendered once, when the first line
    /// is written (a single report in another format should not pay for it
    /// at start-up).
    ndjson: &'a OnceLock<json_line::Layout>,
    /// What every plan shares, worked out once, when the first plan is
    /// needed (a CSV batch needs none).
    planner: &'a OnceLock<Planner<'a>>,
    /// The rubric's scoring worked out beforehand, from a batch's second
    /// person on (a single file or line is scored without: one person
    /// does not repay it, and a single assessment's start-up would).
    scorer: &'a SecondUse<Scorer<'a>>,
}

/// Assesses one record and adds its result (or its error) in order:
/// results to `out`, the text the batch writes out in large blocks (a row
/// built in place there is copied once, not once more into a write
/// buffer), messages to `err`. What the caller keeps from record to record:
/// the running tally, and the plan each person is planned into (its lists
/// reused).
fn record<'r>(
    Job {
        rubric,
        options,
        csv,
        ndjson,
        planner,
        scorer,
    }: Job<'r>,
    (line, parsed): (Option<usize>, Result<&Answers, Error>),
    first: bool,
    out: &mut String,
    err: &mut dyn Write,
    (tally, plan): (&mut Tally, &mut GrowthPlan<'r>),
) -> std::io::Result<()> {
    match parsed {
        Ok(answers) => {
            // Scored in place: returned, an assessment is copied whole.
            let mut a = Assessment::default();
            match scorer.use_once(|| Scorer::new(rubric)) {
                Some(scorer) => scorer.assess_into(answers, &mut a),
                None => assess_into(rubric, answers, &mut a),
            }
            if !first {
                separate(options.format, out);
            }
            tally.summary.add(&a);
            if let Some(why) = options.gates.failure(rubric, a.level) {
                tally.gate_failures += 1;
                let who = who(answers, line);
                let line = fill(rubric.words().gate_failed, &[("who", &who), ("why", &why)]);
                writeln!(err, "{line}")?;
            }
            match options.format {
                Format::Csv => {
                    let layout = csv.get_or_init(|| csv::Layout::new(rubric));
                    csv::push_record(layout, answers, &a, out);
                }
                Format::Ndjson => {
                    let layout = ndjson.get_or_init(|| json_line::Layout::new(rubric));
                    let report = report((rubric, planner), answers, &a, plan);
                    json_line::render(layout, &report, out);
                }
                format => {
                    let report = report((rubric, planner), answers, &a, plan);
                    write_report(&report, format, &mut TextOut(out))?;
                }
            }
            Ok(())
        }
        Err(error) => {
            tally.summary.failed += 1;
            let words = rubric.words();
            writeln!(err, "{}{}", words.error, error.localized(words))?;
            if options.format == Format::Ndjson {
                out.push_str(&error_line(line.unwrap_or(0), &error));
            }
            Ok(())
        }
    }
}

/// A batch's output text as a byte writer, for the renderers that write
/// bytes (text, Markdown, HTML, pretty JSON). They write whole strings, so
/// each write is whole UTF-8; anything else is refused, never mangled.
struct TextOut<'a>(&'a mut String);

impl Write for TextOut<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        self.0.push_str(text);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How much output text a single-threaded batch gathers before writing it.
const WRITE_AT: usize = 64 * 1024;

/// Writes out and empties the gathered output text.
fn drain(pending: &mut String, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(pending.as_bytes())?;
    pending.clear();
    Ok(())
}

/// Assesses every answers set of `input`, writing each result as it goes,
/// in input order, on `jobs` threads. A write error (a closed pipe) stops
/// the batch and is returned.
pub fn run(
    rubric: &Rubric,
    input: AnswersInput,
    options: &Options,
    jobs: usize,
    streams: Streams,
) -> Result<Outcome, Error> {
    let Streams { out, err, progress } = streams;
    let write_err = |source| Error::Write {
        name: "standard output".into(),
        source,
    };
    let mut tally = Tally::new(rubric);
    let csv_layout = OnceLock::new();
    let line_layout = OnceLock::new();
    let planner = OnceLock::new();
    let scorer = SecondUse::new();
    let job = Job {
        rubric,
        options,
        csv: &csv_layout,
        ndjson: &line_layout,
        planner: &planner,
        scorer: &scorer,
    };
    if options.format == Format::Csv {
        csv::header(rubric, out).map_err(write_err)?;
    }
    // Results are built here and written out in large blocks.
    let mut pending = String::new();
    match input {
        // A single file's error is the command's error (exit 2).
        AnswersInput::Single(source) => {
            let answers = Answers::parse(&source, rubric, Completeness::Complete)?;
            let kept = (&mut tally, &mut GrowthPlan::default());
            record(job, (None, Ok(&answers)), true, &mut pending, err, kept).map_err(write_err)?;
            progress(1);
        }
        AnswersInput::Lines(mut lines) => {
            let name = lines.name.clone();
            let mut done = 0;
            let mut answers = Answers::default();
            let mut plan = GrowthPlan::default();
            loop {
                if options.stopped().is_some() {
                    break;
                }
                // Threads pay off only past one chunk: a small batch (or a
                // one-line file) never starts them.
                if jobs > 1 && done == chunk_lines(options.format) {
                    let started = tally.summary.people > 0;
                    drain(&mut pending, out)
                        .and_then(|()| {
                            parallel(job, lines, jobs, started, out, err, progress, &mut tally)
                        })
                        .map_err(write_err)?;
                    break;
                }
                if pending.len() >= WRITE_AT {
                    drain(&mut pending, out).map_err(write_err)?;
                }
                // Before waiting for more input, what is done goes out.
                if !lines.has_buffered_input() {
                    drain(&mut pending, out)
                        .and_then(|()| out.flush())
                        .map_err(write_err)?;
                }
                let Some((number, text)) = lines.next_line() else {
                    break;
                };
                let parsed = text
                    .and_then(|text| parse_line(&name, text, number, rubric, &mut answers))
                    .map(|()| &answers);
                let first = tally.summary.people == 0;
                let kept = (&mut tally, &mut plan);
                record(job, (Some(number), parsed), first, &mut pending, err, kept)
                    .map_err(write_err)?;
                done += 1;
                progress(done);
            }
        }
    }
    drain(&mut pending, out).map_err(write_err)?;
    if options.summary {
        crate::report::summary::render(rubric, &tally.summary, options.format, out, err)
            .map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    Ok(Outcome {
        summary: tally.summary,
        gate_failures: tally.gate_failures,
        interrupted: options.stopped(),
    })
}

/// Lines handed to a worker: their bytes back to back in one buffer (one
/// allocation per chunk, not per line), as blocks of whole lines the worker
/// splits, and the odd line the reader read by itself.
#[derive(Default)]
struct Chunk {
    text: Vec<u8>,
    pieces: Vec<Piece>,
    /// Lines in the pieces, blank ones included.
    lines: usize,
}

/// A part of a [`Chunk`].
enum Piece {
    /// Whole lines, each ending in `\n`, the first numbered `first`.
    Block {
        first: usize,
        bytes: std::ops::Range<usize>,
    },
    /// One line already read (its text, UTF-8), or why it could not be.
    Line(usize, Result<std::ops::Range<usize>, Error>),
}

impl Chunk {
    fn with_capacity(lines: usize) -> Self {
        Chunk {
            // Room for a full buffer past the last line that fits, so a
            // chunk of typical lines never grows (and copies) as it fills.
            text: Vec::with_capacity(lines * 512 + READ_BUFFER),
            pieces: Vec::new(),
            lines: 0,
        }
    }

    fn push_line(&mut self, number: usize, line: Result<&[u8], Error>) {
        let range = line.map(|t| {
            let start = self.text.len();
            self.text.extend_from_slice(t);
            start..self.text.len()
        });
        self.pieces.push(Piece::Line(number, range));
        self.lines += 1;
    }

    /// Empties the chunk, keeping its capacity.
    fn clear(&mut self) {
        self.text.clear();
        self.pieces.clear();
        self.lines = 0;
    }

    /// Every line of the chunk, in order, as [`LineReader::next_line`]
    /// would give it (blank lines skipped).
    /// Its lines are taken out as they are visited.
    fn each_line(
        &mut self,
        name: &str,
        limit: u64,
        mut visit: impl FnMut(usize, Result<&[u8], Error>),
    ) {
        let Chunk { text, pieces, .. } = self;
        for piece in pieces.drain(..) {
            match piece {
                Piece::Line(number, range) => {
                    visit(number, range.map(|r| &text[r]));
                }
                Piece::Block { first, bytes } => {
                    let block = &text[bytes];
                    let mut start = 0;
                    for (i, end) in memchr::memchr_iter(b'\n', block).enumerate() {
                        let content = &block[start..end];
                        start = end + 1;
                        let line = Line {
                            name,
                            number: first + i,
                            limit,
                        };
                        let complete = content.len() as u64 <= limit;
                        if !Line::is_blank(content, complete) {
                            visit(line.number, line.read(content, complete));
                        }
                    }
                }
            }
        }
    }
}

/// What a worker made of a chunk: its output and messages, in line order.
struct Done {
    out: String,
    err: Vec<u8>,
    tally: Tally,
    lines: usize,
}

/// The parallel batch: `jobs` workers take turns cutting the next chunk of
/// lines off the input (a short one whenever the input pauses, so results
/// keep streaming), assess their chunk into a buffer, and this thread
/// writes the buffers in input order. Each worker holds one chunk and the
/// queue of results is bounded, so memory stays flat.
#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename them
fn parallel(
    job: Job,
    lines: LineReader,
    jobs: usize,
    started: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
    tally: &mut Tally,
) -> std::io::Result<()> {
    use std::collections::BTreeMap;
    let before = tally.summary.people + tally.summary.failed;
    use std::sync::{Mutex, mpsc};

    let rubric = job.rubric;
    let (done_tx, done_rx) = mpsc::sync_channel::<(usize, Done)>(jobs * 2);
    let (name, limit) = (lines.name.clone(), lines.limit);
    let chunk_lines = chunk_lines(job.options.format);
    // Output buffers travel to this thread and back to be filled again.
    let spare_outs = &Spares::<String>::new();
    // The input and the number of the next chunk cut from it: each worker
    // cuts its own chunk, in turn, then assesses it. The lines it copies are
    // then still in its own core's cache, and no thread only reads.
    let input = &Mutex::new((lines, 0usize));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let (done_tx, name) = (done_tx.clone(), name.as_str());
            scope.spawn(move || {
                // Each worker fills the same chunk, answers and plan, chunk
                // after chunk, keeping their allocations.
                let (mut chunk, mut answers) =
                    (Chunk::with_capacity(chunk_lines), Answers::default());
                let mut plan = GrowthPlan::default();
                loop {
                    let Ok(mut cut) = input.lock() else { return };
                    let (lines, next) = &mut *cut;
                    // A short chunk whenever the input pauses, so a slow
                    // producer still sees results stream.
                    while lines.fill_chunk(&mut chunk) {
                        if chunk.lines >= chunk_lines || !lines.has_buffered_input() {
                            break;
                        }
                    }
                    if chunk.pieces.is_empty() {
                        return;
                    }
                    let seq = *next;
                    *next += 1;
                    drop(cut);
                    let mut done = Done {
                        out: spare_outs
                            .take()
                            .unwrap_or_else(|| String::with_capacity(chunk.lines * 512)),
                        err: Vec::new(),
                        tally: Tally::new(rubric),
                        lines: 0,
                    };
                    chunk.each_line(name, limit, |number, text| {
                        let parsed = text
                            .and_then(|t| parse_line(name, t, number, rubric, &mut answers))
                            .map(|()| &answers);
                        let first = !started && seq == 0 && done.lines == 0;
                        let _ = record(
                            job,
                            (Some(number), parsed),
                            first,
                            &mut done.out,
                            &mut done.err,
                            (&mut done.tally, &mut plan),
                        );
                        done.lines += 1;
                    });
                    chunk.clear();
                    // When the output has closed, this thread's results are
                    // not wanted: stop (the others stop the same way).
                    if done_tx.send((seq, done)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        // Write results in input order as they complete.
        let (mut waiting, mut next, mut lines_done) = (BTreeMap::new(), 0, 0);
        let mut result = Ok(());
        for (seq, done) in done_rx.iter() {
            waiting.insert(seq, done);
            while let Some(done) = waiting.remove(&next) {
                if result.is_ok() {
                    result = out
                        .write_all(done.out.as_bytes())
                        .and_then(|()| err.write_all(&done.err));
                }
                lines_done += done.lines;
                tally.merge(done.tally);
                let mut spare = done.out;
                spare.clear();
                spare_outs.give(spare);
                progress(before + lines_done);
                next += 1;
            }
            if result.is_err() || job.options.stopped().is_some() {
                // Stop the workers: their sends now fail.
                break;
            }
            if waiting.is_empty() {
                result = out.flush();
            }
        }
        drop(done_rx);
        result
    })
}

/// Between two people's reports in a batch: a rule, so text and Markdown
/// reports stay apart (record formats need none).
fn separate(format: Format, out: &mut String) {
    match format {
        Format::Text => {
            out.push('\n');
            out.push_str(&"─".repeat(78));
            out.push_str("\n\n");
        }
        Format::Markdown => out.push_str("---\n\n"),
        Format::Json | Format::Ndjson | Format::Csv | Format::Html => {}
    }
}

/// One NDJSON line's answers, read into `into` (reusing its allocations:
/// a batch reads line after line into the same answers): the fast paths,
/// or on any problem the full parser (with the line's own number) for the
/// located messages.
pub fn parse_line(
    name: &str,
    line: &[u8],
    number: usize,
    rubric: &Rubric,
    into: &mut Answers,
) -> Result<(), Error> {
    // The byte scanner first: a line it reads is UTF-8, so most lines are
    // never checked separately.
    if Answers::scan_plain_into(line, rubric, into) {
        return Ok(());
    }
    let text = std::str::from_utf8(line).map_err(|e| {
        let valid = &line[..e.valid_up_to()];
        let column = String::from_utf8_lossy(valid).chars().count() + 1;
        let message = "not valid UTF-8 text (save the file as UTF-8)".to_string();
        line_error(name, number, column, message)
    })?;
    *into = match Answers::parse_valid_serde(text, rubric) {
        Some(answers) => answers,
        None => {
            let source = SourceText::line(name, text, number);
            Answers::parse_reporting(&source, rubric, Completeness::Complete)?
        }
    };
    Ok(())
}

fn who(answers: &Answers, line: Option<usize>) -> String {
    match (&answers.respondent, line) {
        (Some(r), _) => format!("{}: ", crate::text::sanitize(r)),
        (None, Some(l)) => format!("line {l}: "),
        (None, None) => String::new(),
    }
}

/// One person's full result: the assessment and its growth plan, planned
/// into `plan` (a batch's, reused from person to person).
fn report<'p, 'r: 'p>(
    (rubric, planner): (&'r Rubric, &OnceLock<Planner<'r>>),
    answers: &'p Answers,
    a: &'p Assessment,
    plan: &'p mut GrowthPlan<'r>,
) -> Report<'p> {
    (planner.get_or_init(|| Planner::new(rubric))).plan_into(answers, a, plan);
    Report {
        rubric,
        answers,
        assessment: std::borrow::Cow::Borrowed(a),
        plan: std::borrow::Cow::Borrowed(plan),
    }
}

/// Writes a full report in any format (CSV with its header, as a
/// one-person table).
pub fn write_report(report: &Report, format: Format, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Text => text::render(report, out),
        Format::Json => out.write_all(json::render(report).as_bytes()),
        Format::Ndjson => json::write_line(report, out),
        Format::Markdown => markdown::render(report, out),
        Format::Html => html::render(report, out),
        Format::Csv => {
            csv::header(report.rubric, out)?;
            let layout = csv::Layout::new(report.rubric);
            csv::record(&layout, report.answers, &report.assessment, out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{round_half_away, round1};

    /// The byte renderers' writes land in the batch's text whole; bytes
    /// that are not UTF-8 on their own are refused, not mangled.
    #[test]
    fn text_out_takes_whole_utf8_and_refuses_the_rest() {
        let mut text = String::from("a");
        let mut out = TextOut(&mut text);
        let wide = "中";
        write!(out, "{} · {wide}", 1).unwrap();
        let split = "中".as_bytes();
        assert!(out.write_all(&split[..1]).is_err());
        assert_eq!(text, "a1 · 中");
    }

    /// Adding a half and truncating finds the tenths of every score that
    /// scoring can give (its rounded output, 0 to 100) as rounding does.
    #[test]
    fn tenths_of_a_score_are_what_rounding_gives() {
        let scores = (0..=1000).map(|t| f64::from(t) / 10.0);
        let raw = (0..=200_000).map(|i| round1(f64::from(i) / 2000.0 + 1e-9 * f64::from(i % 7)));
        for score in scores.chain(raw) {
            let want = round_half_away(score * 10.0) as i64;
            assert_eq!(tenths(score), want, "{score}");
        }
    }
}
