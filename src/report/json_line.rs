//! The NDJSON result line, written straight from a [`Report`].
//!
//! A batch writes one of these per person, about 6 KB each. Building the
//! [`ResultJson`] tree first and writing it field by field cost more than
//! scoring and planning together: a few dozen small allocations per person
//! (answer displays, lists of borrowed fields) and a check for bytes to
//! escape in every string, most of them the rubric's own texts. Here what
//! depends only on the rubric (its reference, each level, each dimension's
//! head, each threshold's target and minimum, every id, every action) is
//! rendered once per batch by serde_json
//! into a [`Layout`], and a line is those pieces copied whole around the
//! person's own values: scores digit by digit, answer displays written in
//! place, anything unusual handed to serde_json itself.
//!
//! [`ResultJson`] stays the description of the format (its fields, their
//! order, the JSON Schema, the pretty output). This writer must write byte
//! for byte what `serde_json::to_string` writes for it; the tests here
//! check that on thousands of results in both languages and on the odd
//! cases (escapes, evidence, the top level, unanswered questions), and the
//! `assess` fuzz target checks it on arbitrary answers.
//!
//! [`ResultJson`]: super::json::ResultJson

use std::sync::LazyLock;

use serde::Serialize;

use super::Report;
use super::json::{self, AnswerJson, PATH_METHOD, SCHEMA_VERSION, UNANSWERED};
use crate::answers::{
    Answer, AnswerValue, FewKind, NumberSlots, Source, few_answers, push_description,
};
use crate::decimal::{self, Style};
use crate::json_string;
use crate::plan::{Change, Gap, Rung, rung_label};
use crate::rubric::{Habit, Level, QuestionKind, Rubric, Target};
use crate::scoring::{ThresholdCheck, question_points, round1};
use crate::second_use::SecondUse;

/// The pieces of a result line that depend only on the rubric, as JSON.
#[derive(Debug)]
pub struct Layout {
    /// `{"schema_version":…,"rubric":{…},"respondent":`
    head: String,
    /// Per level: `,"level":{…},"overall":`
    levels: Vec<String>,
    /// Per level: its id, quoted.
    level_ids: Vec<String>,
    /// Per level a shortest path reaches:
    /// `,"reaches":…,"method":…,"changes":`
    reaches: Vec<String>,
    /// Per level: `,"next_level":{"id":…,"name":…,"thresholds":`
    next_levels: Vec<String>,
    /// Per level, its thresholds list around the scores (in
    /// [`Level::thresholds`] order, which is the order scoring checks them
    /// in).
    ///
    /// [`Level::thresholds`]: crate::rubric::Level::thresholds
    thresholds: Vec<ThresholdsLayout>,
    /// `overall`, then each dimension's id, quoted.
    targets: Vec<String>,
    /// Per dimension: `{"id":…,"name":…,"weight":…,"score":`
    dimensions: Vec<String>,
    /// Per question: its id, quoted.
    questions: Vec<String>,
    /// Per question: its options' ids, quoted (choice and multi questions).
    options: Vec<Vec<String>>,
    /// Per action: the whole object.
    actions: Vec<String>,
    /// Per habit: `{"habit":…,"title":…,"actions":`
    habits: Vec<String>,
    /// What is written beforehand per answer, built when a layout's second
    /// line is rendered: a single result would pay for it for nothing (it
    /// was a third of one `assess --format ndjson`).
    answers: SecondUse<WrittenAnswers>,
}

/// A layout's text written beforehand per answer, for the answers a
/// batch's people give again and again.
#[derive(Debug)]
struct WrittenAnswers {
    /// Per answer a question can have, where they are few, its whole
    /// question object for an answer with no evidence and no source (a
    /// batch's usual answer: one copy each; an answer with either, read
    /// from a detailed answers line the slow way anyway, is written afresh).
    plain_answers: Written,
    /// The same for number answers of a few tenths ([`NumberSlots`]),
    /// written the first time a line needs one (with the points it gives),
    /// since most such numbers never occur.
    plain_numbers: NumberSlots<(f64, String)>,
    /// The same for a rung up to that answer (not a multi question's):
    /// `{"answer":…,"points":…,"label":…}` as [`rung`] writes it.
    rungs: Written,
    /// The same answers' end of a path's change up to them:
    /// `,"points_to":…,"label":…}` as [`change`] writes it.
    change_ends: Written,
    /// Per question, what finding an answer among its few needs (one list
    /// for the three tables above, which are all laid out by it).
    kinds: Vec<FewKind>,
}

/// Text written beforehand per question, per answer it can have: every
/// answer of a scale or choice question (by scale point less one, or
/// option index), and every set of options of a multi question of at most
/// [`Chosen::FEW`] options (by its bits); none for number questions and
/// larger multi questions, whose answers are many. Each with the points
/// the answer gives.
#[derive(Debug, Clone, Default)]
struct Written {
    /// Per question, per answer in [`FewKind`] order.
    texts: Vec<Vec<(f64, String)>>,
}

impl Written {
    /// Writes every such answer's text with `write` (multi questions' only
    /// if `multi`).
    fn new(
        rubric: &Rubric,
        multi: bool,
        write: impl Fn(usize, &AnswerValue, f64, &mut String),
    ) -> Self {
        let each = |q: usize| {
            let question = &rubric.questions[q];
            // Not a multi question's where `multi` is off.
            let values = match &question.kind {
                QuestionKind::Multi { .. } if !multi => Vec::new(),
                kind => few_answers(kind),
            };
            (values.iter())
                .map(|value| {
                    let points = question_points(question, value);
                    let mut text = String::new();
                    write(q, value, points, &mut text);
                    (points, text)
                })
                .collect()
        };
        Written {
            texts: (0..rubric.questions.len()).map(each).collect(),
        }
    }
}

impl Layout {
    /// Renders the rubric's pieces.
    pub fn new(rubric: &Rubric) -> Self {
        Layout {
            head: format!(
                "{{\"schema_version\":{},\"rubric\":{},\"respondent\":",
                quoted(SCHEMA_VERSION),
                to_json(&json::rubric_ref(rubric))
            ),
            levels: (0..rubric.levels.len())
                .map(|l| {
                    let level = to_json(&json::level_ref(rubric, l));
                    format!(",\"level\":{level},\"overall\":")
                })
                .collect(),
            level_ids: (rubric.levels.iter()).map(|l| quoted(&l.id)).collect(),
            reaches: (rubric.levels.iter())
                .map(|l| {
                    let (id, method) = (quoted(&l.id), quoted(PATH_METHOD));
                    format!(",\"reaches\":{id},\"method\":{method},\"changes\":")
                })
                .collect(),
            next_levels: (rubric.levels.iter())
                .map(|l| {
                    let (id, name) = (quoted(&l.id), quoted(&l.name));
                    format!(",\"next_level\":{{\"id\":{id},\"name\":{name},\"thresholds\":")
                })
                .collect(),
            thresholds: (rubric.levels.iter())
                .map(|l| ThresholdsLayout::new(rubric, l))
                .collect(),
            targets: std::iter::once(Target::Overall)
                .chain((0..rubric.dimensions.len()).map(Target::Dimension))
                .map(|t| quoted(rubric.target_id(t)))
                .collect(),
            dimensions: (rubric.dimensions.iter())
                .map(|d| {
                    let (id, name, weight) = (quoted(&d.id), quoted(&d.name), to_json(&d.weight));
                    format!("{{\"id\":{id},\"name\":{name},\"weight\":{weight},\"score\":")
                })
                .collect(),
            questions: (rubric.questions.iter()).map(|q| quoted(&q.id)).collect(),
            options: (rubric.questions.iter())
                .map(|q| match &q.kind {
                    QuestionKind::Choice { options } | QuestionKind::Multi { options } => {
                        options.iter().map(|o| quoted(&o.id)).collect()
                    }
                    _ => Vec::new(),
                })
                .collect(),
            actions: (0..rubric.actions.len())
                .map(|i| to_json(&json::action(rubric, i)))
                .collect(),
            habits: Habit::ALL
                .iter()
                .map(|h| {
                    let (habit, title) = (to_json(h), quoted(h.title(rubric.words())));
                    format!("{{\"habit\":{habit},\"title\":{title},\"actions\":")
                })
                .collect(),
            answers: SecondUse::new(),
        }
    }

    /// Counts a line about to be rendered, and from the second on makes
    /// sure the answers are written beforehand.
    fn count_line(&self, rubric: &Rubric) {
        self.answers.use_once(|| WrittenAnswers::new(self, rubric));
    }

    /// What is written beforehand per answer, once built.
    fn answers(&self) -> Option<&WrittenAnswers> {
        self.answers.get()
    }

    fn target(&self, target: Target) -> &str {
        match target {
            Target::Overall => &self.targets[0],
            Target::Dimension(d) => &self.targets[d + 1],
        }
    }
}

impl WrittenAnswers {
    /// Writes every few answer's texts with `layout`'s pieces.
    fn new(layout: &Layout, rubric: &Rubric) -> Self {
        let plain_answers = Written::new(rubric, true, |q, value, points, out| {
            let answer = Answer::plain(*value);
            question(layout, rubric, q, (Some(&answer), points), out);
        });
        // Not a multi question's: its rung's label is the option the rung
        // adds, which its value does not say.
        let rungs = Written::new(rubric, false, |q, value, points, out| {
            let label = rung_label(rubric, q, value).unwrap_or_default();
            write_rung(layout, rubric, q, (value, points, label), out);
        });
        let change_ends = Written::new(rubric, false, |q, value, points, out| {
            let label = rung_label(rubric, q, value).unwrap_or_default();
            change_end(out, points, label);
        });
        WrittenAnswers {
            plain_answers,
            plain_numbers: NumberSlots::new(rubric),
            rungs,
            change_ends,
            kinds: FewKind::of_each(rubric),
        }
    }

    /// What `written` holds for question `q`'s answer `value`, if it does
    /// and it gives these points (everywhere a result comes from scoring,
    /// it does).
    fn find<'w>(
        &self,
        written: &'w Written,
        q: usize,
        (value, points): (&AnswerValue, f64),
    ) -> Option<&'w str> {
        let at = self.kinds.get(q)?.index(value)?;
        let (known, text) = written.texts.get(q)?.get(at)?;
        (known.to_bits() == points.to_bits()).then_some(text.as_str())
    }

    /// [`WrittenAnswers::find`] for a rung up to `value` (or a change's
    /// end), written with the label a plan gives such a rung: only if this
    /// one has that label too.
    fn find_labelled<'w>(
        &self,
        written: &'w Written,
        (rubric, q): (&Rubric, usize),
        (value, points, label): (&AnswerValue, f64, &str),
    ) -> Option<&'w str> {
        let text = self.find(written, q, (value, points))?;
        (rung_label(rubric, q, value) == Some(label)).then_some(text)
    }

    /// A plain number answer's question object, written the first time
    /// it is needed, if `x` is a number of tenths with a slot and gives
    /// these points.
    fn plain_number(
        &self,
        layout: &Layout,
        (rubric, q): (&Rubric, usize),
        x: f64,
        points: f64,
    ) -> Option<&str> {
        let (known, text) = self.plain_numbers.get_or_init(q, x, || {
            let answer = Answer::plain(AnswerValue::Number(x));
            let points = question_points(&rubric.questions[q], &answer.value);
            let mut text = String::new();
            question(layout, rubric, q, (Some(&answer), points), &mut text);
            (points, text)
        })?;
        (known.to_bits() == points.to_bits()).then_some(text.as_str())
    }
}

/// A result as one line of compact JSON, with its line end.
pub fn render(layout: &Layout, report: &Report, out: &mut String) {
    let (rubric, a) = (report.rubric, &report.assessment);
    layout.count_line(rubric);
    out.push_str(&layout.head);
    push_option(out, report.answers.respondent.as_deref(), push_str);
    out.push_str(&layout.levels[a.level]);
    push_f64(out, a.overall);
    out.push_str(",\"borderline\":{\"borderline\":");
    push_bool(out, a.borderline.is_borderline());
    out.push_str(",\"near_next\":");
    push_option(out, a.borderline.near_next, push_f64);
    out.push_str(",\"just_over\":");
    push_option(out, a.borderline.just_over, |out, (target, margin)| {
        out.push_str("{\"threshold\":");
        out.push_str(layout.target(target));
        out.push_str(",\"margin\":");
        push_f64(out, margin);
        out.push('}');
    });
    out.push_str("},\"dimensions\":");
    push_list(out, 0..rubric.dimensions.len(), |out, d| {
        dimension(layout, report, d, out);
    });
    out.push_str(",\"thresholds\":");
    thresholds(&layout.thresholds[a.level], &a.level_checks, out);
    match a.next {
        Some(next) => {
            out.push_str(&layout.next_levels[next]);
            thresholds(&layout.thresholds[next], &a.next_checks, out);
            out.push('}');
        }
        None => out.push_str(",\"next_level\":null"),
    }
    out.push_str(",\"plan\":");
    plan(layout, report, out);
    out.push_str("}\n");
}

fn dimension(layout: &Layout, report: &Report, d: usize, out: &mut String) {
    let (rubric, a) = (report.rubric, &report.assessment);
    out.push_str(&layout.dimensions[d]);
    push_f64(out, a.dimensions[d]);
    out.push_str(",\"questions\":");
    push_list(out, rubric.dimensions[d].questions.iter(), |out, &q| {
        let answer = report.answers.values[q].as_ref();
        let plain = answer.filter(|answer| answer.evidence.is_none() && answer.source.is_none());
        let written = |answer: &Answer| {
            let written = layout.answers()?;
            match answer.value {
                AnswerValue::Number(x) => written.plain_number(layout, (rubric, q), x, a.points[q]),
                ref value => written.find(&written.plain_answers, q, (value, a.points[q])),
            }
        };
        match plain.and_then(written) {
            Some(object) => out.push_str(object),
            None => question(layout, rubric, q, (answer, a.points[q]), out),
        }
    });
    out.push('}');
}

/// A question's `{"id":…,"answer":…,"display":…,"points":…,"evidence":…,"source":…}`.
fn question(
    layout: &Layout,
    rubric: &Rubric,
    q: usize,
    (answer, points): (Option<&Answer>, f64),
    out: &mut String,
) {
    out.push_str("{\"id\":");
    out.push_str(&layout.questions[q]);
    let value = answer.map(|answer| &answer.value);
    answer_fields(layout, rubric, q, (value, points), out);
    out.push_str(",\"evidence\":");
    push_option(out, answer.and_then(|a| a.evidence.as_deref()), push_str);
    out.push_str(",\"source\":");
    push_option(out, answer.and_then(|a| a.source), |out, source| {
        out.push_str(&SOURCES[source as usize]);
    });
    out.push('}');
}

/// An answer's `,"answer":…,"display":…,"points":…`.
fn answer_fields(
    layout: &Layout,
    rubric: &Rubric,
    q: usize,
    (value, points): (Option<&AnswerValue>, f64),
    out: &mut String,
) {
    out.push_str(",\"answer\":");
    push_option(out, value, |out, value| {
        push_answer(layout, rubric, q, value, out);
    });
    out.push_str(",\"display\":");
    match value {
        Some(value) => push_text(out, |text| push_description(text, rubric, q, value)),
        None => push_str(out, UNANSWERED),
    }
    out.push_str(",\"points\":");
    push_f64(out, round1(points));
}

/// A level's thresholds list, all but the person's scores: the checks are
/// the level's thresholds in order, so only the scores and whether each is
/// met vary.
#[derive(Debug, Clone)]
struct ThresholdsLayout {
    /// `[` and the first threshold up to its score (`[]` if none):
    /// `[{"target":…,"need":…,"have":`
    head: String,
    /// Per threshold, after its score, where it is not met and where it is:
    /// `,"met":false}` then `,` and the next threshold up to its score, or
    /// `]` after the last.
    tails: Vec<[String; 2]>,
}

impl ThresholdsLayout {
    fn new(rubric: &Rubric, level: &Level) -> Self {
        let up_to_score = |(target, need): (Target, f64)| {
            let (target, need) = (quoted(rubric.target_id(target)), to_json(&need));
            format!("{{\"target\":{target},\"need\":{need},\"have\":")
        };
        let pieces: Vec<String> = level.thresholds().map(up_to_score).collect();
        let head = match pieces.first() {
            Some(first) => format!("[{first}"),
            None => "[]".to_string(),
        };
        let tails = (0..pieces.len())
            .map(|i| {
                let next = pieces
                    .get(i + 1)
                    .map_or("]".to_string(), |p| format!(",{p}"));
                [false, true].map(|met| format!(",\"met\":{met}}}{next}"))
            })
            .collect();
        ThresholdsLayout { head, tails }
    }
}

/// A level's thresholds checked, around the layout's pieces.
fn thresholds(layout: &ThresholdsLayout, checks: &[ThresholdCheck], out: &mut String) {
    debug_assert_eq!(layout.tails.len(), checks.len());
    out.push_str(&layout.head);
    for (tails, c) in layout.tails.iter().zip(checks) {
        push_f64(out, c.have);
        out.push_str(&tails[usize::from(c.met())]);
    }
}

fn plan(layout: &Layout, report: &Report, out: &mut String) {
    let plan = &report.plan;
    out.push_str("{\"target\":");
    push_option(out, plan.target, |out, t| {
        out.push_str(&layout.level_ids[t])
    });
    out.push_str(",\"why\":");
    push_str(out, &plan.why);
    out.push_str(",\"shortest_path\":");
    push_option(out, plan.shortest_path.as_ref(), |out, path| {
        out.push_str("{\"steps\":");
        decimal::push_whole(out, path.steps as u64);
        out.push_str(&layout.reaches[path.reaches]);
        push_list(out, path.changes.iter(), |out, c| {
            change(layout, report, c, out)
        });
        out.push('}');
    });
    out.push_str(",\"gaps\":");
    push_list(out, plan.gaps.iter(), |out, g| gap(layout, report, g, out));
    out.push_str(",\"habits\":");
    push_list(out, plan.habits.iter(), |out, h| {
        out.push_str(&layout.habits[h.habit as usize]);
        push_actions(layout, &h.actions, out);
        out.push('}');
    });
    out.push('}');
}

fn change(layout: &Layout, report: &Report, c: &Change, out: &mut String) {
    let rubric = report.rubric;
    out.push_str("{\"question\":");
    out.push_str(&layout.questions[c.question]);
    out.push_str(",\"from\":");
    push_option(out, c.from.as_ref(), |out, from| {
        push_answer(layout, rubric, c.question, from, out);
    });
    out.push_str(",\"to\":");
    push_answer(layout, rubric, c.question, &c.to, out);
    out.push_str(",\"steps\":");
    decimal::push_whole(out, c.steps as u64);
    out.push_str(",\"points_from\":");
    push_f64(out, round1(c.points.0));
    let end = (&c.to, c.points.1, &*c.label);
    let written = layout.answers();
    match written.and_then(|w| w.find_labelled(&w.change_ends, (rubric, c.question), end)) {
        Some(text) => out.push_str(text),
        None => change_end(out, c.points.1, &c.label),
    }
}

/// A change's `,"points_to":…,"label":…}`.
fn change_end(out: &mut String, points: f64, label: &str) {
    out.push_str(",\"points_to\":");
    push_f64(out, round1(points));
    out.push_str(",\"label\":");
    push_str(out, label);
    out.push('}');
}

fn gap(layout: &Layout, report: &Report, g: &Gap, out: &mut String) {
    out.push_str("{\"target\":");
    out.push_str(layout.target(g.target));
    out.push_str(",\"have\":");
    push_f64(out, g.have);
    out.push_str(",\"need\":");
    push_option(out, g.need, push_f64);
    out.push_str(",\"impact\":");
    push_f64(out, round1(g.impact));
    out.push_str(",\"weakest\":");
    push_list(out, g.weakest.iter(), |out, w| {
        out.push_str("{\"question\":");
        out.push_str(&layout.questions[w.question]);
        out.push_str(",\"points\":");
        push_f64(out, round1(w.points));
        out.push_str(",\"next\":");
        push_option(out, w.next.as_ref(), |out, r| {
            rung(layout, report.rubric, w.question, r, out);
        });
        out.push('}');
    });
    out.push_str(",\"actions\":");
    push_actions(layout, &g.actions, out);
    out.push('}');
}

fn rung(layout: &Layout, rubric: &Rubric, q: usize, r: &Rung, out: &mut String) {
    let written = layout.answers();
    match written
        .and_then(|w| w.find_labelled(&w.rungs, (rubric, q), (&r.value, r.points, &r.label)))
    {
        Some(text) => out.push_str(text),
        None => write_rung(layout, rubric, q, (&r.value, r.points, &r.label), out),
    }
}

fn write_rung(
    layout: &Layout,
    rubric: &Rubric,
    q: usize,
    (value, points, label): (&AnswerValue, f64, &str),
    out: &mut String,
) {
    out.push_str("{\"answer\":");
    push_answer(layout, rubric, q, value, out);
    out.push_str(",\"points\":");
    push_f64(out, round1(points));
    out.push_str(",\"label\":");
    push_str(out, label);
    out.push('}');
}

fn push_actions(layout: &Layout, actions: &[usize], out: &mut String) {
    push_list(out, actions.iter(), |out, &i| {
        out.push_str(&layout.actions[i])
    });
}

/// An answer in its JSON form ([`json::answer_json`], the one place that
/// decides it), written with the option ids quoted in the layout.
fn push_answer(layout: &Layout, rubric: &Rubric, q: usize, value: &AnswerValue, out: &mut String) {
    match json::answer_json(&rubric.questions[q].kind, value) {
        AnswerJson::Null => out.push_str("null"),
        AnswerJson::Integer(n) => {
            if n < 0 {
                out.push('-');
            }
            decimal::push_whole(out, n.unsigned_abs());
        }
        AnswerJson::Number(n) => push_f64(out, n),
        AnswerJson::Choice(_, i) => out.push_str(&layout.options[q][i]),
        AnswerJson::Multi(_, chosen) => {
            push_list(out, chosen.iter(), |out, i| {
                out.push_str(&layout.options[q][i])
            });
        }
    }
}

/// `[a,b,…]`, each item written by `item`.
fn push_list<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut item: impl FnMut(&mut String, T),
) {
    out.push('[');
    for (i, value) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        item(out, value);
    }
    out.push(']');
}

/// The value, or `null`.
fn push_option<T>(out: &mut String, value: Option<T>, some: impl FnOnce(&mut String, T)) {
    match value {
        Some(value) => some(out, value),
        None => out.push_str("null"),
    }
}

fn push_bool(out: &mut String, value: bool) {
    out.push_str(if value { "true" } else { "false" });
}

/// A number as serde_json writes it: it writes a whole float with `.0`,
/// like `{:.1}` does; for one-decimal numbers the two agree, and `decimal`
/// writes those fast. Anything else (exponents, non-finite numbers as
/// `null`) is serde_json's own.
#[inline]
fn push_f64(out: &mut String, x: f64) {
    if !decimal::push_tenths(out, x, Style::OneDecimal) {
        push_f64_serde(out, x);
    }
}

/// The rare number [`push_f64`] leaves to serde_json, apart so that the
/// common path stays small enough to inline (a line writes dozens).
#[cold]
#[inline(never)]
fn push_f64_serde(out: &mut String, x: f64) {
    out.push_str(&to_json(&x));
}

/// A JSON string: copied whole between quotes unless it holds a byte to
/// escape, which serde_json escapes.
fn push_str(out: &mut String, text: &str) {
    if json_string::has_special(text.as_bytes()) {
        push_escaped(out, text);
    } else {
        out.reserve(text.len() + 2);
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

/// A text with bytes to escape, escaped by serde_json (rare: apart and
/// cold, like [`push_f64_serde`]).
#[cold]
#[inline(never)]
fn push_escaped(out: &mut String, text: &str) {
    out.push_str(&quoted(text));
}

/// A JSON string of the text `write` appends, written in place (escaped
/// afterwards in the rare case it needs to be).
fn push_text(out: &mut String, write: impl FnOnce(&mut String)) {
    out.push('"');
    let start = out.len();
    write(out);
    if json_string::has_special(&out.as_bytes()[start..]) {
        let text = out.split_off(start);
        out.pop();
        out.push_str(&quoted(&text));
    } else {
        out.push('"');
    }
}

/// Unit enums as serde names them, asked of serde once.
static SOURCES: LazyLock<[String; 4]> = LazyLock::new(|| {
    [
        Source::Myself,
        Source::Peer,
        Source::Manager,
        Source::Artifact,
    ]
    .map(|s| to_json(&s))
});

fn quoted(text: &str) -> String {
    to_json(text)
}

/// What serde_json writes for a value.
fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answers, Completeness};
    use crate::input::SourceText;
    use crate::report::{Report, json};

    /// With a fresh layout (a single result's: every answer written
    /// afresh) and with one whose answers are written beforehand.
    fn check(report: &Report) {
        check_with(&Layout::new(report.rubric), report);
        check_with(&written_beforehand(report.rubric), report);
    }

    /// A layout as a batch's is from its second line on.
    fn written_beforehand(rubric: &Rubric) -> Layout {
        let layout = Layout::new(rubric);
        layout.count_line(rubric);
        layout.count_line(rubric);
        assert!(layout.answers().is_some());
        layout
    }

    /// With a layout that may have written number answers for earlier
    /// lines.
    fn check_with(layout: &Layout, report: &Report) {
        let mut line = String::new();
        render(layout, report, &mut line);
        let want = serde_json::to_string(&json::result(report)).unwrap() + "\n";
        assert_eq!(line, want);
    }

    #[test]
    fn writes_what_serde_writes() {
        for tag in ["en", "zh"] {
            let rubric = Rubric::embedded_in(tag);
            let layout = Layout::new(rubric);
            for line in crate::generate::lines(rubric, 1500, 21) {
                let answers = Answers::parse_valid(&line, rubric).unwrap();
                check_with(&layout, &Report::new(rubric, &answers));
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

    /// Rubric texts to escape (in the pieces rendered once and in the
    /// texts written per person), unanswered questions, numbers that are
    /// not whole, and the top level, where most of a result is `null`.
    #[test]
    fn writes_the_odd_cases_as_serde_does() {
        let toml = include_str!("../../rubrics/product-manager.toml")
            .replace(r#""Experience""#, r#""Ex\"peri\\ence""#)
            .replace(r#""Senior Product Manager""#, r#""Senior \"PM\"""#)
            .replace(r#"unit.en = "launches""#, r#"unit.en = "\"launches\"""#)
            .replace("I understand the architecture", r"I \\ understand");
        let rubric = Rubric::parse_in(&SourceText::new("odd.toml", toml), Some("en")).unwrap();
        assert!(rubric.levels.iter().any(|l| l.name.contains('"')));
        let director = include_str!("../../examples/answers/director.json");
        for text in EXAMPLES.iter().chain([&director]) {
            for (from, to) in [
                ("", ""),
                ("\"skills.technical\": 4", "\"skills.technical\": 3"),
            ] {
                let text = text.replace(from, to);
                let source = SourceText::new("x", text);
                let answers = Answers::parse(&source, &rubric, Completeness::Partial).unwrap();
                check(&Report::new(&rubric, &answers));
                let mut partial = answers.clone();
                partial.values[0] = None;
                partial.values[4] = None;
                if let Some(AnswerValue::Number(n)) =
                    partial.values[1].as_mut().map(|a| &mut a.value)
                {
                    *n += 0.25;
                }
                check(&Report::new(&rubric, &partial));
            }
        }
    }

    /// The answer fields and rungs written beforehand stand in only for
    /// the points and labels they were written with: a report whose points
    /// or labels are other (none that scoring and planning make) is
    /// written afresh.
    #[test]
    fn writes_answers_afresh_when_their_points_or_labels_are_not_the_rubric_s() {
        let rubric = Rubric::embedded();
        for text in EXAMPLES {
            let answers =
                Answers::parse(&SourceText::new("x", text), rubric, Completeness::Complete)
                    .unwrap();
            let mut report = Report::new(rubric, &answers);
            // Once with the answers written beforehand (or, for numbers,
            // by the first line) already there.
            let layout = written_beforehand(rubric);
            check_with(&layout, &report);
            report
                .assessment
                .to_mut()
                .points
                .iter_mut()
                .for_each(|p| *p += 0.5);
            check(&report);
            check_with(&layout, &report);
            let mut report = Report::new(rubric, &answers);
            let rungs = (report.plan.to_mut().gaps.iter_mut())
                .flat_map(|g| g.weakest.iter_mut())
                .filter_map(|w| w.next.as_mut());
            let mut relabelled = 0;
            for rung in rungs {
                rung.label = std::borrow::Cow::Borrowed("another label");
                relabelled += 1;
            }
            assert!(relabelled > 0);
            check(&report);
            // A path's changes, relabelled or to other points.
            for relabel in [true, false] {
                let mut report = Report::new(rubric, &answers);
                let plan = report.plan.to_mut();
                let Some(path) = plan.shortest_path.as_mut() else {
                    continue;
                };
                for change in &mut path.changes {
                    if relabel {
                        change.label = std::borrow::Cow::Borrowed("another label");
                    } else {
                        change.points.1 += 0.5;
                    }
                }
                check(&report);
            }
        }
    }

    const EXAMPLES: [&str; 4] = [
        include_str!("../../examples/answers/junior.json"),
        include_str!("../../examples/answers/mid.json"),
        include_str!("../../examples/answers/senior.json"),
        include_str!("../../examples/answers/staff.json"),
    ];
}
