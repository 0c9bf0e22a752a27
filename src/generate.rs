//! Seeded random answers for benchmarks and tests: `pmlevel generate`
//! writes N valid answers records for a rubric as NDJSON. The same seed
//! gives the same records on every machine.

use std::io::{self, Write};

use serde_json::{Map, Value};

use crate::answers::AnswerValue;
use crate::answers::value_to_json;
use crate::rubric::{QuestionKind, Rubric};

/// SplitMix64: tiny, fast and good enough for test data; no dependency.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Writes `count` random valid answers records, one JSON object per line.
pub fn write(rubric: &Rubric, count: u64, seed: u64, out: &mut dyn Write) -> io::Result<()> {
    let mut rng = SplitMix(seed);
    let mut line = Vec::with_capacity(1024);
    for n in 0..count {
        let mut answers = Map::new();
        for q in &rubric.questions {
            answers.insert(
                q.id.clone(),
                value_to_json(&q.kind, &random_value(&q.kind, &mut rng)),
            );
        }
        let mut record = Map::new();
        record.insert(
            "respondent".into(),
            Value::String(format!("person-{}", n + 1)),
        );
        record.insert("answers".into(), Value::Object(answers));
        line.clear();
        serde_json::to_writer(&mut line, &record)?;
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

fn random_value(kind: &QuestionKind, rng: &mut SplitMix) -> AnswerValue {
    match kind {
        QuestionKind::Number {
            min, max, curve, ..
        } => {
            // Mostly within the curve (where answers matter), in half steps.
            let top = curve.last().map_or(*max, |c| (c.0 * 1.2).min(*max));
            let steps = ((top - min) * 2.0).max(1.0) as usize;
            AnswerValue::Number(min + rng.below(steps + 1) as f64 / 2.0)
        }
        QuestionKind::Scale { anchors } => AnswerValue::Scale(rng.below(anchors.len()) as u8 + 1),
        QuestionKind::Choice { options } => AnswerValue::Choice(rng.below(options.len())),
        QuestionKind::Multi { options } => {
            AnswerValue::Multi((0..options.len()).filter(|_| rng.below(2) == 1).collect())
        }
    }
}

/// [`write`]'s records as lines, for tests that walk generated people.
#[cfg(test)]
pub(crate) fn lines(rubric: &Rubric, count: u64, seed: u64) -> Vec<String> {
    let mut out = Vec::new();
    write(rubric, count, seed, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    text.lines().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_records_and_all_valid() {
        let rubric = Rubric::embedded();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write(rubric, 50, 42, &mut a).unwrap();
        write(rubric, 50, 42, &mut b).unwrap();
        assert_eq!(a, b);
        let text = String::from_utf8(a).unwrap();
        for (i, line) in text.lines().enumerate() {
            let source = crate::input::SourceText::line("generated", line, i + 1);
            crate::answers::Answers::parse(&source, rubric, crate::answers::Completeness::Complete)
                .unwrap();
        }
    }
}
