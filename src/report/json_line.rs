//! The NDJSON result line, written straight from [`ResultJson`].
//!
//! A batch writes one of these per person, about 6 KB each; through serde
//! that cost more than scoring and planning together (every key escaped
//! byte by byte, every score through a float formatter, and the text buffer
//! regrown a few times). Here keys are literals, strings are copied whole
//! unless they hold a byte to escape, one-decimal scores are written digit
//! by digit, and anything unusual is handed to serde_json itself. The
//! output is byte for byte what `serde_json::to_string` writes for the same
//! [`ResultJson`] (tested on thousands of results, in both languages).
//!
//! [`ResultJson`] stays the one description of the format (its fields, their
//! order, the JSON Schema); each impl below only lists its fields, in order.

use std::sync::LazyLock;

use serde::Serialize;

use super::json::{
    ActionJson, AnswerJson, BorderlineJson, ChangeJson, DimensionJson, GapJson, HabitJson,
    LevelRef, MarginJson, NextLevelJson, PathJson, PlanJson, QuestionJson, ResultJson, RubricRef,
    RungJson, ThresholdJson, WeakJson,
};
use crate::answers::Source;
use crate::decimal::{self, Style};
use crate::json_string;
use crate::rubric::{Habit, Timeframe};

/// A result as one line of compact JSON, with its line end.
pub fn render(result: &ResultJson, out: &mut String) {
    result.write(out);
    out.push('\n');
}

/// A value that writes itself as compact JSON.
trait Compact {
    fn write(&self, out: &mut String);
}

/// Writes `{"field":value,...}` for the listed fields, in that order.
macro_rules! object {
    ($type:ty { $first:ident $(, $field:ident)* $(,)? }) => {
        impl Compact for $type {
            fn write(&self, out: &mut String) {
                out.push_str(concat!("{\"", stringify!($first), "\":"));
                self.$first.write(out);
                $(
                    out.push_str(concat!(",\"", stringify!($field), "\":"));
                    self.$field.write(out);
                )*
                out.push('}');
            }
        }
    };
}

object!(ResultJson<'_> {
    schema_version, rubric, respondent, level, overall, borderline, dimensions, thresholds,
    next_level, plan,
});
object!(RubricRef<'_> { id, name, version, sha256 });
object!(LevelRef<'_> { id, name, rank, of, summary });
object!(BorderlineJson<'_> { borderline, near_next, just_over });
object!(MarginJson<'_> { threshold, margin });
object!(DimensionJson<'_> { id, name, weight, score, questions });
object!(QuestionJson<'_> { id, answer, display, points, evidence, source });
object!(ThresholdJson<'_> { target, need, have, met });
object!(NextLevelJson<'_> { id, name, thresholds });
object!(PlanJson<'_> { target, why, shortest_path, gaps, habits });
object!(PathJson<'_> { steps, reaches, method, changes });
object!(ChangeJson<'_> { question, from, to, steps, points_from, points_to, label });
object!(GapJson<'_> { target, have, need, impact, weakest, actions });
object!(WeakJson<'_> { question, points, next });
object!(RungJson<'_> { answer, points, label });
object!(ActionJson<'_> { text, habit, timeframe, dimension, question });
object!(HabitJson<'_> { habit, title, actions });

impl Compact for str {
    fn write(&self, out: &mut String) {
        if json_string::has_special(self.as_bytes()) {
            return serde_fallback(self, out);
        }
        out.reserve(self.len() + 2);
        out.push('"');
        out.push_str(self);
        out.push('"');
    }
}

impl Compact for &str {
    fn write(&self, out: &mut String) {
        (**self).write(out);
    }
}

impl Compact for String {
    fn write(&self, out: &mut String) {
        self.as_str().write(out);
    }
}

impl Compact for std::borrow::Cow<'_, str> {
    fn write(&self, out: &mut String) {
        (**self).write(out);
    }
}

impl Compact for f64 {
    fn write(&self, out: &mut String) {
        // serde_json writes a whole float with `.0`, like `{:.1}` does; for
        // one-decimal numbers the two agree, and `decimal` writes those fast.
        if !decimal::push_tenths(out, *self, Style::OneDecimal) {
            serde_fallback(self, out);
        }
    }
}

impl Compact for usize {
    fn write(&self, out: &mut String) {
        decimal::push_whole(out, *self as u64);
    }
}

impl Compact for bool {
    fn write(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl<T: Compact> Compact for Option<T> {
    fn write(&self, out: &mut String) {
        match self {
            Some(value) => value.write(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn write(&self, out: &mut String) {
        out.push('[');
        for (i, value) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            value.write(out);
        }
        out.push(']');
    }
}

impl Compact for AnswerJson<'_> {
    fn write(&self, out: &mut String) {
        match self {
            AnswerJson::Null => out.push_str("null"),
            AnswerJson::Integer(n) => {
                if *n < 0 {
                    out.push('-');
                }
                decimal::push_whole(out, n.unsigned_abs());
            }
            AnswerJson::Number(n) => n.write(out),
            AnswerJson::Choice(id) => id.write(out),
            AnswerJson::Multi(ids) => ids.write(out),
        }
    }
}

/// Unit enums as serde names them, asked of serde once.
fn names<T: Serialize, const N: usize>(all: [T; N]) -> [String; N] {
    all.map(|v| serde_json::to_string(&v).unwrap_or_default())
}

static HABITS: LazyLock<[String; 6]> = LazyLock::new(|| names(Habit::ALL));
static TIMEFRAMES: LazyLock<[String; 3]> =
    LazyLock::new(|| names([Timeframe::Days30, Timeframe::Days90, Timeframe::Year]));
static SOURCES: LazyLock<[String; 4]> = LazyLock::new(|| {
    names([
        Source::Myself,
        Source::Peer,
        Source::Manager,
        Source::Artifact,
    ])
});

impl Compact for Habit {
    fn write(&self, out: &mut String) {
        out.push_str(&HABITS[*self as usize]);
    }
}

impl Compact for Timeframe {
    fn write(&self, out: &mut String) {
        out.push_str(&TIMEFRAMES[*self as usize]);
    }
}

impl Compact for Source {
    fn write(&self, out: &mut String) {
        out.push_str(&SOURCES[*self as usize]);
    }
}

/// Whatever serde_json writes for the value (escaped strings, floats in
/// exponent form, non-finite numbers as `null`).
fn serde_fallback<T: Serialize + ?Sized>(value: &T, out: &mut String) {
    out.push_str(&serde_json::to_string(value).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answers, Completeness};
    use crate::input::SourceText;
    use crate::report::{Report, json};
    use crate::rubric::Rubric;

    fn check(report: &Report) {
        let result = json::result(report);
        let mut line = String::new();
        render(&result, &mut line);
        let want = serde_json::to_string(&result).unwrap() + "\n";
        assert_eq!(line, want);
    }

    #[test]
    fn writes_what_serde_writes() {
        for tag in ["en", "zh"] {
            let rubric = Rubric::embedded_in(tag);
            let mut lines = Vec::new();
            crate::generate::write(rubric, 1500, 21, &mut lines).unwrap();
            let lines = String::from_utf8(lines).unwrap();
            for line in lines.lines() {
                let answers = Answers::parse_valid(line, rubric).unwrap();
                check(&Report::new(rubric, &answers));
            }
        }
    }

    #[test]
    fn writes_escapes_evidence_and_sources_as_serde_does() {
        let rubric = Rubric::embedded();
        let text = include_str!("../../examples/answers/staff.json").replacen(
            "Stef Staff",
            r#"Zoë \"Z\" \u0007 O'Neil\n"#,
            1,
        );
        let answers =
            Answers::parse(&SourceText::new("x", text), rubric, Completeness::Complete).unwrap();
        assert!(answers.values.iter().flatten().any(|a| a.source.is_some()));
        check(&Report::new(rubric, &answers));
    }
}
