//! The fast path for valid answers: one serde pass straight into
//! [`Answers`], guided by the rubric (each value is checked against its
//! question as it is read), with no intermediate JSON values and no error
//! text built. Any problem at all returns `None`, and the caller falls back
//! to the full parser, which finds and locates every problem; so both paths
//! accept exactly the same files, and errors read the same.

use std::borrow::Cow;
use std::fmt;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Answer, AnswerValue, Answers, Chosen, Source};
use crate::rubric::{QuestionKind, Rubric};

/// Parses a valid answers file, or says `None` if anything is off.
pub fn parse(text: &str, rubric: &Rubric) -> Option<Answers> {
    let mut de = serde_json::Deserializer::from_str(text);
    let answers = FileSeed(rubric).deserialize(&mut de).ok()?;
    de.end().ok()?;
    answers
        .values
        .iter()
        .all(Option::is_some)
        .then_some(answers)
}

/// A key that borrows from the input when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

fn reject<E: de::Error>() -> E {
    // The message is never shown: the full parser reports the real one.
    E::custom("")
}

struct FileSeed<'r>(&'r Rubric);

impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
    type Value = Answers;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Answers, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FileSeed<'_> {
    type Value = Answers;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answers object")
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Answers, M::Error> {
        let (mut respondent, mut expected_level, mut values) = (None, None, None);
        while let Some(Key(key)) = map.next_key()? {
            match &*key {
                "respondent" if respondent.is_none() => {
                    respondent = Some(map.next_value::<Option<String>>()?)
                }
                "expected_level" if expected_level.is_none() => {
                    let level: Option<String> = map.next_value()?;
                    if level
                        .as_deref()
                        .is_some_and(|l| self.0.level_index(l).is_none())
                    {
                        return Err(reject());
                    }
                    expected_level = Some(level);
                }
                "answers" if values.is_none() => {
                    values = Some(map.next_value_seed(ValuesSeed(self.0))?)
                }
                _ => return Err(reject()),
            }
        }
        Ok(Answers {
            respondent: respondent.flatten(),
            expected_level: expected_level.flatten(),
            values: values.ok_or_else(reject)?,
        })
    }
}

struct ValuesSeed<'r>(&'r Rubric);

impl<'de> DeserializeSeed<'de> for ValuesSeed<'_> {
    type Value = Vec<Option<Answer>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ValuesSeed<'_> {
    type Value = Vec<Option<Answer>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("answers by question id")
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let questions = &self.0.questions;
        let mut values: Vec<Option<Answer>> = vec![None; questions.len()];
        let mut seen = vec![false; questions.len()];
        // Files usually list questions in rubric order: try the next one first.
        let mut next = 0;
        while let Some(Key(key)) = map.next_key()? {
            let q = match questions.get(next) {
                Some(question) if question.id == *key => next,
                _ => self.0.question_index(&key).ok_or_else(reject)?,
            };
            if std::mem::replace(&mut seen[q], true) {
                return Err(reject());
            }
            values[q] = map.next_value_seed(AnswerSeed(&questions[q].kind))?;
            next = q + 1;
        }
        Ok(values)
    }
}

/// One answer: a bare value or `{"value", "evidence", "source"}`.
struct AnswerSeed<'k>(&'k QuestionKind);

impl<'de> DeserializeSeed<'de> for AnswerSeed<'_> {
    type Value = Option<Answer>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnswerSeed<'_> {
    type Value = Option<Answer>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        ValueSeed(self.0).visit_u64(v).map(plain)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        ValueSeed(self.0).visit_i64(v).map(plain)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        ValueSeed(self.0).visit_f64(v).map(plain)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        ValueSeed(self.0).visit_str(v).map(plain)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        ValueSeed(self.0).visit_seq(seq).map(plain)
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let (mut value, mut evidence, mut source) = (None, None, None);
        while let Some(Key(key)) = map.next_key()? {
            match &*key {
                "value" if value.is_none() => {
                    value = Some(map.next_value_seed(NullableValue(self.0))?)
                }
                "evidence" if evidence.is_none() => {
                    evidence = Some(map.next_value::<Option<String>>()?)
                }
                "source" if source.is_none() => source = Some(map.next_value::<Option<Source>>()?),
                _ => return Err(reject()),
            }
        }
        let Some(value) = value.ok_or_else(reject)? else {
            return Ok(None);
        };
        Ok(Some(Answer {
            value,
            evidence: evidence.flatten(),
            source: source.flatten(),
        }))
    }
}

fn plain(value: AnswerValue) -> Option<Answer> {
    Some(Answer::plain(value))
}

/// A detailed answer's `value`, which may be `null`.
struct NullableValue<'k>(&'k QuestionKind);

impl<'de> DeserializeSeed<'de> for NullableValue<'_> {
    type Value = Option<AnswerValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NullableValue<'_> {
    type Value = Option<AnswerValue>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        ValueSeed(self.0).visit_u64(v).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        ValueSeed(self.0).visit_i64(v).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        ValueSeed(self.0).visit_f64(v).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        ValueSeed(self.0).visit_str(v).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        ValueSeed(self.0).visit_seq(seq).map(Some)
    }
}

/// A bare answer value, checked against its question's kind.
struct ValueSeed<'k>(&'k QuestionKind);

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = AnswerValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer value")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<AnswerValue, E> {
        match self.0 {
            QuestionKind::Scale { anchors } if (1..=anchors.len() as u64).contains(&v) => {
                Ok(AnswerValue::Scale(v as u8))
            }
            QuestionKind::Number { .. } => self.visit_f64(v as f64),
            _ => Err(reject()),
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<AnswerValue, E> {
        match self.0 {
            QuestionKind::Number { .. } => self.visit_f64(v as f64),
            _ => Err(reject()),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<AnswerValue, E> {
        match self.0 {
            QuestionKind::Number { min, max, .. } if (*min..=*max).contains(&v) => {
                Ok(AnswerValue::Number(v))
            }
            _ => Err(reject()),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<AnswerValue, E> {
        match self.0 {
            QuestionKind::Choice { options } => options
                .iter()
                .position(|o| o.id == v)
                .map(AnswerValue::Choice)
                .ok_or_else(reject),
            _ => Err(reject()),
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnswerValue, A::Error> {
        let QuestionKind::Multi { options } = self.0 else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Err(reject());
        };
        let mut chosen = Chosen::none();
        while let Some(Key(id)) = seq.next_element()? {
            let i = options
                .iter()
                .position(|o| o.id == *id)
                .ok_or_else(reject)?;
            if !chosen.insert(i) {
                return Err(reject());
            }
        }
        Ok(AnswerValue::Multi(chosen))
    }
}
