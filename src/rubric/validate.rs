//! Turning a parsed [`RawRubric`] into a trusted [`Rubric`], collecting every
//! problem (with its location) rather than stopping at the first.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::raw::{
    RawAction, RawDimension, RawKind, RawLevel, RawOption, RawQuestion, RawRubric, RawText,
};
use super::reach::{ScoreSet, raw_threshold};
use super::{Action, ChoiceOption, Dimension, Level, Question, QuestionKind, Rubric, Target};
use crate::error::Problem;
use crate::input::SourceText;
use crate::lang::{Lang, Words, fill};

/// Default distance (points) from a threshold that counts as borderline.
const DEFAULT_BORDERLINE_MARGIN: f64 = 3.0;
/// A scale question has exactly this many anchored points (1..5).
const SCALE_POINTS: usize = 5;

/// Bounds on counts, so a hostile rubric cannot make loading, scoring or
/// the shortest-path search slow or large. Real ladders are far smaller.
use super::{MAX_DIMENSIONS, MAX_OPTIONS, MAX_QUESTIONS};
const MAX_CURVE_POINTS: usize = 16;
const MAX_LEVELS: usize = 12;
const MAX_ACTIONS: usize = 500;

/// A problem message in the words of the language asked for: the template
/// is the English, with `{name}` placeholders filled from the arguments.
macro_rules! say {
    ($words:expr, $template:literal $(, $name:ident = $value:expr)* $(,)?) => {
        fill(
            $words.translate($template),
            &[$((stringify!($name), &$value.to_string())),*],
        )
    };
}

struct Validator<'a> {
    source: &'a SourceText,
    /// pmlevel's words in the language asked for, for messages.
    words: &'static Words,
    problems: Vec<Problem>,
    /// Declared languages, default first (empty: a one-language rubric).
    languages: Vec<String>,
    /// The language texts are taken in.
    language: String,
    /// Texts missing in a declared language (the default is shown instead).
    missing: Vec<Problem>,
    /// Whether any text, in any language, holds a control character.
    saw_control: bool,
}

/// Validates a parsed rubric, taking its texts in `language` (or its
/// default language); on failure returns every problem found.
pub fn validate(
    source: &SourceText,
    raw: RawRubric,
    sha256: String,
    language: Option<&str>,
) -> Result<Rubric, Vec<Problem>> {
    let mut v = Validator {
        source,
        words: Lang::for_tag(language.unwrap_or("en")).words(),
        problems: Vec::new(),
        languages: Vec::new(),
        language: String::new(),
        missing: Vec::new(),
        saw_control: false,
    };
    v.languages(raw.rubric.languages.as_ref(), language);
    v.slug(&raw.rubric.id, "rubric id");
    let borderline_margin = match &raw.rubric.borderline_margin {
        Some(m) => v.in_range(m, 0.0, 50.0, "borderline_margin"),
        None => DEFAULT_BORDERLINE_MARGIN,
    };
    v.bounded(raw.dimensions.len(), MAX_DIMENSIONS, "dimensions");
    v.bounded(raw.questions.len(), MAX_QUESTIONS, "questions");
    v.bounded(raw.levels.len(), MAX_LEVELS, "levels");
    v.bounded(raw.actions.len(), MAX_ACTIONS, "actions");
    if !v.problems.is_empty() {
        return Err(v.problems);
    }
    let level_spans: Vec<Range<usize>> = raw.levels.iter().map(Spanned::span).collect();
    let mut dimensions = v.dimensions(raw.dimensions);
    let questions = v.questions(&raw.questions, &mut dimensions);
    let levels = v.levels(raw.levels, &dimensions);
    let actions = v.actions(raw.actions, &dimensions, &questions, &levels);
    if !v.problems.is_empty() {
        return Err(v.problems);
    }
    let name = v.text(&raw.rubric.name);
    let description = v.optional_text(raw.rubric.description.as_ref());
    if !v.problems.is_empty() {
        return Err(v.problems);
    }
    let rubric = Rubric {
        id: raw.rubric.id.into_inner(),
        name,
        version: raw.rubric.version,
        description,
        languages: v.languages.clone(),
        language: v.language.clone(),
        missing_texts: {
            let mut missing = std::mem::take(&mut v.missing);
            missing.sort_by_key(|p| p.position.map(|p| (p.line, p.column)));
            missing
        },
        sha256,
        borderline_margin,
        dimensions,
        questions,
        levels,
        actions,
    };
    // Any text in any language counts, not only the one shown this run: the
    // same file is read in the other language next time.
    let controls = if v.saw_control || crate::text::has_control_chars(&rubric.version) {
        control_characters(source, v.words)
    } else {
        Vec::new()
    };
    if !controls.is_empty() {
        return Err(controls);
    }
    let unreachable: Vec<Problem> = unreachable_levels(&rubric, v.words)
        .into_iter()
        .map(|(level, message)| source.problem_at(level_spans[level].clone(), message))
        .collect();
    if unreachable.is_empty() {
        Ok(rubric)
    } else {
        Err(unreachable)
    }
}

impl Validator<'_> {
    /// Reads `languages`, and picks the language texts are taken in: the
    /// one asked for if declared, else the default.
    fn languages(&mut self, declared: Option<&Spanned<Vec<Spanned<String>>>>, asked: Option<&str>) {
        let mut seen = HashMap::new();
        for tag in declared.map(|d| &d.get_ref()[..]).unwrap_or_default() {
            if !crate::lang::is_tag(tag.get_ref()) {
                self.at(
                    tag.span(),
                    say!(
                        self.words,
                        "`{tag}` is not a language tag; use a code like `en`, `zh` or `pt-BR`",
                        tag = crate::text::sanitize(tag.get_ref())
                    ),
                );
            }
            self.unique(&mut seen, tag, "language");
            self.languages.push(tag.get_ref().clone());
        }
        if let Some(d) = declared.filter(|d| d.get_ref().is_empty()) {
            let message = say!(
                self.words,
                "`languages` is empty; list at least one, or remove it"
            );
            self.at(d.span(), message);
        }
        self.language = match asked {
            Some(tag) if self.languages.is_empty() || self.languages.iter().any(|l| l == tag) => {
                tag.to_string()
            }
            _ => self
                .languages
                .first()
                .cloned()
                .unwrap_or_else(|| "en".into()),
        };
    }

    /// A text in the chosen language; records a problem for a language the
    /// rubric does not declare and a missing text for one it declares.
    fn text(&mut self, text: &Spanned<RawText>) -> String {
        match text.get_ref() {
            RawText::One(one) => {
                self.saw_control |= crate::text::has_control_chars(one);
                if self.languages.len() > 1 {
                    let missing = self.languages[1..].to_vec();
                    self.missing_in(text.span(), &missing);
                }
                one.clone()
            }
            RawText::ByLanguage(by) => {
                self.saw_control |= by.values().any(|t| crate::text::has_control_chars(t));
                if self.languages.is_empty() {
                    let message = say!(
                        self.words,
                        "a text by language needs `languages = [...]` in [rubric], default first"
                    );
                    self.at(text.span(), message);
                    return by.values().next().cloned().unwrap_or_default();
                }
                let undeclared: Vec<&String> =
                    by.keys().filter(|t| !self.languages.contains(t)).collect();
                for tag in undeclared {
                    let message = say!(
                        self.words,
                        "text in `{tag}`, which is not among the rubric's languages ({languages})",
                        tag = crate::text::sanitize(tag),
                        languages = self.languages.join(", ")
                    );
                    self.at(text.span(), message);
                }
                let missing: Vec<String> = self
                    .languages
                    .iter()
                    .filter(|l| !by.contains_key(*l))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    self.missing_in(text.span(), &missing);
                }
                [&self.language, &self.languages[0]]
                    .into_iter()
                    .find_map(|l| by.get(l))
                    .or_else(|| by.values().next())
                    .cloned()
                    .unwrap_or_default()
            }
        }
    }

    fn missing_in(&mut self, span: Range<usize>, languages: &[String]) {
        let problem = self.source.problem_at(
            span,
            say!(
                self.words,
                "text missing in {languages}",
                languages = languages.join(", ")
            ),
        );
        self.missing.push(problem);
    }

    fn optional_text(&mut self, text: Option<&Spanned<RawText>>) -> String {
        text.map(|t| self.text(t)).unwrap_or_default()
    }

    fn texts(&mut self, texts: &[Spanned<RawText>]) -> Vec<String> {
        texts.iter().map(|t| self.text(t)).collect()
    }

    fn bounded(&mut self, count: usize, max: usize, what: &str) {
        if count > max {
            self.problems.push(Problem::new(say!(
                self.words,
                "the rubric has {count} {what}; at most {max} are allowed",
                count = count,
                what = self.words.translate(what),
                max = max
            )));
        }
    }

    fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        let problem = self.source.problem_at(span, message);
        self.problems.push(problem);
    }

    fn slug(&mut self, id: &Spanned<String>, what: &str) -> bool {
        let s = id.get_ref();
        let ok = s
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            self.at(
                id.span(),
                say!(
                    self.words,
                    "{what} `{id}` must be lowercase letters, digits, `-` or `_`",
                    what = self.words.translate(what),
                    id = crate::text::sanitize(s)
                ),
            );
        }
        ok
    }

    /// Records an id; a second use is reported with the first one's line.
    /// (Lines are counted only then: counting for every id would cost more
    /// than the rest of loading the rubric.)
    fn unique<'s>(
        &mut self,
        seen: &mut HashMap<&'s str, usize>,
        id: &'s Spanned<String>,
        what: &str,
    ) {
        if let Some(first) = seen.insert(id.get_ref(), id.span().start) {
            let line = self.source.position(first).line;
            self.at(
                id.span(),
                say!(
                    self.words,
                    "duplicate {what} id `{id}` (first defined on line {line})",
                    what = self.words.translate(what),
                    id = id.get_ref(),
                    line = line
                ),
            );
        }
    }

    fn in_range(&mut self, value: &Spanned<f64>, lo: f64, hi: f64, what: &str) -> f64 {
        let x = *value.get_ref();
        if !(lo..=hi).contains(&x) {
            self.at(
                value.span(),
                say!(
                    self.words,
                    "{what} must be between {lo} and {hi}, found {x}",
                    what = self.words.translate(what),
                    lo = lo,
                    hi = hi,
                    x = x
                ),
            );
        }
        x
    }

    fn weight(&mut self, weight: &Spanned<f64>) -> f64 {
        let w = *weight.get_ref();
        if !(w.is_finite() && w > 0.0) {
            self.at(
                weight.span(),
                say!(
                    self.words,
                    "weight must be a positive number, found {w}",
                    w = w
                ),
            );
        }
        w
    }

    fn dimensions(&mut self, raw: Vec<Spanned<RawDimension>>) -> Vec<Dimension> {
        if raw.is_empty() {
            self.problems.push(Problem::new(say!(
                self.words,
                "the rubric has no [[dimensions]]"
            )));
        }
        let mut seen = HashMap::new();
        for d in &raw {
            self.slug(&d.get_ref().id, "dimension id");
            self.unique(&mut seen, &d.get_ref().id, "dimension");
        }
        raw.into_iter()
            .map(|d| {
                let d = d.into_inner();
                Dimension {
                    weight: self.weight(&d.weight),
                    name: self.text(&d.name),
                    description: self.optional_text(d.description.as_ref()),
                    id: d.id.into_inner(),
                    questions: Vec::new(),
                }
            })
            .collect()
    }

    fn questions(
        &mut self,
        raw: &[Spanned<RawQuestion>],
        dimensions: &mut [Dimension],
    ) -> Vec<Question> {
        if raw.is_empty() {
            self.problems.push(Problem::new(say!(
                self.words,
                "the rubric has no [[questions]]"
            )));
        }
        let mut seen = HashMap::new();
        for q in raw {
            self.unique(&mut seen, &q.get_ref().id, "question");
        }
        let mut questions = Vec::new();
        for q in raw {
            let q = q.get_ref();
            let Some(dimension) = self.question_dimension(&q.id, dimensions) else {
                continue;
            };
            let weight = self.weight(&q.weight);
            let Some(kind) = self.kind(q) else { continue };
            dimensions[dimension].questions.push(questions.len());
            questions.push(Question {
                id: q.id.get_ref().clone(),
                dimension,
                prompt: self.text(&q.prompt),
                help: self.optional_text(q.help.as_ref()),
                weight,
                kind,
            });
        }
        for d in dimensions.iter() {
            let prefix = format!("{}.", d.id);
            if !seen.keys().any(|id| id.starts_with(&prefix)) {
                self.problems.push(Problem::new(say!(
                    self.words,
                    "dimension `{id}` has no questions (give it at least one, or remove it)",
                    id = d.id
                )));
            }
        }
        questions
    }

    /// A question id is `<dimension id>.<name>`; the prefix names its dimension.
    fn question_dimension(
        &mut self,
        id: &Spanned<String>,
        dimensions: &[Dimension],
    ) -> Option<usize> {
        let Some((dim, name)) = id.get_ref().split_once('.') else {
            self.at(
                id.span(),
                say!(
                    self.words,
                    "question id `{id}` must be `<dimension>.<name>`, e.g. `skills.technical`",
                    id = crate::text::sanitize(id.get_ref())
                ),
            );
            return None;
        };
        let name_ok = self.slug(&Spanned::new(id.span(), name.to_string()), "question id");
        let found = dimensions.iter().position(|d| d.id == dim);
        if found.is_none() {
            let known: Vec<_> = dimensions.iter().map(|d| d.id.as_str()).collect();
            self.at(
                id.span(),
                say!(
                    self.words,
                    "question `{id}` is in dimension `{dimension}`, which is not defined (dimensions: {known})",
                    id = crate::text::sanitize(id.get_ref()),
                    dimension = crate::text::sanitize(dim),
                    known = known.join(", ")
                ),
            );
        }
        found.filter(|_| name_ok)
    }

    fn kind(&mut self, q: &RawQuestion) -> Option<QuestionKind> {
        let kind = *q.kind.get_ref();
        let fields: [(&str, Option<Range<usize>>, bool); 6] = [
            (
                "min",
                q.min.as_ref().map(Spanned::span),
                kind == RawKind::Number,
            ),
            (
                "max",
                q.max.as_ref().map(Spanned::span),
                kind == RawKind::Number,
            ),
            (
                "unit",
                q.unit.as_ref().map(Spanned::span),
                kind == RawKind::Number,
            ),
            (
                "curve",
                q.curve.as_ref().map(Spanned::span),
                kind == RawKind::Number,
            ),
            (
                "anchors",
                q.anchors.as_ref().map(Spanned::span),
                kind == RawKind::Scale,
            ),
            (
                "options",
                q.options.as_ref().map(Spanned::span),
                matches!(kind, RawKind::Choice | RawKind::Multi),
            ),
        ];
        for (field, span, allowed) in fields {
            if let (Some(span), false) = (span, allowed) {
                self.at(
                    span,
                    say!(
                        self.words,
                        "`{field}` does not apply to a `{kind}` question",
                        field = field,
                        kind = kind_name(kind)
                    ),
                );
            }
        }
        // A kind with problems is still built when it can be, so references
        // to its question do not cascade into "unknown question" noise; any
        // problem fails the whole rubric anyway.
        match kind {
            RawKind::Number => self.number(q),
            RawKind::Scale => self.scale(q),
            RawKind::Choice | RawKind::Multi => self.options(q, kind),
        }
    }

    fn missing(&mut self, q: &RawQuestion, field: &str) {
        let kind = kind_name(*q.kind.get_ref());
        self.at(
            q.id.span(),
            say!(
                self.words,
                "`{kind}` question `{id}` needs `{field}`",
                kind = kind,
                id = q.id.get_ref(),
                field = self.words.translate(field)
            ),
        );
    }

    fn number(&mut self, q: &RawQuestion) -> Option<QuestionKind> {
        let (Some(min), Some(max)) = (&q.min, &q.max) else {
            self.missing(q, "min and max");
            return None;
        };
        let (lo, hi) = (*min.get_ref(), *max.get_ref());
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            self.at(
                max.span(),
                say!(
                    self.words,
                    "`max` ({hi}) must be greater than `min` ({lo})",
                    hi = hi,
                    lo = lo
                ),
            );
        }
        let Some(curve) = &q.curve else {
            self.missing(q, "curve");
            return None;
        };
        let points = curve.get_ref();
        if points.len() > MAX_CURVE_POINTS {
            self.at(
                curve.span(),
                say!(
                    self.words,
                    "a curve may have at most {max} breakpoints, found {n}",
                    max = MAX_CURVE_POINTS,
                    n = points.len()
                ),
            );
            return None;
        }
        if points.len() < 2 {
            let message = say!(
                self.words,
                "a curve needs at least two [value, points] breakpoints"
            );
            self.at(curve.span(), message);
        }
        for (i, &(x, y)) in points.iter().enumerate() {
            if !(x.is_finite() && (0.0..=100.0).contains(&y)) {
                self.at(
                    curve.span(),
                    say!(
                        self.words,
                        "curve point {n} [{x}, {y}]: points must be between 0 and 100",
                        n = i + 1,
                        x = x,
                        y = y
                    ),
                );
            }
            if let Some(&(px, py)) = i.checked_sub(1).map(|p| &points[p]) {
                if x <= px || y < py {
                    self.at(
                        curve.span(),
                        say!(
                            self.words,
                            "curve is not increasing at point {n}: [{px}, {py}] then [{x}, {y}] (values must rise and points must not fall)",
                            n = i + 1,
                            px = px,
                            py = py,
                            x = x,
                            y = y
                        ),
                    );
                }
            }
        }
        Some(QuestionKind::Number {
            min: lo,
            max: hi,
            unit: q.unit.as_ref().map(|u| self.text(u)),
            curve: points.clone(),
        })
    }

    fn scale(&mut self, q: &RawQuestion) -> Option<QuestionKind> {
        let Some(anchors) = &q.anchors else {
            self.missing(q, "anchors (one description for each point 1..5)");
            return None;
        };
        let list = self.texts(anchors.get_ref());
        if list.len() != SCALE_POINTS || list.iter().any(|a| a.trim().is_empty()) {
            self.at(
                anchors.span(),
                say!(
                    self.words,
                    "a scale needs all {n} anchors, one non-empty description per point 1..5; found {found}",
                    n = SCALE_POINTS,
                    found = list.iter().filter(|a| !a.trim().is_empty()).count()
                ),
            );
        }
        Some(QuestionKind::Scale { anchors: list })
    }

    fn options(&mut self, q: &RawQuestion, kind: RawKind) -> Option<QuestionKind> {
        let Some(raw) = &q.options else {
            self.missing(q, "options");
            return None;
        };
        if raw.get_ref().len() > MAX_OPTIONS {
            self.at(
                raw.span(),
                say!(
                    self.words,
                    "a question may have at most {max} options, found {n}",
                    max = MAX_OPTIONS,
                    n = raw.get_ref().len()
                ),
            );
            return None;
        }
        let min_count = if kind == RawKind::Choice { 2 } else { 1 };
        if raw.get_ref().len() < min_count {
            self.at(
                raw.span(),
                say!(
                    self.words,
                    "a `{kind}` question needs at least {n} options",
                    kind = kind_name(kind),
                    n = min_count
                ),
            );
        }
        let mut seen = HashMap::new();
        let mut options = Vec::new();
        for o in raw.get_ref() {
            let o: &RawOption = o.get_ref();
            self.slug(&o.id, "option id");
            self.unique(&mut seen, &o.id, "option");
            let points = self.in_range(&o.points, 0.0, 100.0, "option points");
            if kind == RawKind::Choice {
                if let Some(prev) = options.last().map(|p: &ChoiceOption| p.points) {
                    if points < prev {
                        self.at(
                            o.points.span(),
                            say!(
                                self.words,
                                "choice options must be ordered by points, lowest first (`{id}` has {points}, the option before it {prev})",
                                id = o.id.get_ref(),
                                points = points,
                                prev = prev
                            ),
                        );
                    }
                }
            }
            options.push(ChoiceOption {
                id: o.id.get_ref().clone(),
                label: self.text(&o.label),
                points,
            });
        }
        Some(match kind {
            RawKind::Choice => QuestionKind::Choice { options },
            _ => QuestionKind::Multi { options },
        })
    }

    fn levels(&mut self, raw: Vec<Spanned<RawLevel>>, dimensions: &[Dimension]) -> Vec<Level> {
        if raw.is_empty() {
            self.problems.push(Problem::new(say!(
                self.words,
                "the rubric has no [[levels]]"
            )));
        }
        let mut seen = HashMap::new();
        for l in &raw {
            self.slug(&l.get_ref().id, "level id");
            self.unique(&mut seen, &l.get_ref().id, "level");
        }
        let mut levels: Vec<Level> = Vec::new();
        for (rank, l) in raw.into_iter().enumerate() {
            let span = l.span();
            let l = l.into_inner();
            let min_overall = match &l.min_overall {
                Some(m) => self.in_range(m, 0.0, 100.0, "min_overall"),
                None => 0.0,
            };
            let floors = self.floors(&l, dimensions);
            let level = Level {
                name: self.text(&l.name),
                summary: self.optional_text(l.summary.as_ref()),
                responsibilities: self.texts(&l.responsibilities),
                skills: self.texts(&l.skills),
                id: l.id.into_inner(),
                min_overall,
                floors,
            };
            if rank == 0 && level.thresholds().next().is_some() {
                self.at(
                    span.clone(),
                    say!(
                        self.words,
                        "the lowest level `{id}` must have no thresholds (everyone starts there)",
                        id = level.id
                    ),
                );
            }
            if let Some(prev) = levels.last() {
                self.rising(prev, &level, dimensions, span);
            }
            levels.push(level);
        }
        levels
    }

    fn floors(&mut self, l: &RawLevel, dimensions: &[Dimension]) -> Vec<Option<f64>> {
        let mut floors = vec![None; dimensions.len()];
        for (dim, value) in l
            .floors
            .as_ref()
            .map(|f| f.get_ref().iter())
            .into_iter()
            .flatten()
        {
            let need = self.in_range(value, 0.0, 100.0, "a floor");
            match dimensions.iter().position(|d| d.id == *dim.get_ref()) {
                Some(d) => floors[d] = Some(need),
                None => self.at(
                    dim.span(),
                    say!(
                        self.words,
                        "floor for unknown dimension `{id}`",
                        id = crate::text::sanitize(dim.get_ref())
                    ),
                ),
            }
        }
        floors
    }

    /// Thresholds must not decrease with rank.
    fn rising(
        &mut self,
        prev: &Level,
        level: &Level,
        dimensions: &[Dimension],
        span: Range<usize>,
    ) {
        let targets = std::iter::once(("overall", prev.min_overall, level.min_overall)).chain(
            dimensions.iter().enumerate().map(|(d, dim)| {
                (
                    dim.id.as_str(),
                    prev.floors[d].unwrap_or(0.0),
                    level.floors[d].unwrap_or(0.0),
                )
            }),
        );
        for (what, before, now) in targets {
            if now < before {
                let what = if what == "overall" {
                    self.words.overall
                } else {
                    what
                };
                let needs = if now == 0.0 {
                    say!(self.words, "sets no {what} threshold", what = what)
                } else {
                    say!(self.words, "needs {what} ≥ {now}", what = what, now = now)
                };
                let message = say!(
                    self.words,
                    "levels out of order: `{level}` {needs}, less than the level below it (`{prev}` needs {what} ≥ {before}); thresholds must not decrease with rank",
                    level = level.id,
                    needs = needs,
                    prev = prev.id,
                    what = what,
                    before = before
                );
                self.at(span.clone(), message);
            }
        }
    }

    fn actions(
        &mut self,
        raw: Vec<Spanned<RawAction>>,
        dimensions: &[Dimension],
        questions: &[Question],
        levels: &[Level],
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        for a in raw {
            let a = a.into_inner();
            let dimension = dimensions
                .iter()
                .position(|d| d.id == *a.dimension.get_ref());
            if dimension.is_none() {
                self.at(
                    a.dimension.span(),
                    say!(
                        self.words,
                        "action for unknown {what} `{id}`",
                        what = self.words.translate("dimension"),
                        id = crate::text::sanitize(a.dimension.get_ref())
                    ),
                );
            }
            let question = self.reference(a.question.as_ref(), "question", |id| {
                questions.iter().position(|q| q.id == id)
            });
            if let (Some(d), Some(Some(q))) = (dimension, question) {
                if questions[q].dimension != d {
                    let span = a.question.as_ref().map(Spanned::span).unwrap_or_default();
                    self.at(
                        span,
                        say!(
                            self.words,
                            "question `{id}` is not in dimension `{dimension}`",
                            id = questions[q].id,
                            dimension = dimensions[d].id
                        ),
                    );
                }
            }
            let level = self.reference(a.level.as_ref(), "level", |id| {
                levels.iter().position(|l| l.id == id)
            });
            let text = self.text(&a.text);
            if text.trim().is_empty() {
                let message = say!(self.words, "action has an empty `text`");
                self.at(a.dimension.span(), message);
            }
            if let (Some(dimension), Some(question), Some(level)) = (dimension, question, level) {
                actions.push(Action {
                    dimension,
                    question,
                    level,
                    habit: a.habit,
                    timeframe: a.timeframe,
                    text,
                });
            }
        }
        actions
    }

    /// Resolves an optional reference: `Some(None)` when absent, `None` when
    /// present but unknown (a problem is recorded).
    fn reference(
        &mut self,
        id: Option<&Spanned<String>>,
        what: &str,
        find: impl Fn(&str) -> Option<usize>,
    ) -> Option<Option<usize>> {
        let Some(id) = id else { return Some(None) };
        let found = find(id.get_ref());
        if found.is_none() {
            self.at(
                id.span(),
                say!(
                    self.words,
                    "action for unknown {what} `{id}`",
                    what = self.words.translate(what),
                    id = crate::text::sanitize(id.get_ref())
                ),
            );
        }
        found.map(Some)
    }
}

/// Control characters in display text (escape sequences that would reach a
/// terminal), each located where the file writes it: raw, or as a TOML
/// escape (`\u001b`, `\U0000001B`, `\e`, `\b`, `\f`).
fn control_characters(source: &SourceText, words: &Words) -> Vec<Problem> {
    let text = &source.text;
    let mut problems = Vec::new();
    let mut found = |at: usize, len: usize, c: char| {
        problems.push(source.problem_at(
            at..at + len,
            say!(
                words,
                "control character {code} in a text: it could drive the terminal of whoever reads a report; remove it",
                code = format!("U+{:04X}", c as u32)
            ),
        ));
    };
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                let Some(&(_, e)) = chars.peek() else { break };
                chars.next();
                let digits = match e {
                    'u' => 4,
                    'U' => 8,
                    'e' => {
                        found(at, 2, '\u{1b}');
                        continue;
                    }
                    'b' | 'f' => {
                        found(at, 2, if e == 'b' { '\u{8}' } else { '\u{c}' });
                        continue;
                    }
                    _ => continue,
                };
                let hex = text.get(at + 2..at + 2 + digits).unwrap_or("");
                let decoded = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                if let Some(c) = decoded.filter(|c| crate::text::is_harmful(*c)) {
                    found(at, 2 + digits, c);
                }
            }
            '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => {}
            c if crate::text::is_harmful(c) => found(at, c.len_utf8(), c),
            _ => {}
        }
    }
    if problems.is_empty() {
        problems.push(Problem::new(say!(
            words,
            "a text holds a control character (an escape sequence); remove it"
        )));
    }
    problems
}

fn kind_name(kind: RawKind) -> &'static str {
    match kind {
        RawKind::Number => "number",
        RawKind::Scale => "scale",
        RawKind::Choice => "choice",
        RawKind::Multi => "multi",
    }
}

/// The points a question can give, as a set.
fn question_points(kind: &QuestionKind) -> ScoreSet {
    use crate::scoring::curve_points;
    match kind {
        QuestionKind::Number {
            min, max, curve, ..
        } => ScoreSet::range(curve_points(curve, *min), curve_points(curve, *max)),
        QuestionKind::Scale { anchors } => (0..anchors.len())
            .map(|i| crate::scoring::scale_points(i + 1, anchors.len()))
            .collect(),
        QuestionKind::Choice { options } => options.iter().map(|o| o.points).collect(),
        // Every subset sum, capped like the scoring caps it.
        QuestionKind::Multi { options } => options
            .iter()
            .fold(ScoreSet::points([0.0]), |set, o| {
                set.union(&set.add_scaled(&ScoreSet::points([o.points]), 1.0))
            })
            .capped(crate::scoring::MAX_POINTS),
    }
}

/// The possible scores of each dimension.
pub(super) fn dimension_sets(rubric: &Rubric) -> Vec<ScoreSet> {
    rubric
        .dimensions
        .iter()
        .map(|d| {
            let total: f64 = d
                .questions
                .iter()
                .map(|&q| rubric.questions[q].weight)
                .sum();
            d.questions.iter().fold(ScoreSet::points([0.0]), |set, &q| {
                let q = &rubric.questions[q];
                set.add_scaled(&question_points(&q.kind), q.weight / total)
            })
        })
        .collect()
}

/// For each level no set of answers can make the result: its index and why.
fn unreachable_levels(rubric: &Rubric, words: &Words) -> Vec<(usize, String)> {
    let sets = dimension_sets(rubric);
    let total = rubric.total_weight();
    let raw = |need: Option<f64>| need.map_or(f64::NEG_INFINITY, raw_threshold);
    let mut messages = Vec::new();
    for (k, level) in rubric.levels.iter().enumerate() {
        // Each dimension restricted to the scores that meet this level's floor.
        let meeting: Vec<ScoreSet> = sets
            .iter()
            .enumerate()
            .map(|(d, s)| s.within(raw(level.floors[d]), f64::INFINITY))
            .collect();
        if let Some((d, _)) = meeting.iter().enumerate().find(|(_, s)| s.is_empty()) {
            messages.push((k, say!(
                words,
                "no answers can reach level `{level}`: it needs {dimension} ≥ {need}, but the most {dimension} can score is {best}",
                level = level.id,
                dimension = rubric.dimensions[d].id,
                need = level.floors[d].unwrap_or(0.0),
                best = format!("{:.1}", sets[d].max().unwrap_or(0.0))
            )));
            continue;
        }
        let best: f64 = meeting
            .iter()
            .zip(&rubric.dimensions)
            .map(|(s, d)| s.max().unwrap_or(0.0) * d.weight / total)
            .sum();
        if best < raw(Some(level.min_overall)) {
            messages.push((k, say!(
                words,
                "no answers can reach level `{level}`: it needs overall ≥ {need}, but the most possible is {best}",
                level = level.id,
                need = level.min_overall,
                best = format!("{best:.1}")
            )));
            continue;
        }
        let Some(next) = rubric.levels.get(k + 1) else {
            continue;
        };
        if !can_stop_below(rubric, &meeting, level, next) {
            messages.push((k, say!(
                words,
                "level `{level}` can never be the result: every set of answers that meets it also meets `{next}` (raise one of `{next}`'s thresholds)",
                level = level.id,
                next = next.id
            )));
        }
    }
    messages
}

/// Whether some answers meet `level` but miss at least one of `next`'s
/// thresholds, so that `level` can be the result.
fn can_stop_below(rubric: &Rubric, meeting: &[ScoreSet], level: &Level, next: &Level) -> bool {
    let total = rubric.total_weight();
    let weight = |d: usize| rubric.dimensions[d].weight / total;
    let need_overall = raw_threshold(level.min_overall);
    // Missing one of next's floors: that dimension as high as it can be while
    // still below the floor, every other dimension at its best.
    let misses_a_floor = next.thresholds().any(|(target, need)| {
        let Target::Dimension(t) = target else {
            return false;
        };
        let below = meeting[t].within(f64::NEG_INFINITY, raw_threshold(need));
        let Some(below) = below.max() else {
            return false;
        };
        let others: f64 = (0..meeting.len())
            .filter(|&d| d != t)
            .map(|d| meeting[d].max().unwrap_or(0.0) * weight(d))
            .sum();
        below * weight(t) + others >= need_overall
    });
    if misses_a_floor {
        return true;
    }
    // Missing next's overall minimum while meeting every floor of this level.
    let overall = meeting
        .iter()
        .enumerate()
        .fold(ScoreSet::points([0.0]), |acc, (d, s)| {
            acc.add_scaled(s, weight(d))
        });
    next.min_overall > level.min_overall
        && !overall
            .within(need_overall, raw_threshold(next.min_overall))
            .is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = include_str!("../../tests/fixtures/minimal.toml");

    fn check(text: &str) -> Result<Rubric, Vec<Problem>> {
        let source = SourceText::new("test.toml", text);
        let raw = toml::from_str(text).expect("test rubrics parse");
        validate(&source, raw, String::new(), None)
    }

    fn messages(text: &str) -> Vec<String> {
        check(text)
            .unwrap_err()
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn minimal_and_shipped_rubrics_are_valid() {
        assert!(check(MINIMAL).is_ok());
        assert!(check(include_str!("../../rubrics/software-engineer.toml")).is_ok());
        assert_eq!(Rubric::embedded().questions.len(), 13);
    }

    #[test]
    fn the_default_rubric_is_complete_in_english_and_chinese() {
        for tag in ["en", "zh"] {
            let rubric = Rubric::embedded_in(tag);
            assert_eq!(rubric.languages, ["en", "zh"]);
            assert!(
                rubric.missing_texts.is_empty(),
                "{:?}",
                rubric.missing_texts
            );
        }
        let (en, zh) = (Rubric::embedded_in("en"), Rubric::embedded_in("zh"));
        let names = |r: &Rubric| r.levels.iter().map(|l| l.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(zh),
            [
                "初级产品经理",
                "中级产品经理",
                "高级产品经理",
                "资深产品经理",
                "产品总监"
            ]
        );
        let dims = zh
            .dimensions
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>();
        assert_eq!(dims, ["经验", "技能", "责任", "影响力"]);
        for (q, capability) in zh.dimensions[1].questions.iter().zip([
            "技术知识",
            "项目管理能力",
            "市场分析能力",
            "沟通能力",
            "领导能力",
        ]) {
            assert!(zh.questions[*q].prompt.starts_with(capability));
        }
        // Ids never change with the language; every text does.
        for (e, z) in en.questions.iter().zip(&zh.questions) {
            assert_eq!(e.id, z.id);
            assert_ne!(e.prompt, z.prompt);
        }
        assert_ne!(names(en), names(zh));
    }

    #[test]
    fn texts_by_language_are_checked_against_the_declared_languages() {
        let bilingual = MINIMAL
            .replace(
                "version = \"1.0.0\"",
                "version = \"1.0.0\"\nlanguages = [\"en\", \"zh\"]",
            )
            .replace(
                "name = \"Craft\"",
                "name = { en = \"Craft\", zh = \"手艺\" }",
            );
        let source = SourceText::new("test.toml", bilingual.as_str());
        let zh = Rubric::parse_in(&source, Some("zh")).expect("valid");
        assert_eq!(zh.dimensions[0].name, "手艺");
        // Plain strings count as English only: each is missing in `zh`,
        // and shown in English.
        assert_eq!(zh.dimensions[1].name, "Reach");
        assert!(!zh.missing_texts.is_empty());
        assert_eq!(zh.missing_texts[0].message, "缺少 zh 的文本");
        let fr = Rubric::parse_in(&source, Some("fr")).expect("valid");
        assert_eq!(
            (fr.dimensions[0].name.as_str(), fr.language.as_str()),
            ("Craft", "fr")
        );

        let undeclared = MINIMAL.replace(
            "name = \"Craft\"",
            "name = { en = \"Craft\", zn = \"手艺\" }",
        );
        let problems = messages(&undeclared);
        assert!(problems[0].contains("needs `languages"), "{problems:?}");
        let typo = bilingual.replace("zh = \"手艺\"", "zn = \"手艺\"");
        let problems = messages(&typo);
        assert!(
            problems[0].contains("`zn`, which is not among"),
            "{problems:?}"
        );
        // A rubric in one language has nothing missing.
        assert!(check(MINIMAL).unwrap().missing_texts.is_empty());
    }

    #[test]
    fn control_characters_in_any_language_are_rejected() {
        let bilingual = MINIMAL
            .replace(
                "version = \"1.0.0\"",
                "version = \"1.0.0\"\nlanguages = [\"en\", \"zh\"]",
            )
            .replace(
                "name = \"Craft\"",
                "name = { en = \"Craft\", zh = \"手艺\\u001b[31m\" }",
            );
        let source = SourceText::new("test.toml", bilingual.as_str());
        for language in [Some("en"), Some("zh")] {
            let error = Rubric::parse_in(&source, language).unwrap_err().to_string();
            assert!(error.contains("U+001B"), "{error}");
        }
    }

    #[test]
    fn a_level_no_answer_can_reach_is_rejected() {
        // `reach` scores 0, 60 or 100; an 80 floor is reachable, but with
        // `all` capped at 70 it is not.
        let text = MINIMAL
            .replace("points = 100 }", "points = 70 }")
            .replace("reach = 60 }", "reach = 80 }");
        let found = messages(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("the most reach can score is 70.0"));
    }

    #[test]
    fn a_level_that_can_never_be_the_result_is_rejected() {
        // reach scores only 0, 60 or 100: anyone meeting a 50 floor also
        // meets a 60 floor, and the other thresholds are expert's, so
        // `middle` can never be the result.
        let text = MINIMAL.replace(
            "[[levels]]\nid = \"expert\"",
            "[[levels]]\nid = \"middle\"\nname = \"Middle\"\nmin_overall = 60\nfloors = { craft = 50, reach = 50 }\n\n[[levels]]\nid = \"expert\"",
        );
        let found = messages(&text);
        assert!(
            found
                .iter()
                .any(|m| m.contains("`middle` can never be the result")),
            "{found:?}"
        );
    }

    #[test]
    fn distinct_thresholds_between_discrete_scores_are_accepted() {
        // Answers with reach 60 and craft below 50 meet `middle` but miss
        // expert's craft floor, so `middle` can be the result.
        let text = MINIMAL.replace(
            "[[levels]]\nid = \"expert\"",
            "[[levels]]\nid = \"middle\"\nname = \"Middle\"\nfloors = { reach = 40 }\n\n[[levels]]\nid = \"expert\"",
        );
        assert!(check(&text).is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = MINIMAL
            .replace(
                "name = \"Reach\"\nweight = 1",
                "name = \"Reach\"\nweight = 0",
            )
            .replace(
                "anchors = [\"Learning\", \"Capable\", \"Solid\", \"Strong\", \"Expert\"]",
                "anchors = []",
            );
        assert_eq!(messages(&text).len(), 2);
    }
}
