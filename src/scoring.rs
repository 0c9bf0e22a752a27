//! The scoring engine: answers -> points -> dimension scores -> overall
//! score -> matched level, with every threshold checked and explained.
//!
//! Pure and deterministic: no I/O, no printing. Scores are rounded to one
//! decimal and thresholds compare against the rounded score, so what a report
//! shows is exactly what was compared.

use arrayvec::ArrayVec;

use crate::answers::{AnswerValue, Answers, FewKind, NumberSlots, few_answers};
use crate::rubric::{
    Dimension, Level, MAX_DIMENSIONS, MAX_QUESTIONS, Question, QuestionKind, Rubric, Target,
};

/// Points per question, by question index. Kept inline (a rubric has at
/// most [`MAX_QUESTIONS`]), like the other lists of an [`Assessment`], so
/// scoring a person allocates nothing: a batch scores hundreds of
/// thousands.
pub type Points = ArrayVec<f64, MAX_QUESTIONS>;
/// A score per dimension, by dimension index.
pub type DimensionScores = ArrayVec<f64, MAX_DIMENSIONS>;
/// A level's thresholds, checked: at most one per dimension, and overall.
pub type Checks = ArrayVec<ThresholdCheck, { MAX_DIMENSIONS + 1 }>;

/// The most points one question can give.
pub const MAX_POINTS: f64 = 100.0;

/// Points for `x` on a piecewise-linear curve; beyond the ends, the end value.
pub fn curve_points(curve: &[(f64, f64)], x: f64) -> f64 {
    let Some(&(first_x, first_y)) = curve.first() else {
        return 0.0;
    };
    if x <= first_x {
        return first_y;
    }
    // The segment is found by counting the breakpoints left of `x` (they
    // come first: values increase), not by stopping at the first to its
    // right: where a loop stops depends on the person, so stopping would
    // be a mispredicted branch for most people of a batch.
    let left = curve[1..].iter().filter(|p| p.0 < x).count();
    match (curve.get(left), curve.get(left + 1)) {
        (Some(&(x0, y0)), Some(&(x1, y1))) if !x.is_nan() => y0 + (y1 - y0) * (x - x0) / (x1 - x0),
        _ => curve.last().map_or(0.0, |p| p.1),
    }
}

/// Points for scale point `value` (1-based) on a scale of `points` points:
/// evenly spread from 0 to 100.
pub fn scale_points(value: usize, points: usize) -> f64 {
    (value.saturating_sub(1)) as f64 * MAX_POINTS / (points.max(2) - 1) as f64
}

/// Points a question gives for an answer.
pub fn question_points(question: &Question, value: &AnswerValue) -> f64 {
    match (&question.kind, value) {
        (QuestionKind::Number { curve, .. }, AnswerValue::Number(n)) => curve_points(curve, *n),
        (QuestionKind::Scale { anchors }, AnswerValue::Scale(s)) => {
            scale_points(*s as usize, anchors.len())
        }
        (QuestionKind::Choice { options }, AnswerValue::Choice(i)) => options[*i].points,
        // Every option, unchosen ones adding -0.0 (which changes no sum),
        // so the loop's length does not depend on the answer.
        (QuestionKind::Multi { options }, AnswerValue::Multi(list)) => (options.iter())
            .enumerate()
            .map(|(i, o)| if list.contains(i) { o.points } else { -0.0 })
            .sum::<f64>()
            .min(MAX_POINTS),
        // Answers are checked against the rubric on load; a mismatch scores 0.
        _ => 0.0,
    }
}

/// Rounds a score to one decimal.
pub fn round1(x: f64) -> f64 {
    round_half_away(x * 10.0) / 10.0
}

/// `f64::round`, without its call into the maths library (the default
/// x86-64 target has no rounding instruction, and a batch rounds about ten
/// numbers per record). Same result for every input, tested.
pub fn round_half_away(x: f64) -> f64 {
    // At and past 2^52 every f64 is whole; NaN and infinities take the slow
    // path too.
    const WHOLE_FROM: f64 = 4_503_599_627_370_496.0;
    let y = x.abs();
    if y.is_nan() || y >= WHOLE_FROM {
        return x.round();
    }
    // Adding 2^52 leaves no bits below the point, so this is `y` rounded to
    // a whole number (ties to even), exactly; float-to-integer casts would
    // cost a saturating sequence each way.
    let nearest = (y + WHOLE_FROM) - WHOLE_FROM;
    // Selects rather than branches: which way a score rounds is random
    // across a batch, so a branch would be mispredicted half the time.
    let whole = nearest - if nearest > y { 1.0 } else { 0.0 };
    let rounded = whole + if y - whole >= 0.5 { 1.0 } else { 0.0 };
    rounded.copysign(x)
}

/// One threshold of a level, compared with the person's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThresholdCheck {
    /// What the threshold is on.
    pub target: Target,
    /// The minimum the level needs.
    pub need: f64,
    /// The person's (rounded) score.
    pub have: f64,
}

impl ThresholdCheck {
    /// Whether the score meets the threshold.
    pub fn met(&self) -> bool {
        self.have >= self.need
    }

    /// How far short the score is (0 when met).
    pub fn shortfall(&self) -> f64 {
        round1((self.need - self.have).max(0.0))
    }
}

/// How close the result is to a boundary.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Borderline {
    /// Within the margin of the next level: its largest shortfall.
    pub near_next: Option<f64>,
    /// Just over the matched level: the threshold with least room, and the room.
    pub just_over: Option<(Target, f64)>,
}

impl Borderline {
    /// Whether either boundary is close.
    pub fn is_borderline(&self) -> bool {
        self.near_next.is_some() || self.just_over.is_some()
    }
}

/// The outcome of scoring one set of answers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Assessment {
    /// Points per question (unrounded), by question index.
    pub points: Points,
    /// Unrounded dimension scores, by dimension index.
    pub raw_dimensions: DimensionScores,
    /// Rounded dimension scores, by dimension index.
    pub dimensions: DimensionScores,
    /// Rounded overall score.
    pub overall: f64,
    /// The matched level's index.
    pub level: usize,
    /// The matched level's thresholds, checked.
    pub level_checks: Checks,
    /// The next level's index, unless the matched level is the top.
    pub next: Option<usize>,
    /// The next level's thresholds, checked (empty at the top).
    pub next_checks: Checks,
    /// Closeness to the boundaries.
    pub borderline: Borderline,
}

/// Scores answers against a rubric. Unanswered questions score 0 (answers
/// loaded as complete have none).
pub fn assess(rubric: &Rubric, answers: &Answers) -> Assessment {
    let mut a = Assessment::default();
    assess_into(rubric, answers, &mut a);
    a
}

/// [`assess`] into an assessment the caller holds: a batch scores into
/// its own, since an assessment's lists are inline and returning one
/// copies kilobytes per person.
pub fn assess_into(rubric: &Rubric, answers: &Answers, a: &mut Assessment) {
    a.points.clear();
    a.points.extend(
        rubric
            .questions
            .iter()
            .zip(&answers.values)
            .map(|(q, a)| a.as_ref().map_or(0.0, |a| question_points(q, &a.value))),
    );
    score_points(rubric, a);
}

/// A rubric's scoring worked out for a batch, which scores hundreds of
/// thousands of people from a handful of answers per question: each few
/// answer's points ([`few_answers`]) looked up instead of worked out (a
/// scale's division, a multi question's sum), a number's worked out the
/// first time it comes ([`NumberSlots`]), and each dimension's questions
/// listed with their weights side by side (they were read out of each
/// question). Scores exactly as [`assess_into`] does, tested.
#[derive(Debug)]
pub struct Scorer<'r> {
    rubric: &'r Rubric,
    /// Per question, where its few answers' points start in `points`, and
    /// what looking an answer up among them needs of its kind.
    few: Vec<(usize, FewKind)>,
    points: Vec<f64>,
    numbers: NumberSlots<f64>,
    /// Each dimension's questions with their weights, and per dimension
    /// where its own start and end.
    members: Vec<(usize, f64)>,
    spans: Vec<std::ops::Range<usize>>,
    total_weight: f64,
}

impl<'r> Scorer<'r> {
    /// Works out what `rubric`'s scoring needs beforehand.
    pub fn new(rubric: &'r Rubric) -> Self {
        let (mut few, mut points) = (Vec::new(), Vec::new());
        for question in &rubric.questions {
            let answers = few_answers(&question.kind);
            few.push((points.len(), FewKind::of(&question.kind)));
            points.extend(answers.iter().map(|v| question_points(question, v)));
        }
        let (mut members, mut spans) = (Vec::new(), Vec::new());
        for d in &rubric.dimensions {
            let start = members.len();
            members.extend(members_of(rubric, d));
            spans.push(start..members.len());
        }
        Scorer {
            rubric,
            few,
            points,
            numbers: NumberSlots::new(rubric),
            members,
            spans,
            total_weight: rubric.total_weight(),
        }
    }

    /// [`assess_into`], with what was worked out beforehand.
    pub fn assess_into(&self, answers: &Answers, a: &mut Assessment) {
        a.points.clear();
        // Question by question, as far as both go (as `assess_into`).
        let answered = (0..self.few.len()).zip(&answers.values);
        a.points.extend(answered.map(|(q, a)| {
            a.as_ref()
                .map_or(0.0, |a| self.question_points(q, &a.value))
        }));
        a.raw_dimensions.clear();
        a.dimensions.clear();
        for span in &self.spans {
            let score = dimension_score(self.members[span.clone()].iter().copied(), &a.points);
            a.raw_dimensions.push(score);
            a.dimensions.push(round1(score));
        }
        a.overall = round1(weighted_overall(
            self.rubric,
            &a.raw_dimensions,
            self.total_weight,
        ));
        place(self.rubric, a);
    }

    /// Question `q`'s points for `value`, as [`question_points`] gives them.
    fn question_points(&self, q: usize, value: &AnswerValue) -> f64 {
        let worked_out = || question_points(&self.rubric.questions[q], value);
        if let AnswerValue::Number(x) = *value {
            let slot = self.numbers.get_or_init(q, x, worked_out);
            return slot.copied().unwrap_or_else(worked_out);
        }
        let (at, kind) = self.few[q];
        match kind.index(value) {
            Some(index) => self.points[at + index],
            None => worked_out(),
        }
    }
}

/// Fills everything of `a` that follows from its points, in place: the
/// lists are inline, and building each apart and moving it in copied it
/// whole.
fn score_points(rubric: &Rubric, a: &mut Assessment) {
    a.overall = scores_into(rubric, &a.points, &mut a.raw_dimensions, &mut a.dimensions);
    place(rubric, a);
}

/// Fills the level, its checks, the next level's and the borderline from
/// `a`'s scores.
fn place(rubric: &Rubric, a: &mut Assessment) {
    let (dimensions, overall) = (&a.dimensions, a.overall);
    a.level = matched_level(rubric, dimensions, overall);
    fill_checks(
        &mut a.level_checks,
        &rubric.levels[a.level],
        dimensions,
        overall,
    );
    a.next = (a.level + 1 < rubric.levels.len()).then_some(a.level + 1);
    a.next_checks.clear();
    if let Some(next) = a.next {
        fill_checks(
            &mut a.next_checks,
            &rubric.levels[next],
            dimensions,
            overall,
        );
    }
    a.borderline = borderline(rubric.borderline_margin, &a.level_checks, &a.next_checks);
}

/// The level an assessment's points match once each of `changes`, a
/// question and its new points, is made (and nothing else of an
/// assessment): what a planner needs to know of changed answers. Only the
/// dimensions a change is on are scored again; the others keep the
/// assessment's scores, which are what scoring them again would give, bit
/// for bit.
pub fn level_with_changes(
    rubric: &Rubric,
    a: &Assessment,
    changes: impl IntoIterator<Item = (usize, f64)>,
) -> usize {
    let mut points = a.points.clone();
    let mut changed = [false; MAX_DIMENSIONS];
    for (q, to) in changes {
        points[q] = to;
        changed[rubric.questions[q].dimension] = true;
    }
    let (mut raw, mut rounded) = (a.raw_dimensions.clone(), a.dimensions.clone());
    for (d, dimension) in rubric.dimensions.iter().enumerate() {
        if changed[d] {
            raw[d] = dimension_score(members_of(rubric, dimension), &points);
            rounded[d] = round1(raw[d]);
        }
    }
    matched_level(rubric, &rounded, round1(overall_score(rubric, &raw)))
}

/// Fills the dimension scores, unrounded and rounded, and returns the
/// rounded overall score.
fn scores_into(
    rubric: &Rubric,
    points: &[f64],
    raw: &mut DimensionScores,
    rounded: &mut DimensionScores,
) -> f64 {
    raw.clear();
    rounded.clear();
    for d in &rubric.dimensions {
        let score = dimension_score(members_of(rubric, d), points);
        raw.push(score);
        rounded.push(round1(score));
    }
    round1(overall_score(rubric, raw))
}

/// The highest level whose thresholds the scores meet (the lowest if none).
fn matched_level(rubric: &Rubric, dimensions: &[f64], overall: f64) -> usize {
    // Every level is checked, without stopping at the first that fails:
    // which one fails depends on the person, so a search that stopped would
    // mispredict a branch for most people of a batch.
    let mut matched = 0;
    for (i, level) in rubric.levels.iter().enumerate() {
        if meets(level, dimensions, overall) {
            matched = i;
        }
    }
    matched
}

/// A dimension's questions with their weights, in its question order: what
/// [`dimension_score`] weighs.
fn members_of<'r>(
    rubric: &'r Rubric,
    dimension: &'r Dimension,
) -> impl Iterator<Item = (usize, f64)> + 'r {
    (dimension.questions.iter()).map(|&q| (q, rubric.questions[q].weight))
}

/// Weighted mean of one dimension's question points, given its questions
/// and their weights. The weights are summed alongside the points rather
/// than by [`Rubric::questions_weight`] (the same sum, in the same order):
/// one pass per dimension per person.
fn dimension_score(members: impl Iterator<Item = (usize, f64)>, points: &[f64]) -> f64 {
    let (sum, weight) = members.fold((0.0, 0.0), |(s, w), (q, qw)| (s + qw * points[q], w + qw));
    sum / weight
}

/// Weighted mean of dimension scores.
pub fn overall_score(rubric: &Rubric, dimensions: &[f64]) -> f64 {
    weighted_overall(rubric, dimensions, rubric.total_weight())
}

/// [`overall_score`], given the rubric's total weight.
fn weighted_overall(rubric: &Rubric, dimensions: &[f64], total_weight: f64) -> f64 {
    let sum: f64 = rubric
        .dimensions
        .iter()
        .zip(dimensions)
        .map(|(d, s)| d.weight * s)
        .sum();
    sum / total_weight
}

/// Whether scores meet every threshold of a level (what [`fill_checks`]
/// would say, without building the list: this runs for every level of
/// every record).
fn meets(level: &Level, dimensions: &[f64], overall: f64) -> bool {
    // `&` rather than `&&`, for the reason given at [`matched_level`].
    (level.floors.iter().zip(dimensions))
        .fold(overall >= level.min_overall, |ok, (floor, score)| {
            ok & floor.is_none_or(|need| *score >= need)
        })
}

/// Replaces `into` with a level's thresholds, checked.
fn fill_checks(into: &mut Checks, level: &Level, dimensions: &[f64], overall: f64) {
    into.clear();
    into.extend(level.thresholds().map(|(target, need)| ThresholdCheck {
        target,
        need,
        have: match target {
            Target::Overall => overall,
            Target::Dimension(d) => dimensions[d],
        },
    }));
}

fn borderline(margin: f64, level: &[ThresholdCheck], next: &[ThresholdCheck]) -> Borderline {
    // Rounding moves a score by a twentieth at most, so a number further
    // than a tenth past the margin is past it rounded too: most people's
    // are, and they skip rounding (a division each). NaN, which scoring
    // never gives, would take the exact way.
    let within = |x: f64| x <= margin + 0.1 || x.is_nan();
    // Rounding is monotonic, so the largest rounded shortfall is the
    // largest shortfall rounded, and likewise the least room: one rounding
    // per list instead of one per threshold (this runs for every record).
    let largest_shortfall = (next.iter())
        .map(|c| (c.need - c.have).max(0.0))
        .fold(0.0, f64::max);
    let near_next = (!next.is_empty() && within(largest_shortfall))
        .then(|| round1(largest_shortfall))
        .filter(|shortfall| *shortfall <= margin);
    let room = |c: &ThresholdCheck| c.have - c.need;
    let least_room = (level.iter().map(room))
        .min_by(f64::total_cmp)
        .filter(|least| within(*least))
        .map(round1)
        .filter(|least| *least <= margin);
    // The first threshold with that room, as a search over rounded rooms
    // would find (`total_cmp`, so -0.0 and 0.0 stay apart as they did).
    let just_over = least_room.and_then(|least| {
        (level.iter())
            .find(|c| round1(room(c)).total_cmp(&least).is_eq())
            .map(|c| (c.target, least))
    });
    Borderline {
        near_next,
        just_over,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The next of a seeded stream of pseudo-random bits (xorshift), for
    /// the tests here and in `decimal`.
    pub(crate) fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn curve_interpolates_and_clamps() {
        let curve = [(0.0, 0.0), (2.0, 40.0), (4.0, 60.0)];
        assert_eq!(curve_points(&curve, -1.0), 0.0);
        assert_eq!(curve_points(&curve, 1.0), 20.0);
        assert_eq!(curve_points(&curve, 3.0), 50.0);
        assert_eq!(curve_points(&curve, 9.0), 60.0);
    }

    /// Counting breakpoints finds the segment that stopping at the first
    /// one to the right of `x` found, and summing every option (unchosen
    /// ones as -0.0) the sum of the chosen: the same bits.
    #[test]
    fn curves_and_multi_sums_give_what_the_plain_loops_gave() {
        fn stopping(curve: &[(f64, f64)], x: f64) -> f64 {
            let Some(&(first_x, first_y)) = curve.first() else {
                return 0.0;
            };
            if x <= first_x {
                return first_y;
            }
            for pair in curve.windows(2) {
                let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                if x <= x1 {
                    return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
                }
            }
            curve.last().map_or(0.0, |p| p.1)
        }
        let mut state = 0x5851_f42d_4c95_7f2d_u64;
        for _ in 0..20_000 {
            let len = (xorshift(&mut state) % 9) as usize;
            let mut curve = Vec::new();
            let (mut at, mut points) = (xorshift(&mut state) % 5, 0);
            for _ in 0..len {
                at += 1 + xorshift(&mut state) % 6;
                points += xorshift(&mut state) % 30;
                curve.push((at as f64 / 2.0, points as f64 / 3.0));
            }
            let x = match xorshift(&mut state) % 4 {
                0 => curve
                    .get(xorshift(&mut state) as usize % len.max(1))
                    .map_or(0.0, |p| p.0),
                1 => f64::NAN,
                _ => (xorshift(&mut state) % 800) as f64 / 20.0 - 2.0,
            };
            let (got, want) = (curve_points(&curve, x), stopping(&curve, x));
            assert_eq!(got.to_bits(), want.to_bits(), "{curve:?} at {x}");

            let options: Vec<crate::rubric::ChoiceOption> = (0..len * 2)
                .map(|i| crate::rubric::ChoiceOption {
                    id: i.to_string(),
                    label: String::new(),
                    points: match xorshift(&mut state) % 3 {
                        0 => 0.0,
                        1 => (xorshift(&mut state) % 1000) as f64 / 10.0,
                        _ => f64::from_bits(xorshift(&mut state) >> 12) * 1e300,
                    },
                })
                .collect();
            let mut chosen = crate::answers::Chosen::default();
            for i in 0..options.len() {
                if xorshift(&mut state) % 2 == 0 {
                    chosen.insert(i);
                }
            }
            let want = (chosen.iter())
                .map(|i| options[i].points)
                .sum::<f64>()
                .min(MAX_POINTS);
            let question = Question {
                id: "q".into(),
                dimension: 0,
                prompt: String::new(),
                help: String::new(),
                weight: 1.0,
                kind: QuestionKind::Multi { options },
            };
            let got = question_points(&question, &AnswerValue::Multi(chosen));
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
                "{:?} {chosen:?}",
                question.kind
            );
        }
    }

    #[test]
    fn rounding_matches_the_standard_library() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut samples = vec![
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.0,
            4.5e15,
            f64::NAN,
        ];
        samples.extend([
            f64::INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
            1e-300,
            12.45 * 10.0,
        ]);
        for _ in 0..20_000 {
            // Any bits, so any sign, exponent and fraction.
            let x = xorshift(&mut state);
            samples.push(f64::from_bits(x));
            samples.push((x % 2_000_001) as f64 / 20.0 - 50_000.0);
        }
        for v in samples {
            let (got, want) = (round_half_away(v), v.round());
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "{v}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn scale_spreads_evenly() {
        let got: Vec<f64> = (1..=5).map(|v| scale_points(v, 5)).collect();
        assert_eq!(got, [0.0, 25.0, 50.0, 75.0, 100.0]);
    }

    /// Rounding once per list finds what rounding every threshold did.
    #[test]
    fn borderline_rounds_once_as_if_it_rounded_each_threshold() {
        fn each_rounded(
            margin: f64,
            level: &[ThresholdCheck],
            next: &[ThresholdCheck],
        ) -> Borderline {
            let largest = next
                .iter()
                .map(ThresholdCheck::shortfall)
                .fold(0.0, f64::max);
            Borderline {
                near_next: (!next.is_empty() && largest <= margin).then_some(largest),
                just_over: level
                    .iter()
                    .map(|c| (c.target, round1(c.have - c.need)))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .filter(|(_, room)| *room <= margin),
            }
        }
        // Tenths, and now and then a hair off them, to make ties and values
        // that round to the same tenth.
        fn value(state: &mut u64, spread: u64) -> f64 {
            let x = xorshift(state);
            (x % spread) as f64 / 10.0 + [0.0, 0.04, -0.04, 1e-9][(x >> 40) as usize % 4]
        }
        fn checks(state: &mut u64) -> Vec<ThresholdCheck> {
            (0..xorshift(state) % 6)
                .map(|d| ThresholdCheck {
                    target: match d {
                        0 => Target::Overall,
                        d => Target::Dimension(d as usize),
                    },
                    need: value(state, 60),
                    have: value(state, 60),
                })
                .collect()
        }
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            let (level, next) = (checks(&mut state), checks(&mut state));
            let margin = value(&mut state, 50);
            assert_eq!(
                borderline(margin, &level, &next),
                each_rounded(margin, &level, &next),
                "{level:?} {next:?} {margin}"
            );
        }
    }

    /// A batch's scorer scores as `assess` does, bit for bit (`{:?}`
    /// tells -0.0 from 0.0): generated people, every few answer of every
    /// question, numbers with and without a slot (half steps, tenths, past
    /// 100, between tenths), unanswered questions, on three rubrics.
    #[test]
    fn a_batch_s_scorer_scores_what_assess_scores() {
        let numbers = (0..=260).map(|h| f64::from(h) * 0.5);
        let numbers: Vec<f64> = (numbers.chain([0.1, 2.3, 7.7, 99.9, 99.95, 0.05, 1e6])).collect();
        let mut compared = 0;
        for rubric in crate::rubric::test_rubrics() {
            let scorer = Scorer::new(rubric);
            let mut into = Assessment::default();
            let mut same = |answers: &Answers| {
                scorer.assess_into(answers, &mut into);
                let afresh = assess(rubric, answers);
                assert_eq!(format!("{into:?}"), format!("{afresh:?}"));
                compared += 1;
            };
            for line in crate::generate::lines(rubric, 20, 11) {
                let mut answers = Answers::scan_plain(line.as_bytes(), rubric).unwrap();
                same(&answers);
                for (q, question) in rubric.questions.iter().enumerate() {
                    let kept = answers.values[q].take();
                    same(&answers);
                    let values = match question.kind {
                        QuestionKind::Number { .. } => {
                            numbers.iter().map(|&x| AnswerValue::Number(x)).collect()
                        }
                        ref kind => few_answers(kind),
                    };
                    for value in values {
                        answers.values[q] = Some(crate::answers::Answer::plain(value));
                        same(&answers);
                    }
                    answers.values[q] = kept;
                }
            }
        }
        assert!(compared > 20_000, "{compared}");
    }

    #[test]
    fn the_level_with_changes_is_the_level_of_the_changed_points() {
        let mut compared = 0;
        for rubric in crate::rubric::test_rubrics() {
            // Every dimension scored afresh.
            let level_of = |points: &[f64]| {
                let (mut raw, mut rounded) = (DimensionScores::new(), DimensionScores::new());
                let overall = scores_into(rubric, points, &mut raw, &mut rounded);
                matched_level(rubric, &rounded, overall)
            };
            for line in crate::generate::lines(rubric, 12, 5) {
                let answers = Answers::scan_plain(line.as_bytes(), rubric).unwrap();
                let a = assess(rubric, &answers);
                // Each question, and with it the next (often of another
                // dimension), to points in steps of 0.1: some dimension
                // and overall scores land just below a threshold and meet
                // it only once rounded.
                for q in 0..rubric.questions.len() {
                    let pair = (q + 1) % rubric.questions.len();
                    for tenths in 0..=1000 {
                        let to = f64::from(tenths) / 10.0;
                        let mut points = a.points.clone();
                        points[q] = to;
                        let alone = level_with_changes(rubric, &a, [(q, to)]);
                        assert_eq!(alone, level_of(&points), "{q} {to}");
                        points[pair] = MAX_POINTS - to;
                        let changes = [(q, to), (pair, MAX_POINTS - to)];
                        let both = level_with_changes(rubric, &a, changes);
                        assert_eq!(both, level_of(&points), "{q} {to}");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 100_000, "{compared}");
    }

    #[test]
    fn borderline_near_next_and_just_over() {
        let c = |need, have| ThresholdCheck {
            target: Target::Overall,
            need,
            have,
        };
        let b = borderline(3.0, &[c(50.0, 51.0)], &[c(70.0, 60.0)]);
        assert_eq!(b.near_next, None);
        assert_eq!(b.just_over, Some((Target::Overall, 1.0)));
        let b = borderline(3.0, &[c(50.0, 67.5)], &[c(70.0, 67.5)]);
        assert_eq!(b.near_next, Some(2.5));
        assert_eq!(b.just_over, None);
    }
}
