//! The quickest path, for the answers lines batches are made of: a byte
//! scanner for the plain shape (`{"respondent": ..., "answers": {id: value,
//! ...}}`, bare values, strings without escapes, unsigned numbers of up to
//! 15 digits). It reads each value straight into [`Answers`] as it checks it
//! against its question.
//!
//! It only ever says "valid, and here it is" or "not mine": anything outside
//! that shape (an escape, an exponent, a sign, a detailed answer, `null`,
//! a problem of any kind) returns `None`, and the serde fast path, then the
//! full parser, decide. So it accepts a subset of what they accept, with
//! the same result (unit tests compare them on every single-byte change of
//! real lines; the fuzz target compares them on anything).
//!
//! It reads bytes, not text: a line it accepts is UTF-8 (every string is
//! either checked or equal to a rubric id, and everything else is ASCII
//! punctuation, digits and words), so a batch skips checking the whole
//! line first.

use super::{Answer, AnswerValue, Answers, Chosen};
use crate::json_string;
use crate::rubric::{ChoiceOption, Question, QuestionKind, Rubric};

/// Digits a number may have here: below 2^53, so it and every power of ten
/// it is divided by are exact, and one division rounds exactly as serde_json
/// and the standard library do.
const MAX_DIGITS: usize = 15;

/// Exact powers of ten for the fraction's digits.
const POW10: [f64; MAX_DIGITS + 1] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Parses a plain, valid answers line, or says `None` (see the module doc).
pub fn parse(text: &[u8], rubric: &Rubric) -> Option<Answers> {
    let mut answers = Answers::default();
    parse_into(text, rubric, &mut answers).then_some(answers)
}

/// [`parse`] into answers already there, reusing their allocations (a
/// batch reads one line after another into the same answers). `false`
/// leaves `into` partly overwritten.
pub fn parse_into(text: &[u8], rubric: &Rubric, into: &mut Answers) -> bool {
    let mut scanner = Scanner { text, pos: 0 };
    if scanner.file(rubric, into).is_none() {
        return false;
    }
    scanner.skip_space();
    scanner.pos == text.len()
}

/// Sets an optional text, reusing the string already there.
fn set_text(slot: &mut Option<String>, text: Option<&str>) {
    match (slot.as_mut(), text) {
        (Some(kept), Some(text)) => {
            kept.clear();
            kept.push_str(text);
        }
        (_, text) => *slot = text.map(str::to_string),
    }
}

/// A number as JSON wrote it: an integer, or one with a fraction.
enum Number {
    Integer(u64),
    Fraction(f64),
}

struct Scanner<'a> {
    text: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    /// The next byte after any space, consumed.
    fn next_token(&mut self) -> Option<u8> {
        self.skip_space();
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next_token()? == byte).then_some(())
    }

    /// Whether a container ends right here (it is empty); consumes the end.
    fn closes(&mut self, close: u8) -> bool {
        self.skip_space();
        let closes = self.peek() == Some(close);
        self.pos += usize::from(closes);
        closes
    }

    /// After a member: `true` if another follows (`,`), `false` at `close`.
    fn more(&mut self, close: u8) -> Option<bool> {
        // A compact line's comma, before looking for space.
        if self.peek() == Some(b',') {
            self.pos += 1;
            return Some(true);
        }
        match self.next_token()? {
            b',' => Some(true),
            b if b == close => Some(false),
            _ => None,
        }
    }

    /// A string's contents; the opening quote is already consumed.
    /// Its bytes, which are UTF-8 only if they match a rubric id or are
    /// checked (see [`Scanner::optional_text`]).
    fn string_body(&mut self) -> Option<&'a [u8]> {
        let start = self.pos;
        let end = start + json_string::first_special(&self.text[start..])?;
        // Escapes are left to serde; raw control bytes are invalid JSON.
        if self.text[end] != b'"' {
            return None;
        }
        self.pos = end + 1;
        self.text.get(start..end)
    }

    fn string(&mut self) -> Option<&'a [u8]> {
        self.expect(b'"')?;
        self.string_body()
    }

    /// Whether the next token is the string `expected` written plainly;
    /// consumes it if so. (Cheaper than reading the string, then comparing.)
    /// Only for rubric ids: they are slugs (the validator makes sure), with
    /// no quote, backslash or control byte, so matching bytes is exact.
    fn quoted(&mut self, expected: &str) -> bool {
        self.skip_space();
        let (bytes, expected) = (self.text, expected.as_bytes());
        let end = self.pos + 1 + expected.len();
        // The closing quote first: it turns down most other keys at once.
        let plain = bytes.get(end) == Some(&b'"')
            && bytes.get(self.pos) == Some(&b'"')
            && bytes
                .get(self.pos + 1..end)
                .is_some_and(|id| same(id, expected));
        if plain {
            self.pos = end + 1;
        }
        plain
    }

    /// Whether `"id":` is right here, written without space (as compact
    /// JSON writes every key); consumes it. Only for rubric ids, as
    /// [`Scanner::quoted`].
    fn key_here(&mut self, id: &str) -> bool {
        let (bytes, id) = (self.text, id.as_bytes());
        let start = self.pos;
        let colon = start + id.len() + 2;
        let plain = bytes.get(colon) == Some(&b':')
            && bytes[colon - 1] == b'"'
            && bytes[start] == b'"'
            && same(&bytes[start + 1..colon - 1], id);
        if plain {
            self.pos = colon + 1;
        }
        plain
    }

    /// Which option the string starting here names (its opening quote
    /// already consumed); consumes it. Matching ids in place, shortest test
    /// first (the closing quote where the id would end), is cheaper than
    /// reading the string and then comparing; exact for the same reason as
    /// [`Scanner::quoted`]: ids are slugs.
    fn option(&mut self, options: &[ChoiceOption]) -> Option<usize> {
        let rest = self.text.get(self.pos..)?;
        let i = options.iter().position(|o| {
            let id = o.id.as_bytes();
            rest.get(id.len()) == Some(&b'"') && same(&rest[..id.len()], id)
        })?;
        self.pos += options[i].id.len() + 1;
        Some(i)
    }

    /// A string (checked to be UTF-8, as the line itself is not) or `null`.
    fn optional_text(&mut self) -> Option<Option<&'a str>> {
        match self.next_token()? {
            b'"' => std::str::from_utf8(self.string_body()?).ok().map(Some),
            b'n' => self.literal(b"ull").map(|()| None),
            _ => None,
        }
    }

    fn literal(&mut self, rest: &[u8]) -> Option<()> {
        let end = self.pos + rest.len();
        same(self.text.get(self.pos..end)?, rest).then(|| self.pos = end)
    }

    fn digits(&mut self) -> (u64, usize) {
        let (mut value, start) = (0u64, self.pos);
        while let Some(d @ b'0'..=b'9') = self.peek() {
            value = value.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
            self.pos += 1;
        }
        (value, self.pos - start)
    }

    /// An unsigned number whose first digit is already consumed.
    fn number(&mut self, first: u8) -> Option<Number> {
        // One digit alone, as every scale answer is: nothing more to read
        // (an exponent after it is not the scanner's either way: what
        // follows a value must be a comma or a closing brace).
        if !matches!(self.peek(), Some(b'0'..=b'9' | b'.')) {
            return Some(Number::Integer(u64::from(first - b'0')));
        }
        let (whole, whole_len) = if first == b'0' {
            (0, 1) // JSON allows no digit after a leading zero.
        } else {
            self.pos -= 1;
            self.digits()
        };
        if whole_len > MAX_DIGITS {
            return None;
        }
        if let Some(b'e' | b'E') = self.peek() {
            return None;
        }
        if self.peek() != Some(b'.') {
            return Some(Number::Integer(whole));
        }
        self.pos += 1;
        let (fraction, fraction_len) = self.digits();
        if fraction_len == 0
            || whole_len + fraction_len > MAX_DIGITS
            || matches!(self.peek(), Some(b'e' | b'E'))
        {
            return None;
        }
        let significand = whole * 10u64.pow(fraction_len as u32) + fraction;
        Some(Number::Fraction(significand as f64 / POW10[fraction_len]))
    }

    fn file(&mut self, rubric: &Rubric, into: &mut Answers) -> Option<()> {
        self.expect(b'{')?;
        let (mut respondent, mut expected_level, mut answered) = (None, None, false);
        if self.closes(b'}') {
            return None;
        }
        let mut more = true;
        while more {
            if !answered && self.quoted("answers") {
                self.expect(b':')?;
                self.values(rubric, &mut into.values)?;
                answered = true;
            } else if respondent.is_none() && self.quoted("respondent") {
                self.expect(b':')?;
                respondent = Some(self.optional_text()?);
            } else if expected_level.is_none() && self.quoted("expected_level") {
                self.expect(b':')?;
                let level = self.optional_text()?;
                if level.is_some_and(|l| rubric.level_index(l).is_none()) {
                    return None;
                }
                expected_level = Some(level);
            } else {
                return None;
            }
            more = self.more(b'}')?;
        }
        set_text(&mut into.respondent, respondent.flatten());
        set_text(&mut into.expected_level, expected_level.flatten());
        answered.then_some(())
    }

    /// The `answers` object: every question answered, each once.
    fn values(&mut self, rubric: &Rubric, values: &mut Vec<Option<Answer>>) -> Option<()> {
        let questions = &rubric.questions;
        // Every slot is overwritten when the line is read, so the list is
        // not emptied first; a flag per question says which ones this line
        // has answered.
        values.resize(questions.len(), None);
        // A flag per question and a count, not bits: picking a question's
        // bit cost more than the flags' few bytes to clear.
        let (mut seen, mut answered) = ([false; crate::rubric::MAX_QUESTIONS], 0);
        self.expect(b'{')?;
        let mut more = !self.closes(b'}');
        // Lines usually list questions in rubric order: try the next one first.
        let mut next = 0;
        while more {
            // A compact line's next key, colon and all, takes one test.
            let q = match questions.get(next) {
                Some(question) if self.key_here(&question.id) => next,
                _ => self.key(questions, next)?,
            };
            if std::mem::replace(&mut seen[q], true) {
                return None;
            }
            answered += 1;
            values[q] = Some(Answer::plain(self.value(&questions[q].kind)?));
            next = q + 1;
            more = self.more(b'}')?;
        }
        // Each question counted once: all answered when as many are.
        (answered == questions.len()).then_some(())
    }

    /// The question whose key comes next, and the colon after it, read
    /// the general way (space allowed anywhere, questions in any order):
    /// question `next` is tried first.
    fn key(&mut self, questions: &[Question], next: usize) -> Option<usize> {
        let q = match questions.get(next) {
            Some(question) if self.quoted(&question.id) => next,
            _ => {
                let key = self.string()?;
                questions.iter().position(|q| same(q.id.as_bytes(), key))?
            }
        };
        self.expect(b':')?;
        Some(q)
    }

    /// A bare value, checked against its question as serde's path does.
    fn value(&mut self, kind: &QuestionKind) -> Option<AnswerValue> {
        let first = self.next_token()?;
        match (kind, first) {
            (QuestionKind::Scale { anchors }, b'1'..=b'9') => match self.number(first)? {
                Number::Integer(v) if (1..=anchors.len() as u64).contains(&v) => {
                    Some(AnswerValue::Scale(v as u8))
                }
                _ => None,
            },
            (QuestionKind::Number { min, max, .. }, b'0'..=b'9') => {
                let v = match self.number(first)? {
                    Number::Integer(v) => v as f64,
                    Number::Fraction(v) => v,
                };
                (*min..=*max).contains(&v).then_some(AnswerValue::Number(v))
            }
            (QuestionKind::Choice { options }, b'"') => {
                self.option(options).map(AnswerValue::Choice)
            }
            (QuestionKind::Multi { options }, b'[') => {
                let mut chosen = Chosen::none();
                let mut more = !self.closes(b']');
                while more {
                    self.expect(b'"')?;
                    let i = self.option(options)?;
                    if !chosen.insert(i) {
                        return None;
                    }
                    more = self.more(b']')?;
                }
                Some(AnswerValue::Multi(chosen))
            }
            _ => None,
        }
    }
}

/// Whether two byte strings are equal, compared in place eight bytes at a
/// time: the ids a line is matched against are short, and a call to
/// `memcmp` for each (what `==` on slices makes) cost more than comparing.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut a8, mut b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |chunk: &[u8]| u64::from_ne_bytes(chunk.try_into().unwrap_or_default());
    (a8.by_ref().zip(b8.by_ref())).all(|(x, y)| word(x) == word(y))
        && (a8.remainder().iter().zip(b8.remainder())).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line missing any one answer, or answering one twice (as well as
    /// every other, or in place of another), is not the scanner's, even
    /// read into answers a full line filled before (whose slot for the
    /// missing answer still holds that line's).
    #[test]
    fn takes_every_answer_once() {
        let rubric = Rubric::embedded();
        let full = &crate::generate::lines(rubric, 1, 7)[0];
        let mut reused = Answers::default();
        assert!(parse_into(full.as_bytes(), rubric, &mut reused));
        let line: serde_json::Value = serde_json::from_str(full).unwrap();
        let pairs: Vec<String> = (line["answers"].as_object().unwrap().iter())
            .map(|(id, value)| format!("{}:{value}", serde_json::Value::from(id.as_str())))
            .collect();
        let with = |pairs: &[String]| format!("{{\"answers\":{{{}}}}}", pairs.join(","));
        assert!(parse(with(&pairs).as_bytes(), rubric).is_some());
        for i in 0..pairs.len() {
            let mut missing = pairs.clone();
            missing.remove(i);
            assert!(parse(with(&missing).as_bytes(), rubric).is_none(), "{i}");
            assert!(!parse_into(with(&missing).as_bytes(), rubric, &mut reused));
            let mut twice = pairs.clone();
            twice.push(pairs[i].clone());
            assert!(parse(with(&twice).as_bytes(), rubric).is_none(), "{i}");
            // As many answers as questions, one of them twice over.
            let mut instead = pairs.clone();
            instead[i] = pairs[(i + 1) % pairs.len()].clone();
            assert!(parse(with(&instead).as_bytes(), rubric).is_none(), "{i}");
        }
    }

    /// Equal exactly where `==` says so: every length up to three words,
    /// and a byte changed at every place, in the words and past them.
    #[test]
    fn same_is_slice_equality() {
        let text: Vec<u8> = (0..24u8).map(|i| b'a' + i).collect();
        for len in 0..=text.len() {
            let a = &text[..len];
            assert!(same(a, a));
            for other in 0..=text.len() {
                assert_eq!(same(a, &text[..other]), len == other);
            }
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 1;
                assert!(!same(a, &b), "{len} {at}");
            }
        }
    }
}
