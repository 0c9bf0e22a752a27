//! Answers: the JSON answers file, its validation against a rubric, and
//! writing answers back out in the same format.
//!
//! The file is `{"respondent": "...", "answers": {"<question id>": value}}`.
//! A value is the bare answer or `{"value": v, "evidence": "...", "source":
//! "self|peer|manager|artifact"}`. Each answer keeps its place in the file
//! (through a borrowed `RawValue`), so every problem names its line, and all
//! problems are reported together.

use std::fmt;
use std::sync::OnceLock;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

mod fast;
mod scan;

use crate::error::{Error, Problem};
use crate::input::SourceText;
use crate::lang::{Words, fill};
use crate::rubric::{QuestionKind, Rubric};

/// Who gave an answer, for a review that mixes views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The person themself.
    #[serde(rename = "self")]
    Myself,
    /// A peer.
    Peer,
    /// Their manager.
    Manager,
    /// A work artifact (a document, a launch, a metric).
    Artifact,
}

/// A validated answer value, in the rubric's terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AnswerValue {
    /// A number question's value.
    Number(f64),
    /// A scale point, 1..=5.
    Scale(u8),
    /// A choice question's option, by index.
    Choice(usize),
    /// A multi question's chosen options.
    Multi(Chosen),
}

/// Every answer a question can have where they are few: each scale
/// point, each option of a choice question, each set of options of a
/// multi question of at most [`Chosen::FEW`] options; none for a number
/// question or a larger multi question. What is worked out beforehand per
/// answer is worked out for these.
pub fn few_answers(kind: &QuestionKind) -> Vec<AnswerValue> {
    match kind {
        QuestionKind::Scale { anchors } => (1..=anchors.len())
            .map(|s| AnswerValue::Scale(s as u8))
            .collect(),
        QuestionKind::Choice { options } => (0..options.len()).map(AnswerValue::Choice).collect(),
        QuestionKind::Multi { options } => (Chosen::every_few(options.len()))
            .map(AnswerValue::Multi)
            .collect(),
        QuestionKind::Number { .. } => Vec::new(),
    }
}

/// What finding an answer among [`few_answers`] needs of a question's
/// kind, in a word or two: a batch looks answers up by it for every
/// question of every person, in scoring, the plan and the NDJSON line, and
/// reading it out of the question's record each time touched a cache line
/// the rest of the work did not need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FewKind {
    /// A scale of this many points.
    Scale(usize),
    /// A choice question of this many options.
    Choice(usize),
    /// A multi question of this many options, at most [`Chosen::FEW`].
    Multi(usize),
    /// A number question or a larger multi question: answers are many.
    Many,
}

impl FewKind {
    /// A question of `kind`'s.
    pub fn of(kind: &QuestionKind) -> Self {
        match kind {
            QuestionKind::Scale { anchors } => FewKind::Scale(anchors.len()),
            QuestionKind::Choice { options } => FewKind::Choice(options.len()),
            QuestionKind::Multi { options } if options.len() <= Chosen::FEW => {
                FewKind::Multi(options.len())
            }
            _ => FewKind::Many,
        }
    }

    /// Every question's of `rubric`, by question index.
    pub fn of_each(rubric: &Rubric) -> Vec<FewKind> {
        (rubric.questions.iter())
            .map(|question| FewKind::of(&question.kind))
            .collect()
    }

    /// Where `value` is among [`few_answers`] of a question of this kind;
    /// `None` for a number, a set of options of a larger multi question,
    /// or an answer of another kind. What is worked out beforehand per
    /// answer is looked up by this.
    pub fn index(self, value: &AnswerValue) -> Option<usize> {
        match (self, value) {
            (FewKind::Scale(points), AnswerValue::Scale(s)) => {
                usize::from(*s).checked_sub(1).filter(|&i| i < points)
            }
            (FewKind::Choice(options), &AnswerValue::Choice(i)) => (i < options).then_some(i),
            (FewKind::Multi(options), AnswerValue::Multi(chosen)) => usize::try_from(chosen.bits())
                .ok()
                .filter(|&bits| bits < 1 << options),
            _ => None,
        }
    }
}

/// Something worked out once per number answer of a few tenths (a
/// plain number below 100, as years and counts are), the first time an
/// answer needs it: per number question, a slot per number of tenths,
/// [`NumberSlots::TENTHS`] of them and at most [`NumberSlots::IN_ALL`]
/// across a rubric, so a rubric of many number questions holds a few
/// hundred kilobytes of them at most. Shared by threads.
#[derive(Debug, Clone)]
pub struct NumberSlots<T>(Vec<Box<[OnceLock<T>]>>);

/// No slots: no number answer has one.
impl<T> Default for NumberSlots<T> {
    fn default() -> Self {
        NumberSlots(Vec::new())
    }
}

impl<T> NumberSlots<T> {
    /// Slots per number question: for numbers below 100.
    pub const TENTHS: usize = 1_000;
    /// Slots across a rubric's number questions, given in question order.
    pub const IN_ALL: usize = 4_096;

    /// Empty slots for a rubric's number questions.
    pub fn new(rubric: &Rubric) -> Self {
        let mut left = Self::IN_ALL;
        let slots = (rubric.questions.iter()).map(|question| {
            let slots = match question.kind {
                QuestionKind::Number { .. } => Self::TENTHS.min(left),
                _ => 0,
            };
            left -= slots;
            (0..slots).map(|_| OnceLock::new()).collect()
        });
        NumberSlots(slots.collect())
    }

    /// What `init` works out for question `q`'s answer `x`, worked out the
    /// first time it is asked for; `None` for an answer with no slot.
    pub fn get_or_init(&self, q: usize, x: f64, init: impl FnOnce() -> T) -> Option<&T> {
        let slot = self.0.get(q)?.get(crate::decimal::tenths_of(x)? as usize)?;
        Some(slot.get_or_init(init))
    }
}

/// A multi question's chosen options: a set of option indexes, listed in
/// rubric order. A bit set rather than a list, so an answer needs no
/// allocation (a batch reads one per person) and holds no option twice.
/// Holds indexes below [`Chosen::CAPACITY`]; a valid rubric has at most 16
/// options per question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Chosen(u64);

// Every option of a valid rubric's question fits in a set.
const _: () = assert!(crate::rubric::MAX_OPTIONS <= Chosen::CAPACITY);

impl Chosen {
    /// How many options a set can hold.
    pub const CAPACITY: usize = 64;

    /// The set whose bit `i` says whether option `i` is chosen.
    pub const fn from_bits(bits: u64) -> Self {
        Chosen(bits)
    }

    /// Bit `i` says whether option `i` is chosen.
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// The most options a question may have for something to be worked
    /// out beforehand for each of its answers ([`Chosen::every_few`]).
    pub const FEW: usize = 8;

    /// Every set of `options` options, by bits, where they are at most
    /// [`Chosen::FEW`] (256 sets at most); none where they are more.
    pub fn every_few(options: usize) -> impl Iterator<Item = Chosen> {
        let sets = if options <= Self::FEW {
            1 << options
        } else {
            0
        };
        (0..sets).map(Chosen)
    }

    /// No option chosen.
    pub const fn none() -> Self {
        Chosen(0)
    }

    /// Adds option `i`; says whether it was new.
    pub fn insert(&mut self, i: usize) -> bool {
        debug_assert!(i < Self::CAPACITY, "option index {i} past a set's capacity");
        let bit = 1u64 << (i % Self::CAPACITY);
        let new = self.0 & bit == 0;
        self.0 |= bit;
        new
    }

    /// Whether option `i` is chosen.
    pub fn contains(self, i: usize) -> bool {
        i < Self::CAPACITY && self.0 >> i & 1 == 1
    }

    /// How many options are chosen.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether none is.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The chosen options' indexes, in rubric order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        let mut rest = self.0;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let i = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                i
            })
        })
    }
}

impl FromIterator<usize> for Chosen {
    fn from_iter<T: IntoIterator<Item = usize>>(indexes: T) -> Self {
        let mut chosen = Chosen::none();
        for i in indexes {
            chosen.insert(i);
        }
        chosen
    }
}

/// One answer with what backs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The value.
    pub value: AnswerValue,
    /// Why this answer is true (a link, an example), echoed in reports.
    pub evidence: Option<String>,
    /// Who gave it.
    pub source: Option<Source>,
}

impl Answer {
    /// An answer with no evidence or source.
    pub fn plain(value: AnswerValue) -> Self {
        Answer {
            value,
            evidence: None,
            source: None,
        }
    }
}

/// A person's answers, one slot per rubric question (`None` = unanswered).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answers {
    /// Who the answers are about.
    pub respondent: Option<String>,
    /// The level this answer set is expected to reach (for calibration cases).
    pub expected_level: Option<String>,
    /// By question index.
    pub values: Vec<Option<Answer>>,
}

/// Whether every question must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// Every question must have an answer (for scoring).
    Complete,
    /// Some may be missing (a resume file).
    Partial,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    #[serde(default)]
    respondent: Option<String>,
    #[serde(default)]
    expected_level: Option<String>,
    #[serde(borrow)]
    answers: Entries<'a>,
}

/// The `answers` object's entries in file order, duplicates kept so they can
/// be reported (a JSON object with a repeated key is an error here).
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for EntriesVisitor<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object mapping question ids to answers")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Entries<'a>, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'a RawValue>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

impl Answers {
    /// Parses and checks an answers file against a rubric, listing every
    /// problem (with its JSON path and line) at once.
    pub fn parse(
        source: &SourceText,
        rubric: &Rubric,
        completeness: Completeness,
    ) -> Result<Answers, Error> {
        if completeness == Completeness::Complete {
            if let Some(answers) = Self::parse_valid(&source.text, rubric) {
                return Ok(answers);
            }
        }
        Self::parse_reporting(source, rubric, completeness)
    }

    /// Parses a complete, valid answers file in one pass, or returns `None`
    /// if anything is wrong (then [`Answers::parse_reporting`] says what).
    pub fn parse_valid(text: &str, rubric: &Rubric) -> Option<Answers> {
        scan::parse(text.as_bytes(), rubric).or_else(|| fast::parse(text, rubric))
    }

    /// The byte scanner of [`Answers::parse_valid`] alone, on a line not yet
    /// known to be UTF-8: `Some` only for a plain, valid line (which is then
    /// UTF-8); `None` says nothing, and the line goes the usual way.
    pub fn scan_plain(line: &[u8], rubric: &Rubric) -> Option<Answers> {
        scan::parse(line, rubric)
    }

    /// [`Answers::scan_plain`] into answers already there, reusing their
    /// allocations: `true` if the line was read (`false` leaves `into`
    /// partly overwritten).
    pub fn scan_plain_into(line: &[u8], rubric: &Rubric, into: &mut Answers) -> bool {
        scan::parse_into(line, rubric, into)
    }

    /// [`Answers::parse_valid`] through serde alone, without the byte
    /// scanner: typed deserialisation, the baseline `bench/run.sh` also
    /// measures.
    pub fn parse_valid_serde(text: &str, rubric: &Rubric) -> Option<Answers> {
        fast::parse(text, rubric)
    }

    /// The full parser: checks everything and locates every problem. Also
    /// the reference the fast path must agree with.
    pub fn parse_reporting(
        source: &SourceText,
        rubric: &Rubric,
        completeness: Completeness,
    ) -> Result<Answers, Error> {
        let fail = |problems| Error::Answers {
            name: source.name.clone(),
            problems,
        };
        let words = rubric.words();
        let raw = parse_json(source, words).map_err(|p| fail(vec![p]))?;
        let mut problems = Vec::new();
        let mut values: Vec<Option<Answer>> = vec![None; rubric.questions.len()];
        let mut seen_at = vec![None; rubric.questions.len()];
        for (id, raw_value) in &raw.answers.0 {
            let offset = raw_value.get().as_ptr() as usize - source.text.as_ptr() as usize;
            let span = offset..offset + raw_value.get().len();
            let path = format!("answers.{}", json_key(id));
            let mut problem = |message: String| {
                let mut p = source.problem_at(span.clone(), message);
                p.path = Some(path.clone());
                problems.push(p);
            };
            let Some(q) = rubric.question_index(id) else {
                problem(unknown_question(rubric, id));
                continue;
            };
            if let Some(first) = seen_at[q].replace(source.position(offset).line) {
                let first = first.to_string();
                problem(fill(words.answered_twice, &[("id", id), ("first", &first)]));
                continue;
            }
            match answer_from_json(rubric, q, raw_value.get()) {
                // `null` leaves a question open, which only a partial file
                // (a saved questionnaire) may do; say where it is.
                Ok(None) if completeness == Completeness::Complete => {
                    problem(words.null_answer.to_string())
                }
                Ok(answer) => values[q] = answer,
                Err(message) => problem(message),
            }
        }
        if completeness == Completeness::Complete && problems.is_empty() {
            let missing: Vec<&str> = rubric
                .questions
                .iter()
                .zip(&values)
                .filter(|(_, v)| v.is_none())
                .map(|(q, _)| q.id.as_str())
                .collect();
            if !missing.is_empty() {
                let n = missing.len().to_string();
                let s = if missing.len() == 1 { "" } else { "s" };
                let ids = missing.join(", ");
                let mut p = Problem::new(fill(
                    words.missing_answers,
                    &[("n", &n), ("s", s), ("ids", &ids)],
                ));
                p.path = Some("answers".into());
                problems.push(p);
            }
        }
        if let Some(level) = &raw.expected_level {
            if rubric.level_index(level).is_none() {
                let mut p = Problem::new(fill(
                    words.unknown_level,
                    &[
                        ("level", &crate::text::sanitize(level)),
                        ("levels", &level_ids(rubric)),
                    ],
                ));
                p.path = Some("expected_level".into());
                problems.push(p);
            }
        }
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        Ok(Answers {
            respondent: raw.respondent,
            expected_level: raw.expected_level,
            values,
        })
    }

    /// The answers as a JSON object in the answers-file format.
    pub fn to_json(&self, rubric: &Rubric) -> Value {
        let mut answers = Map::new();
        for (q, answer) in rubric.questions.iter().zip(&self.values) {
            let Some(answer) = answer else { continue };
            let value = value_to_json(&q.kind, &answer.value);
            let value = if answer.evidence.is_none() && answer.source.is_none() {
                value
            } else {
                let mut detailed = Map::new();
                detailed.insert("value".into(), value);
                if let Some(e) = &answer.evidence {
                    detailed.insert("evidence".into(), Value::String(e.clone()));
                }
                if let Some(s) = answer.source {
                    detailed.insert(
                        "source".into(),
                        serde_json::to_value(s).unwrap_or(Value::Null),
                    );
                }
                Value::Object(detailed)
            };
            answers.insert(q.id.clone(), value);
        }
        let mut file = Map::new();
        if let Some(r) = &self.respondent {
            file.insert("respondent".into(), Value::String(r.clone()));
        }
        if let Some(l) = &self.expected_level {
            file.insert("expected_level".into(), Value::String(l.clone()));
        }
        file.insert("answers".into(), Value::Object(answers));
        Value::Object(file)
    }
}

/// An answer value as written in an answers file.
pub fn value_to_json(kind: &QuestionKind, value: &AnswerValue) -> Value {
    match (kind, value) {
        (_, AnswerValue::Number(n)) => number_json(*n),
        (_, AnswerValue::Scale(s)) => Value::from(*s),
        (QuestionKind::Choice { options }, AnswerValue::Choice(i)) => {
            Value::String(options[*i].id.clone())
        }
        (QuestionKind::Multi { options }, AnswerValue::Multi(list)) => Value::Array(
            list.iter()
                .map(|i| Value::String(options[i].id.clone()))
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// A short display of an answer: `6 years`, `4/5`, an option id, or a list
/// of option ids.
pub fn describe(rubric: &Rubric, q: usize, value: &AnswerValue) -> String {
    let mut text = String::with_capacity(24);
    push_description(&mut text, rubric, q, value);
    text
}

/// Appends [`describe`]'s text to `text`: a batch's full results describe
/// every answer of every person, straight into the line they write.
pub fn push_description(text: &mut String, rubric: &Rubric, q: usize, value: &AnswerValue) {
    let question = &rubric.questions[q];
    match (&question.kind, value) {
        (QuestionKind::Number { unit, .. }, AnswerValue::Number(n)) => match unit {
            Some(unit) if *n == 1.0 => {
                text.push_str("1 ");
                text.push_str(singular(unit));
            }
            Some(unit) => {
                push_number(text, *n);
                text.push(' ');
                text.push_str(unit);
            }
            None => push_number(text, *n),
        },
        (QuestionKind::Scale { anchors }, AnswerValue::Scale(s)) => {
            crate::decimal::push_whole(text, u64::from(*s));
            text.push('/');
            crate::decimal::push_whole(text, anchors.len() as u64);
        }
        (QuestionKind::Choice { options }, AnswerValue::Choice(i)) => {
            text.push_str(&options[*i].id);
        }
        (QuestionKind::Multi { .. }, AnswerValue::Multi(list)) if list.is_empty() => {
            text.push_str(rubric.words().none);
        }
        (QuestionKind::Multi { options }, AnswerValue::Multi(list)) => {
            for (n, i) in list.iter().enumerate() {
                if n > 0 {
                    text.push_str(", ");
                }
                text.push_str(&options[i].id);
            }
        }
        _ => text.push('?'),
    }
}

/// [`describe`], or "unanswered" in the rubric's words when there is no
/// answer.
pub fn describe_or_unanswered(rubric: &Rubric, q: usize, value: Option<&AnswerValue>) -> String {
    value.map_or_else(
        || rubric.words().unanswered.to_string(),
        |v| describe(rubric, q, v),
    )
}

/// "1 year", not "1 years"; "1 launch", not "1 launches".
fn singular(unit: &str) -> &str {
    ["ches", "shes", "sses", "xes"]
        .iter()
        .find(|end| unit.ends_with(*end))
        .map(|_| &unit[..unit.len() - 2])
        .or_else(|| unit.strip_suffix('s'))
        .unwrap_or(unit)
}

/// A number without a trailing `.0` when it is whole.
pub fn format_number(n: f64) -> String {
    let mut text = String::new();
    push_number(&mut text, n);
    text
}

/// Appends a number as [`format_number`] writes it.
fn push_number(text: &mut String, n: f64) {
    // `-0` would read as a typo.
    let n = if n == 0.0 { 0.0 } else { n };
    crate::decimal::push(text, n, crate::decimal::Style::Shortest);
}

/// Whole numbers are written without a fraction, so files stay tidy.
fn number_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

fn parse_json<'s>(source: &'s SourceText, words: &Words) -> Result<RawFile<'s>, Problem> {
    let mut de = serde_json::Deserializer::from_str(&source.text);
    let raw: RawFile = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| json_problem(source, e.inner(), Some(e.path().to_string()), words))?;
    // Trailing content after the object (a second object, stray text).
    de.end()
        .map_err(|e| json_problem(source, &e, None, words))?;
    Ok(raw)
}

/// A serde_json error as a located problem.
fn json_problem(
    source: &SourceText,
    error: &serde_json::Error,
    path: Option<String>,
    words: &Words,
) -> Problem {
    let trimmed = source.text.trim_start();
    let shape = [("shape", words.translate(EXPECTED_SHAPE))];
    let message = if trimmed.is_empty() {
        fill(
            words.translate("the file is empty; expected {shape}"),
            &shape,
        )
    } else if !trimmed.starts_with('{') && !error.is_syntax() {
        fill(words.translate("expected {shape}"), &shape)
    } else if error.is_syntax() && non_finite_at(&source.text, error.line(), error.column()) {
        words
            .translate(
                "JSON has no NaN or Infinity; give a finite number within the question's range",
            )
            .to_string()
    } else {
        crate::lang::serde_message(&json_message(error), words)
    };
    let path = path.filter(|_| trimmed.starts_with('{'));
    let position = crate::error::Position {
        line: error.line().max(1) + source.first_line - 1,
        column: error.column().max(1),
    };
    Problem {
        position: Some(position),
        // serde_path_to_error writes `?` for a key it never finished reading.
        path: path.filter(|p| p != "." && !p.contains('?')),
        message,
        snippet: (error.line() > 0).then(|| source.snippet(position, 1)),
    }
}

/// Whether the text at a serde_json error position (1-based line and column)
/// is a `NaN` or `Infinity`, which other tools write but JSON does not allow.
fn non_finite_at(text: &str, line: usize, column: usize) -> bool {
    let Some(rest) = text
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.get(column.saturating_sub(1)..))
    else {
        return false;
    };
    let rest = rest.trim_start_matches(['-', '+']);
    rest.starts_with("NaN") || rest.starts_with("Infinity")
}

/// What an answers file looks like, for messages.
const EXPECTED_SHAPE: &str =
    "a JSON object like {\"respondent\": \"...\", \"answers\": {\"<question id>\": value}}";

/// serde_json's message without its own "at line L column C" (the problem
/// carries the position, relative to the whole file).
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    text.rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m)
        .to_string()
}

/// Turns one JSON answer into a checked answer; `Ok(None)` for `null`.
fn answer_from_json(rubric: &Rubric, q: usize, raw: &str) -> Result<Option<Answer>, String> {
    let words = rubric.words();
    let value: Value = serde_json::from_str(raw).map_err(|e| json_message(&e))?;
    let (value, evidence, source) = match value {
        Value::Object(mut map) => {
            if let Some(key) = map
                .keys()
                .find(|k| !["value", "evidence", "source"].contains(&k.as_str()))
            {
                return Err(fill(
                    words.unknown_detail,
                    &[("field", &crate::text::sanitize(key))],
                ));
            }
            let evidence = match map.remove("evidence") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s),
                Some(other) => {
                    return Err(fill(
                        words.evidence_kind,
                        &[("kind", kind_of(&other, words))],
                    ));
                }
            };
            let source = match map.remove("source") {
                None | Some(Value::Null) => None,
                Some(s) => Some(
                    serde_json::from_value::<Source>(s)
                        .map_err(|_| words.bad_source.to_string())?,
                ),
            };
            let Some(value) = map.remove("value") else {
                return Err(words.needs_value.into());
            };
            (value, evidence, source)
        }
        other => (other, None, None),
    };
    if value.is_null() {
        return Ok(None);
    }
    let value = check_value(rubric, q, &value)?;
    Ok(Some(Answer {
        value,
        evidence,
        source,
    }))
}

fn check_value(rubric: &Rubric, q: usize, value: &Value) -> Result<AnswerValue, String> {
    let (question, words) = (&rubric.questions[q], rubric.words());
    let ids = |options: &[crate::rubric::ChoiceOption]| option_ids(options);
    match &question.kind {
        QuestionKind::Number { min, max, .. } => {
            let (lo, hi) = (min.to_string(), max.to_string());
            let n = value.as_f64().ok_or_else(|| {
                fill(
                    words.expected_number,
                    &[("min", &lo), ("max", &hi), ("kind", kind_of(value, words))],
                )
            })?;
            if !(*min..=*max).contains(&n) {
                return Err(fill(
                    words.out_of_range,
                    &[("n", &n.to_string()), ("min", &lo), ("max", &hi)],
                ));
            }
            Ok(AnswerValue::Number(n))
        }
        QuestionKind::Scale { anchors } => {
            let top = anchors.len() as u64;
            match value.as_u64() {
                Some(n) if (1..=top).contains(&n) => Ok(AnswerValue::Scale(n as u8)),
                _ => Err(fill(
                    words.expected_scale,
                    &[("top", &top.to_string()), ("found", &shown(value, words))],
                )),
            }
        }
        QuestionKind::Choice { options } => {
            let id = value.as_str().ok_or_else(|| {
                fill(
                    words.expected_choice,
                    &[("ids", &ids(options)), ("kind", kind_of(value, words))],
                )
            })?;
            option_index(options, id, words).map(AnswerValue::Choice)
        }
        QuestionKind::Multi { options } => {
            let list = value.as_array().ok_or_else(|| {
                fill(
                    words.expected_multi,
                    &[("ids", &ids(options)), ("kind", kind_of(value, words))],
                )
            })?;
            let mut chosen = Chosen::none();
            for item in list {
                let id = item
                    .as_str()
                    .ok_or_else(|| fill(words.expected_ids, &[("kind", kind_of(item, words))]))?;
                let i = option_index(options, id, words)?;
                if !chosen.insert(i) {
                    return Err(fill(words.listed_twice, &[("id", id)]));
                }
            }
            Ok(AnswerValue::Multi(chosen))
        }
    }
}

fn option_index(
    options: &[crate::rubric::ChoiceOption],
    id: &str,
    words: &Words,
) -> Result<usize, String> {
    options.iter().position(|o| o.id == id).ok_or_else(|| {
        fill(
            words.unknown_option,
            &[
                ("id", &crate::text::sanitize(id)),
                ("ids", &option_ids(options)),
            ],
        )
    })
}

fn option_ids(options: &[crate::rubric::ChoiceOption]) -> String {
    options
        .iter()
        .map(|o| o.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn level_ids(rubric: &Rubric) -> String {
    rubric
        .levels
        .iter()
        .map(|l| l.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_question(rubric: &Rubric, id: &str) -> String {
    let words = rubric.words();
    let close = rubric
        .questions
        .iter()
        .find(|q| {
            q.id.ends_with(id.rsplit('.').next().unwrap_or(id)) || id.ends_with(q.id.as_str())
        })
        .map(|q| fill(words.did_you_mean, &[("id", &q.id)]))
        .unwrap_or_default();
    fill(
        words.unknown_question,
        &[("id", &crate::text::sanitize(id)), ("close", &close)],
    )
}

fn json_key(id: &str) -> String {
    if id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        id.to_string()
    } else {
        Value::String(id.to_string()).to_string()
    }
}

fn kind_of(value: &Value, words: &Words) -> &'static str {
    let kind = match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    };
    words.kinds[kind]
}

fn shown(value: &Value, words: &Words) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        other => kind_of(other, words).to_string(),
    }
}

impl Answers {
    /// A complete answer set with every question at its lowest answer: the
    /// starting point of `pmlevel template`.
    pub fn template(rubric: &Rubric) -> Answers {
        let values = rubric
            .questions
            .iter()
            .map(|q| {
                let value = match &q.kind {
                    QuestionKind::Number { min, .. } => AnswerValue::Number(*min),
                    QuestionKind::Scale { .. } => AnswerValue::Scale(1),
                    QuestionKind::Choice { .. } => AnswerValue::Choice(0),
                    QuestionKind::Multi { .. } => AnswerValue::Multi(Chosen::none()),
                };
                Some(Answer::plain(value))
            })
            .collect();
        Answers {
            respondent: Some(String::new()),
            expected_level: None,
            values,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_set_lists_each_option_once_in_rubric_order() {
        let mut chosen: Chosen = [5, 0, 15, 3].into_iter().collect();
        assert_eq!(chosen.iter().collect::<Vec<_>>(), [0, 3, 5, 15]);
        assert_eq!(chosen.len(), 4);
        assert!(!chosen.insert(3), "3 was already chosen");
        assert!(chosen.insert(63));
        assert!(chosen.contains(63) && !chosen.contains(64) && !chosen.contains(4));
        assert_eq!(chosen.iter().last(), Some(63));
        assert!(Chosen::none().is_empty());
        assert_eq!(Chosen::none().iter().count(), 0);
    }

    /// Each few answer is found where `few_answers` lists it; a number, an
    /// answer past the question's, or one of another kind is not found.
    #[test]
    fn few_answers_are_found_where_they_are_listed() {
        fn few_index(kind: &QuestionKind, value: &AnswerValue) -> Option<usize> {
            FewKind::of(kind).index(value)
        }
        let mut found = 0;
        for rubric in crate::rubric::test_rubrics() {
            for question in &rubric.questions {
                let kind = &question.kind;
                for (i, value) in few_answers(kind).iter().enumerate() {
                    assert_eq!(few_index(kind, value), Some(i), "{}", question.id);
                    found += 1;
                }
                let (past, other) = match kind {
                    QuestionKind::Scale { anchors } => (
                        AnswerValue::Scale(anchors.len() as u8 + 1),
                        AnswerValue::Choice(0),
                    ),
                    QuestionKind::Choice { options } => {
                        (AnswerValue::Choice(options.len()), AnswerValue::Scale(1))
                    }
                    QuestionKind::Multi { options } => (
                        AnswerValue::Multi(Chosen::from_bits(1 << options.len())),
                        AnswerValue::Choice(0),
                    ),
                    QuestionKind::Number { .. } => {
                        (AnswerValue::Number(1.0), AnswerValue::Scale(1))
                    }
                };
                assert_eq!(few_index(kind, &past), None, "{}", question.id);
                assert_eq!(few_index(kind, &other), None, "{}", question.id);
                assert_eq!(
                    few_index(kind, &AnswerValue::Scale(0)),
                    None,
                    "{}",
                    question.id
                );
            }
        }
        assert!(found > 150, "{found}");
    }

    /// A slot per number of tenths below 100 for each number question,
    /// in question order while the whole allows; each worked out once.
    #[test]
    fn number_slots_hold_a_few_numbers_of_a_few_questions() {
        let mut text = include_str!("../../tests/fixtures/minimal.toml").to_string();
        for n in 1..=5 {
            text.push_str(&format!(
                "\n[[questions]]\nid = \"craft.n{n}\"\nkind = \"number\"\nprompt = \"?\"\n\
                 weight = 1\nmin = 0\nmax = 500\ncurve = [[0, 0], [10, 100]]\n"
            ));
        }
        let rubric = Rubric::parse(&SourceText::new("many.toml", &text)).unwrap();
        let q = |id: &str| rubric.question_index(id).unwrap();
        let slots = NumberSlots::<f64>::new(&rubric);
        let made = std::cell::Cell::new(0);
        let get = |id: &str, x: f64| {
            (slots.get_or_init(q(id), x, || {
                made.set(made.get() + 1);
                x
            }))
            .copied()
        };
        // craft.years, n1, n2 and n3 have 1,000 slots each; n4 the 96 left.
        for id in ["craft.years", "craft.n1", "craft.n3"] {
            assert_eq!(get(id, 99.9), Some(99.9), "{id}");
            assert_eq!(get(id, 100.0), None, "{id}");
        }
        assert_eq!(
            (get("craft.n4", 9.5), get("craft.n4", 9.6)),
            (Some(9.5), None)
        );
        assert_eq!(
            (get("craft.n5", 0.0), get("craft.skill", 1.0)),
            (None, None)
        );
        // Not a number of tenths, or negative: none.
        assert_eq!((get("craft.n1", 0.25), get("craft.n1", -0.0)), (None, None));
        let before = made.get();
        assert_eq!(get("craft.n1", 99.9), Some(99.9));
        assert_eq!(made.get(), before, "worked out once");
    }

    fn files(dir: &str) -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut out: Vec<(String, String)> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter_map(|p| {
                std::fs::read_to_string(&p)
                    .ok()
                    .map(|t| (p.display().to_string(), t))
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn the_fast_path_agrees_with_the_full_parser() {
        let rubric = Rubric::embedded();
        let valid = files("examples/answers")
            .into_iter()
            .chain(files("tests/calibration/product-manager"))
            .chain(
                generated(300, 9)
                    .into_iter()
                    .map(|l| ("generated".to_string(), l)),
            );
        let mut checked = 0;
        for (name, text) in valid {
            let source = SourceText::new(name.clone(), text.clone());
            let full = Answers::parse_reporting(&source, rubric, Completeness::Complete).unwrap();
            assert_eq!(fast::parse(&text, rubric), Some(full), "{name}");
            checked += 1;
        }
        assert!(checked > 300);
    }

    #[test]
    fn the_fast_path_rejects_every_bad_file() {
        let rubric = Rubric::embedded();
        for (name, text) in files("tests/bad-answers") {
            let source = SourceText::new(name.clone(), text.clone());
            assert!(Answers::parse_reporting(&source, rubric, Completeness::Complete).is_err());
            assert_eq!(fast::parse(&text, rubric), None, "{name}");
        }
    }

    fn generated(count: u64, seed: u64) -> Vec<String> {
        crate::generate::lines(Rubric::embedded(), count, seed)
    }

    #[test]
    fn the_scanner_reads_every_generated_line_as_serde_does() {
        let rubric = Rubric::embedded();
        for line in generated(300, 4) {
            let scanned = scan::parse(line.as_bytes(), rubric);
            assert!(scanned.is_some(), "{line}");
            assert_eq!(scanned, fast::parse(&line, rubric), "{line}");
            // Spaced out, a line takes the scanner's slower way for its
            // keys and commas: still the scanner's, read the same. (No
            // generated string holds any of these bytes.)
            let spaced: String = (line.chars())
                .map(|c| match c {
                    ',' | ':' | '{' | '}' | '[' | ']' => format!(" {c}\n"),
                    c => c.to_string(),
                })
                .collect();
            assert_eq!(scan::parse(spaced.as_bytes(), rubric), scanned, "{spaced}");
        }
    }

    /// A batch reads line after line into the same answers: each read must
    /// leave exactly what a fresh read gives, whatever the line before held
    /// (a respondent or none, an expected level or none, a line turned down
    /// halfway through).
    #[test]
    fn reading_into_reused_answers_gives_a_fresh_read() {
        let rubric = Rubric::embedded();
        let mut lines = generated(12, 5);
        lines[2] = lines[2].replacen(r#""respondent":"person-3","#, "", 1);
        lines[4] = lines[4].replacen("{", r#"{"expected_level":"senior","#, 1);
        lines[5] = lines[5].replacen("{", r#"{"expected_level":null,"#, 1);
        lines[7] = format!(r#"{},"x":1}}"#, &lines[7][..lines[7].len() - 1]);
        lines[8] = lines[8][..lines[8].len() / 2].to_string();
        let mut reused = Answers::default();
        let (mut turned_down, mut nameless, mut expecting) = (0, 0, 0);
        for line in &lines {
            let fresh = scan::parse(line.as_bytes(), rubric);
            let read = scan::parse_into(line.as_bytes(), rubric, &mut reused);
            assert_eq!(read, fresh.is_some(), "{line}");
            let Some(fresh) = fresh else {
                turned_down += 1;
                continue;
            };
            assert_eq!(reused, fresh, "{line}");
            nameless += usize::from(fresh.respondent.is_none());
            expecting += usize::from(fresh.expected_level.is_some());
        }
        assert_eq!((turned_down, nameless, expecting), (2, 1, 1));
    }

    /// Every one-byte change of real lines (deleted, or replaced by a byte
    /// that matters to JSON or breaks UTF-8): whatever the scanner accepts,
    /// serde's path accepts with the same result.
    #[test]
    fn the_scanner_accepts_nothing_serde_would_not() {
        let rubric = Rubric::embedded();
        let mut lines = generated(3, 11);
        lines.push(r#" { "answers" : { "experience.years" : 0.25 , "experience.launches" : 0 , "experience.management_years" : 10 , "skills.technical" : 1 , "skills.project_management" : 5 , "skills.market_analysis" : 3 , "skills.communication" : 2 , "skills.leadership" : 4 , "responsibility.scope" : "tasks" , "responsibility.team" : "none" , "responsibility.accountability" : "tasks" , "influence.reach" : "team" , "influence.activities" : [ ] } , "respondent" : null , "expected_level" : "mid" } "#.to_string());
        // Bytes that matter to JSON, and bytes that break UTF-8 (a stray
        // continuation byte, a lead byte with no continuation).
        let replacements = b" \t\n\"\\,:{}[]0159.eE-+nx\x01\x7f\x80\xbf\xc3\xe4\xff";
        let (mut accepted, mut tried) = (0, 0);
        for line in &lines {
            let bytes = line.as_bytes();
            for at in 0..=bytes.len() {
                let mut variants =
                    vec![[&bytes[..at], &bytes[(at + 1).min(bytes.len())..]].concat()];
                for &b in replacements {
                    variants.push([&bytes[..at], &[b][..], &bytes[at..]].concat());
                    if at < bytes.len() {
                        let mut replaced = bytes.to_vec();
                        replaced[at] = b;
                        variants.push(replaced);
                    }
                }
                for variant in variants {
                    let Ok(text) = String::from_utf8(variant.clone()) else {
                        // The scanner reads bytes: it must turn down a line
                        // that is not UTF-8, whatever else it holds.
                        assert_eq!(scan::parse(&variant, rubric), None);
                        tried += 1;
                        continue;
                    };
                    tried += 1;
                    if let Some(scanned) = scan::parse(text.as_bytes(), rubric) {
                        accepted += 1;
                        assert_eq!(Some(scanned), fast::parse(&text, rubric), "{text}");
                    }
                }
            }
        }
        assert!(accepted > 1000 && tried > 50_000, "{accepted} of {tried}");
    }
}
