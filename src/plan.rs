//! The growth plan: why this level, the shortest path to the next one, the
//! gaps ordered by how much closing each would move the person, and the
//! rubric's actions grouped by growth habit.
//!
//! Pure: rubric + answers + assessment in, plan out; no printing.
//!
//! The shortest path is exact. A "step" moves one question one rung up its
//! ladder (the next scale point, the next option, the next curve breakpoint,
//! or one more multi option, best first). Within a dimension, the most score
//! reachable with `b` steps is a group knapsack over its questions; across
//! dimensions, a second knapsack finds the fewest steps that meet every floor
//! of the next level and its overall minimum. Both tables are as small as the
//! rubric's total number of rungs, so this costs microseconds.

use arrayvec::ArrayVec;
use std::borrow::Cow;

use crate::answers::{
    AnswerValue, Answers, Chosen, FewKind, NumberSlots, few_answers, push_description,
};
use crate::decimal::{self, Style};
use crate::lang::{Template, Words, fill_with};
use crate::rubric::{
    Habit, MAX_DIMENSIONS, MAX_OPTIONS, MAX_QUESTIONS, QuestionKind, Rubric, Target,
};
use crate::scoring::{Assessment, MAX_POINTS, ThresholdCheck, level_with_changes, question_points};
use crate::second_use::SecondUse;

/// How many weakest questions a gap lists.
const WEAKEST_PER_GAP: usize = 2;
/// How many actions a gap lists.
const ACTIONS_PER_GAP: usize = 3;
/// The most actions a plan lists: a gap per threshold at most (a level's
/// overall minimum and a floor per dimension), each with its few actions.
pub const PLAN_ACTIONS: usize = (MAX_DIMENSIONS + 1) * ACTIONS_PER_GAP;

/// One rung up a question's ladder: an answer and the points it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Rung<'a> {
    /// The answer at this rung.
    pub value: AnswerValue,
    /// Points it gives.
    pub points: f64,
    /// What the answer means in practice: the anchor, the option label, or
    /// for a multi question the option this rung adds (the rubric's own
    /// text, borrowed; a number's is written).
    pub label: Cow<'a, str>,
}

/// A change to one answer on the shortest path.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<'a> {
    /// The question, by index.
    pub question: usize,
    /// The answer now.
    pub from: Option<AnswerValue>,
    /// The answer to reach.
    pub to: AnswerValue,
    /// How many rungs up that is.
    pub steps: usize,
    /// Points now and then.
    pub points: (f64, f64),
    /// What the new answer means in practice (see [`Rung::label`]).
    pub label: Cow<'a, str>,
}

/// The fewest answer changes that reach the next level.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortestPath<'a> {
    /// The changes, in rubric question order.
    pub changes: Vec<Change<'a>>,
    /// Total rungs climbed.
    pub steps: usize,
    /// The level these answers would match (checked by scoring them).
    pub reaches: usize,
}

/// A weak question and the next rung up from the current answer.
#[derive(Debug, Clone, PartialEq)]
pub struct WeakQuestion<'a> {
    /// The question, by index.
    pub question: usize,
    /// Its points now.
    pub points: f64,
    /// The next answer up, if there is one.
    pub next: Option<Rung<'a>>,
}

/// A threshold to close (or, at the top level, a dimension to widen).
#[derive(Debug, Clone, PartialEq)]
pub struct Gap<'a> {
    /// What the gap is on.
    pub target: Target,
    /// The score now.
    pub have: f64,
    /// The score needed; `None` at the top level, where gaps are headroom.
    pub need: Option<f64>,
    /// Overall points gained by closing it.
    pub impact: f64,
    /// The weakest questions behind it.
    pub weakest: ArrayVec<WeakQuestion<'a>, { WEAKEST_PER_GAP + 1 }>,
    /// Actions for it, by index into the rubric's actions.
    pub actions: ArrayVec<usize, ACTIONS_PER_GAP>,
}

/// Actions under one growth habit.
#[derive(Debug, Clone, PartialEq)]
pub struct HabitActions {
    /// The habit.
    pub habit: Habit,
    /// Actions, by index into the rubric's actions, soonest first.
    pub actions: ArrayVec<usize, PLAN_ACTIONS>,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GrowthPlan<'a> {
    /// The level the plan aims at (`None` at the top).
    pub target: Option<usize>,
    /// A plain trace of why this level and not the next.
    pub why: String,
    /// The fewest changes to reach the target.
    pub shortest_path: Option<ShortestPath<'a>>,
    /// Gaps, biggest effect first.
    pub gaps: Vec<Gap<'a>>,
    /// The gaps' actions grouped by habit, most useful habit first.
    pub habits: Vec<HabitActions>,
}

/// Builds the growth plan for an assessment (see [`Planner`] for many).
pub fn growth_plan<'a>(
    rubric: &'a Rubric,
    answers: &Answers,
    assessment: &Assessment,
) -> GrowthPlan<'a> {
    Planner::new(rubric).plan(answers, assessment)
}

/// A rubric with what its plans need of it alone worked out once: every
/// question's rungs from the bottom of its ladder with their points, the
/// weights the ladders' gains need, the order actions are taken in, and
/// the `why`'s fixed texts. A batch plans for person after person against
/// one rubric; working the rungs out again for each person was a sixth of
/// a plan's cost.
#[derive(Debug)]
pub struct Planner<'a> {
    rubric: &'a Rubric,
    /// Every question's rungs, back to back: a number's curve breakpoints
    /// and its maximum, every scale point, every choice option; for a multi
    /// question its options best first, whose value and points depend on
    /// what is chosen already (only `text`, the option, is set).
    rungs: Vec<Step>,
    /// Where each question's rungs start in `rungs`, and after the last
    /// question where its rungs end.
    offsets: Vec<usize>,
    /// Each question's share of its dimension: its weight over its
    /// dimension's question weights summed ([`Rubric::questions_weight`]).
    shares: Vec<f64>,
    /// Per question, what its potential in a gap is worked out from: its
    /// weight, its dimension's question weights summed and its
    /// dimension's weight (side by side: looked up in the rubric, they were
    /// three records to read per question per gap).
    potentials: Vec<(f64, f64, f64)>,
    /// Each dimension's share of the overall score: its weight over all
    /// dimensions' ([`Rubric::total_weight`]).
    overall_shares: Vec<f64>,
    /// The templates the `why` is written from.
    why: WhyTemplates,
    /// Per level, per threshold (in [`Level::thresholds`] order, the order
    /// scoring checks them in): the fixed parts of the `why`'s
    /// `target have ≥ need` and `target have < need`.
    ///
    /// [`Level::thresholds`]: crate::rubric::Level::thresholds
    check_texts: Vec<Vec<CheckText>>,
    /// Per level, the unrounded scores that meet its thresholds: the fewest
    /// steps search compares against them in every round (each took a call
    /// to `ceil`).
    raw_needs: Vec<RawNeeds>,
    /// The rubric's actions in the order a gap takes them: question-specific
    /// first, then those for a level, then general ones; the soonest first
    /// within each kind, then in rubric order. A gap takes the first few that
    /// fit it, instead of ranking every action for every gap.
    actions_in_order: Vec<usize>,
    /// Per level, then per dimension, back to back: those of
    /// `actions_in_order` on the dimension and for that level or none,
    /// which are all a gap on the dimension looks at (a fraction of them).
    dimension_actions: Vec<usize>,
    /// Where each level's and dimension's actions start in
    /// `dimension_actions` (at `level * dimensions + dimension`), and
    /// after the last where they end.
    dimension_action_offsets: Vec<usize>,
    /// What it works out beforehand, when its second plan begins (a
    /// single plan would pay for it for nothing: it doubles the cost of a
    /// planner).
    prepared: SecondUse<Prepared>,
}

/// What a planner works out beforehand once it plans for more than one
/// person: every answer's ladder, and each level's `why` for its own
/// thresholds. Plans are the same with or without it.
#[derive(Debug)]
struct Prepared {
    answer_ladders: AnswerLadders,
    /// Per level, its `why` up to the weakest answers, around the person's
    /// values.
    why_heads: Vec<WhyHead>,
}

impl Prepared {
    fn new(planner: &Planner) -> Self {
        Prepared {
            answer_ladders: AnswerLadders::new(planner),
            why_heads: (0..planner.rubric.levels.len())
                .map(|level| WhyHead::new(planner, level))
                .collect(),
        }
    }
}

impl<'a> Planner<'a> {
    /// Works out what the rubric's plans share.
    pub fn new(rubric: &'a Rubric) -> Self {
        let (mut rungs, mut offsets) = (Vec::new(), vec![0]);
        for question in &rubric.questions {
            let step = |value: AnswerValue| Step {
                points: question_points(question, &value),
                value,
                text: 0,
            };
            match &question.kind {
                QuestionKind::Number { max, curve, .. } => rungs.extend(
                    (curve.iter().map(|&(bx, _)| bx.min(*max)))
                        .chain([*max])
                        .map(|bx| step(AnswerValue::Number(bx))),
                ),
                QuestionKind::Scale { anchors } => {
                    rungs.extend((1..=anchors.len()).map(|s| step(AnswerValue::Scale(s as u8))))
                }
                QuestionKind::Choice { options } => {
                    rungs.extend((0..options.len()).map(|i| step(AnswerValue::Choice(i))));
                }
                QuestionKind::Multi { options } => {
                    let mut best_first: ArrayVec<usize, MAX_OPTIONS> = (0..options.len()).collect();
                    best_first.sort_by(|&a, &b| options[b].points.total_cmp(&options[a].points));
                    rungs.extend(best_first.into_iter().map(|i| Step {
                        value: AnswerValue::Multi(Chosen::none()),
                        points: 0.0,
                        text: i,
                    }));
                }
            }
            offsets.push(rungs.len());
        }
        let dimension_weights: Vec<f64> = (0..rubric.dimensions.len())
            .map(|d| rubric.questions_weight(d))
            .collect();
        let shares = (rubric.questions.iter())
            .map(|q| q.weight / dimension_weights[q.dimension])
            .collect();
        let potentials = (rubric.questions.iter())
            .map(|q| {
                let d = q.dimension;
                (q.weight, dimension_weights[d], rubric.dimensions[d].weight)
            })
            .collect();
        let total = rubric.total_weight();
        let overall_shares = (rubric.dimensions.iter())
            .map(|d| d.weight / total)
            .collect();
        let mut actions_in_order: Vec<usize> = (0..rubric.actions.len()).collect();
        actions_in_order.sort_by_key(|&i| {
            let a = &rubric.actions[i];
            (a.question.is_none(), a.level.is_none(), a.timeframe, i)
        });
        let (mut dimension_actions, mut dimension_action_offsets) = (Vec::new(), vec![0]);
        for level in 0..rubric.levels.len() {
            for d in 0..rubric.dimensions.len() {
                let fits = |&&i: &&usize| {
                    let a = &rubric.actions[i];
                    a.dimension == d && a.level.is_none_or(|l| l == level)
                };
                dimension_actions.extend(actions_in_order.iter().filter(fits));
                dimension_action_offsets.push(dimension_actions.len());
            }
        }
        Planner {
            rubric,
            why: WhyTemplates::new(rubric.words()),
            check_texts: (rubric.levels.iter())
                .map(|l| l.thresholds().map(|t| CheckText::new(rubric, t)).collect())
                .collect(),
            raw_needs: rubric.levels.iter().map(RawNeeds::new).collect(),
            rungs,
            offsets,
            shares,
            potentials,
            overall_shares,
            actions_in_order,
            dimension_actions,
            dimension_action_offsets,
            prepared: SecondUse::new(),
        }
    }

    /// What is worked out beforehand, from the second plan on. Once it is,
    /// plans only read: threads planning at once share it untouched.
    fn prepared(&self) -> Option<&Prepared> {
        self.prepared.use_once(|| Prepared::new(self))
    }

    /// Question `q`'s rungs from the bottom.
    fn rungs(&self, q: usize) -> &[Step] {
        &self.rungs[span(&self.offsets, q)]
    }

    /// Builds the growth plan for an assessment.
    pub fn plan(&self, answers: &Answers, assessment: &Assessment) -> GrowthPlan<'a> {
        let mut plan = GrowthPlan::default();
        self.plan_into(answers, assessment, &mut plan);
        plan
    }

    /// [`Planner::plan`] into a plan the caller holds, whose lists and
    /// text are reused: a batch plans for person after person, and fresh
    /// ones were most of a plan's allocations.
    pub fn plan_into(&self, answers: &Answers, assessment: &Assessment, plan: &mut GrowthPlan<'a>) {
        thread_local! {
            /// Kept per thread: a batch plans for person after person.
            static WORKED_OUT: std::cell::RefCell<WorkedOut> = std::cell::RefCell::default();
        }
        let rubric = self.rubric;
        WORKED_OUT.with_borrow_mut(|worked_out| {
            let prepared = self.prepared();
            let mut ladders = Ladders::new();
            ladders.fill((self, prepared), answers, &assessment.points, worked_out);
            let ladders = &ladders;
            plan.target = assessment.next;
            gaps_into(self, assessment, ladders, &mut plan.gaps);
            why_into((self, prepared), answers, assessment, &mut plan.why);
            let changes = (plan.shortest_path.take()).map_or_else(Vec::new, |p| p.changes);
            plan.shortest_path = assessment.next.and_then(|t| {
                shortest_path(self, assessment, ladders, t, |steps| {
                    path_of(rubric, (answers, assessment, ladders), steps, changes)
                })
            });
            habits_into(rubric, &plan.gaps, &mut plan.habits);
        })
    }
}

/// A level's thresholds as the least unrounded scores that meet them
/// ([`raw_threshold`]: scores are rounded before they are compared).
///
/// [`raw_threshold`]: crate::rubric::raw_threshold
#[derive(Debug, Clone)]
struct RawNeeds {
    /// Per dimension; minus infinity where the level sets no floor.
    floors: Vec<f64>,
    overall: f64,
}

impl RawNeeds {
    fn new(level: &crate::rubric::Level) -> Self {
        let raw = crate::rubric::raw_threshold;
        RawNeeds {
            floors: (level.floors.iter())
                .map(|floor| floor.map_or(f64::NEG_INFINITY, raw))
                .collect(),
            overall: raw(level.min_overall),
        }
    }
}

/// Where list `q` is among lists kept back to back, given where each
/// starts and where the last ends (two loads: the search asks for spans in
/// its inner loops).
fn span(offsets: &[usize], q: usize) -> std::ops::Range<usize> {
    offsets[q]..offsets[q + 1]
}

/// Every question's rungs up from its answer, and what each adds to its
/// dimension's score. Those worked out beforehand are borrowed where they
/// are kept, not copied (a copy per question per person was a few percent
/// of a full result).
struct Ladders<'l> {
    /// Per question, its rungs up and what each adds.
    rungs: ArrayVec<(&'l [Step], &'l [f64]), MAX_QUESTIONS>,
    /// Per dimension, in its question order, the questions with a rung
    /// left: what the search walks, round after round, without looking up
    /// each question's rungs or passing over those with none.
    climbable: ArrayVec<Climbable<'l>, MAX_QUESTIONS>,
    /// Where each dimension's questions start in `climbable`, and after the
    /// last dimension where they end.
    climbable_offsets: ArrayVec<usize, { MAX_DIMENSIONS + 1 }>,
}

/// Rungs worked out for a person (where none were beforehand), kept per
/// thread so their lists are reused.
#[derive(Default)]
struct WorkedOut {
    steps: Vec<Step>,
    gains: Vec<f64>,
}

/// A question with rungs left: its rungs and what each adds.
#[derive(Clone, Copy)]
struct Climbable<'l> {
    question: usize,
    steps: &'l [Step],
    all_gains: &'l [f64],
}

impl<'l> Climbable<'l> {
    /// What its rungs add to its dimension, lowest first, cut to `cap`.
    fn gains(&self, cap: usize) -> &'l [f64] {
        &self.all_gains[..self.all_gains.len().min(cap)]
    }

    /// How many rungs it has.
    fn rungs(&self) -> usize {
        self.all_gains.len()
    }
}

/// Every scale and choice answer's rungs up and what each adds to its
/// dimension, and every multi answer's where the options are few
/// ([`Chosen::every_few`]): they depend on the answer alone (a scale has
/// five, a choice a handful, a multi question of 6 options 64), so a plan
/// borrows them rather than working them out per person.
#[derive(Debug, Clone, Default)]
struct AnswerLadders {
    steps: Vec<Step>,
    /// What each rung adds to its dimension's score, beside `steps`.
    gains: Vec<f64>,
    /// Per answer, the points it gives and where its rungs start and end.
    answers: Vec<(f64, usize, usize)>,
    /// Where each question's answers start in `answers` (none answered
    /// first, then each scale point, option or set of options by its bits;
    /// no entry for number questions and multi questions of many options),
    /// and after the last question where they end.
    offsets: Vec<usize>,
    /// Number answers' ladders, worked out the first time an answer needs
    /// one (most numbers never occur).
    numbers: NumberSlots<NumberLadder>,
    /// Per question, what finding an answer among its few needs.
    kinds: Vec<FewKind>,
}

/// A number answer's rungs up, what each adds, and the points it gives.
#[derive(Debug, Clone)]
struct NumberLadder {
    now: f64,
    steps: Box<[Step]>,
    gains: Box<[f64]>,
}

impl AnswerLadders {
    fn new(planner: &Planner) -> Self {
        let mut ladders = AnswerLadders {
            offsets: vec![0],
            numbers: NumberSlots::new(planner.rubric),
            kinds: FewKind::of_each(planner.rubric),
            ..AnswerLadders::default()
        };
        for (q, question) in planner.rubric.questions.iter().enumerate() {
            let answers = few_answers(&question.kind);
            if !answers.is_empty() {
                let unanswered = std::iter::once(None);
                for current in unanswered.chain(answers.iter().map(Some)) {
                    let now = current.map_or(0.0, |v| question_points(question, v));
                    let at = ladders.steps.len();
                    let into = (&mut ladders.steps, &mut ladders.gains);
                    ladder_up(planner, q, (current, now), into);
                    ladders.answers.push((now, at, ladders.steps.len()));
                }
            }
            ladders.offsets.push(ladders.answers.len());
        }
        ladders
    }

    /// Question `q`'s rungs up from `current` and their gains, if worked
    /// out beforehand (or, for a number, when first needed: `planner` works
    /// it out) for an answer giving `now` points (as scoring gives).
    fn get(
        &self,
        planner: &Planner,
        q: usize,
        current: Option<&AnswerValue>,
        now: f64,
    ) -> Option<(&[Step], &[f64])> {
        // Unanswered first, then each few answer.
        let answer = match current {
            None => 0,
            Some(&AnswerValue::Number(x)) => {
                let ladder = self.numbers.get_or_init(q, x, || {
                    let value = AnswerValue::Number(x);
                    let now = question_points(&planner.rubric.questions[q], &value);
                    let (mut steps, mut gains) = (Vec::new(), Vec::new());
                    ladder_up(planner, q, (Some(&value), now), (&mut steps, &mut gains));
                    let (steps, gains) = (steps.into_boxed_slice(), gains.into_boxed_slice());
                    NumberLadder { now, steps, gains }
                })?;
                let (steps, gains) = (&ladder.steps[..], &ladder.gains[..]);
                return (ladder.now.to_bits() == now.to_bits()).then_some((steps, gains));
            }
            Some(value) => self.kinds.get(q)?.index(value)? + 1,
        };
        // None worked out (a single plan's planner): no offsets.
        let (&first, &after) = (self.offsets.get(q)?, self.offsets.get(q + 1)?);
        let &(points, at, end) = self.answers[first..after].get(answer)?;
        (points.to_bits() == now.to_bits()).then(|| (&self.steps[at..end], &self.gains[at..end]))
    }
}

impl<'l> Ladders<'l> {
    /// No ladders yet: [`Ladders::fill`] fills them where they are kept
    /// (returned by value, their inline lists, 7 KB, were copied whole).
    fn new() -> Self {
        Ladders {
            rungs: ArrayVec::new(),
            climbable: ArrayVec::new(),
            climbable_offsets: ArrayVec::new(),
        }
    }

    /// Every question's ladder up from its answer, which gives `points`:
    /// borrowed from `prepared` where it has them, else worked out into
    /// `worked_out`.
    fn fill(
        &mut self,
        (planner, prepared): (&Planner, Option<&'l Prepared>),
        answers: &Answers,
        points: &[f64],
        worked_out: &'l mut WorkedOut,
    ) {
        worked_out.steps.clear();
        worked_out.gains.clear();
        // Where each question's rungs are: borrowed, or (`None`) the
        // range worked out, borrowed once all are.
        let mut found: ArrayVec<Option<(&'l [Step], &'l [f64])>, MAX_QUESTIONS> = ArrayVec::new();
        let mut ends: ArrayVec<(usize, usize), MAX_QUESTIONS> = ArrayVec::new();
        for (q, &now) in points.iter().enumerate() {
            let current = answers.values[q].as_ref().map(|a| &a.value);
            let beforehand = prepared.and_then(|p| p.answer_ladders.get(planner, q, current, now));
            let at = worked_out.steps.len();
            if beforehand.is_none() {
                let into = (&mut worked_out.steps, &mut worked_out.gains);
                ladder_up(planner, q, (current, now), into);
            }
            found.push(beforehand);
            ends.push((at, worked_out.steps.len()));
        }
        let worked_out: &'l WorkedOut = worked_out;
        self.rungs.clear();
        for (beforehand, &(at, end)) in found.iter().zip(&ends) {
            let rungs = (&worked_out.steps[at..end], &worked_out.gains[at..end]);
            self.rungs.push(beforehand.unwrap_or(rungs));
        }
        self.climbable.clear();
        self.climbable_offsets.clear();
        self.climbable_offsets.push(0);
        for dimension in &planner.rubric.dimensions {
            for &question in &dimension.questions {
                let (steps, all_gains) = self.rungs[question];
                if !steps.is_empty() {
                    self.climbable.push(Climbable {
                        question,
                        steps,
                        all_gains,
                    });
                }
            }
            self.climbable_offsets.push(self.climbable.len());
        }
    }

    /// Dimension `d`'s questions with rungs left, in its question order.
    fn climbable(&self, d: usize) -> &[Climbable<'l>] {
        &self.climbable[span(&self.climbable_offsets, d)]
    }

    /// The most rungs any question has.
    fn tallest(&self) -> usize {
        (self.climbable.iter())
            .map(Climbable::rungs)
            .max()
            .unwrap_or(0)
    }

    /// All rungs, each ladder cut to `cap`.
    fn rungs_within(&self, cap: usize) -> usize {
        (self.climbable.iter()).map(|c| c.rungs().min(cap)).sum()
    }
}

impl std::ops::Index<usize> for Ladders<'_> {
    type Output = [Step];

    /// Question `q`'s rungs, lowest first.
    fn index(&self, q: usize) -> &[Step] {
        self.rungs[q].0
    }
}

/// Every rung above the current answer, lowest first; each gives more points
/// than the one before.
pub fn ladder<'a>(rubric: &'a Rubric, q: usize, current: Option<&AnswerValue>) -> Vec<Rung<'a>> {
    let mut steps = Vec::new();
    let now = current.map_or(0.0, |v| question_points(&rubric.questions[q], v));
    steps_up(&Planner::new(rubric), q, (current, now), &mut steps);
    steps
        .into_iter()
        .map(|step| labelled(rubric, q, step))
        .collect()
}

/// A rung before its label is written: the search climbs many rungs, and
/// only the few a plan shows need their text.
#[derive(Debug, Clone, Copy)]
struct Step {
    value: AnswerValue,
    points: f64,
    /// For a multi rung, the option it adds, whose label labels it (its
    /// value, the options chosen by then, does not say which); unused
    /// otherwise.
    text: usize,
}

fn labelled(rubric: &Rubric, q: usize, step: Step) -> Rung<'_> {
    let label = match &rubric.questions[q].kind {
        QuestionKind::Number { .. } => {
            // Described straight into the label: one text, not two.
            let reach = rubric.words().reach;
            let mut label = String::with_capacity(reach.len() + 24);
            fill_with(&mut label, reach, |out, name| {
                (name == "value").then(|| push_description(out, rubric, q, &step.value))
            });
            Cow::Owned(label)
        }
        QuestionKind::Multi { options } => Cow::Borrowed(options[step.text].label.as_str()),
        QuestionKind::Scale { .. } | QuestionKind::Choice { .. } => {
            Cow::Borrowed(rung_label(rubric, q, &step.value).unwrap_or_default())
        }
    };
    Rung {
        value: step.value,
        points: step.points,
        label,
    }
}

/// The label of a rung up to a scale point or a choice option: its anchor
/// or its option's label (`None` for other questions, whose rungs' labels
/// are written or depend on the rung before).
pub fn rung_label<'a>(rubric: &'a Rubric, q: usize, value: &AnswerValue) -> Option<&'a str> {
    match (&rubric.questions[q].kind, value) {
        (QuestionKind::Scale { anchors }, AnswerValue::Scale(s)) => anchors
            .get(usize::from(*s).checked_sub(1)?)
            .map(String::as_str),
        (QuestionKind::Choice { options }, AnswerValue::Choice(i)) => {
            options.get(*i).map(|o| o.label.as_str())
        }
        _ => None,
    }
}

/// [`steps_up`] to `steps`, and beside them in `gains` what each rung adds
/// to the question's dimension score.
fn ladder_up(
    planner: &Planner,
    q: usize,
    (current, now): (Option<&AnswerValue>, f64),
    (steps, gains): (&mut Vec<Step>, &mut Vec<f64>),
) {
    let at = steps.len();
    steps_up(planner, q, (current, now), steps);
    let share = planner.shares[q];
    gains.extend(steps[at..].iter().map(|rung| (rung.points - now) * share));
}

/// Appends question `q`'s rungs up from `current`, which gives `now`
/// points, to `out`: the planner's rungs above the answer.
fn steps_up(
    planner: &Planner,
    q: usize,
    (current, now): (Option<&AnswerValue>, f64),
    out: &mut Vec<Step>,
) {
    let question = &planner.rubric.questions[q];
    let all = planner.rungs(q);
    let start = out.len();
    let above = |from: usize| all.get(from..).unwrap_or_default();
    match (&question.kind, current) {
        (QuestionKind::Number { .. }, current) => {
            let x = match current {
                Some(AnswerValue::Number(x)) => *x,
                _ => f64::NEG_INFINITY,
            };
            // The rungs rise (the validator makes a curve's values rise), so
            // those above the answer are the last ones.
            let below = all
                .partition_point(|rung| !matches!(rung.value, AnswerValue::Number(bx) if bx > x));
            out.extend_from_slice(&all[below..]);
        }
        (QuestionKind::Scale { .. }, current) => out.extend_from_slice(above(match current {
            Some(AnswerValue::Scale(s)) => *s as usize,
            _ => 0,
        })),
        (QuestionKind::Choice { .. }, current) => out.extend_from_slice(above(match current {
            Some(AnswerValue::Choice(i)) => i + 1,
            _ => 0,
        })),
        (QuestionKind::Multi { .. }, current) => {
            let mut chosen = match current {
                Some(AnswerValue::Multi(list)) => *list,
                _ => Chosen::none(),
            };
            // The options not chosen yet, best first, added one by one.
            let rest = all
                .iter()
                .map(|rung| rung.text)
                .filter(|&i| !chosen.contains(i));
            let rest: ArrayVec<usize, MAX_OPTIONS> = rest.collect();
            out.extend(rest.into_iter().map(|i| {
                chosen.insert(i);
                let value = AnswerValue::Multi(chosen);
                Step {
                    points: question_points(question, &value),
                    value,
                    text: i,
                }
            }));
        }
    }
    // Keep only rungs that gain: a step that adds nothing is not a step up.
    let (mut best, mut kept) = (now, start);
    for i in start..out.len() {
        let points = out[i].points;
        let gains = points > best + 1e-9;
        best = best.max(points);
        if gains && points <= MAX_POINTS + 1e-9 {
            out.swap(kept, i);
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// The search's tables, kept from round to round: the spread search runs
/// the fewest-steps search a few times per person, and allocating its tables
/// each time cost as much as filling them.
#[derive(Default)]
struct Tables {
    /// Per dimension, for each budget `b` up to its width: the most
    /// dimension score that `b` steps can add. Dimension `d`'s row starts at
    /// `rows[d].0` and is `rows[d].1` wide.
    gain: Vec<f64>,
    /// Per dimension, then per question `i` of those with rungs left
    /// ([`Ladders::climbable`]), then per budget `b`: the steps given to
    /// the `i`th when `b` steps are spread over the first `i + 1` (starting
    /// at `rows[d].2`). Only grown: every entry a round reads, it writes
    /// first, so a round zeroes nothing.
    choices: Vec<u8>,
    rows: Vec<(usize, usize, usize)>,
    /// A dimension's row scaled to its share of the overall score.
    row: Vec<f64>,
    /// Across dimensions: the best overall for each total budget, and per
    /// dimension how much of each budget went to it (starting at
    /// `pick_rows[d]`, as wide as the budgets so far; only grown, like
    /// `choices`: a budget a path uses was reached, so its pick written).
    best: Vec<f64>,
    best_next: Vec<f64>,
    picks: Vec<usize>,
    pick_rows: Vec<(usize, usize)>,
    /// The path the last search found: per question climbed, in question
    /// order, how many rungs. Kept like the tables (a list per search was
    /// an allocation and a half per person).
    path: Vec<(usize, usize)>,
    /// The path of the search over whole ladders, while the spread search
    /// looks for a path as short on cut ones.
    whole_path: Vec<(usize, usize)>,
}

impl Tables {
    /// Fills dimension `d`'s table for budgets up to `limit`.
    fn add_dimension(&mut self, d: usize, ladders: &Ladders, (cap, limit): (usize, usize)) {
        let climbable = ladders.climbable(d);
        let budget: usize = climbable.iter().map(|c| c.rungs().min(cap)).sum();
        let width = budget.min(limit) + 1;
        let gain_at = self.gain.len();
        self.gain.resize(gain_at + width, 0.0);
        let choices_at = self.rows.last().map_or(0, |&(_, w, at)| {
            at + w * ladders.climbable(self.rows.len() - 1).len()
        });
        grow(&mut self.choices, choices_at + climbable.len() * width);
        // A question with no rung left would change no entry: only those
        // with rungs take part.
        for (i, c) in climbable.iter().enumerate() {
            let gains = c.gains(cap);
            let pick = &mut self.choices[choices_at + i * width..choices_at + (i + 1) * width];
            // In place, highest budget first: entry `b` reads only entries
            // below it, which still hold the previous question's row.
            pick[0] = 0;
            add_question(&mut self.gain[gain_at..gain_at + width], pick, gains);
        }
        self.rows.push((gain_at, width, choices_at));
    }

    /// Steps per question of dimension `d` for a budget, walking its
    /// choices back.
    fn steps(&self, d: usize, budget: usize, ladders: &Ladders, out: &mut Vec<(usize, usize)>) {
        let (_, width, choices_at) = self.rows[d];
        let choice = |i: usize, b: usize| self.choices[choices_at + i * width + b];
        climb_back(ladders.climbable(d), budget, choice, out);
    }
}

/// The rungs a dimension's `budget` steps climb, question by question,
/// into `out`: walking its questions back from the last, each takes what
/// its table says (`choice(i, b)`: how many of `b` steps the `i`th
/// question takes), and the rest of the budget goes to those before it.
fn climb_back(
    climbable: &[Climbable],
    mut budget: usize,
    choice: impl Fn(usize, usize) -> u8,
    out: &mut Vec<(usize, usize)>,
) {
    for (i, c) in climbable.iter().enumerate().rev() {
        let k = usize::from(choice(i, budget));
        if k > 0 {
            out.push((c.question, k));
        }
        budget -= k;
    }
}

/// Adds a question to a dimension's row (for each budget `b`, the most
/// dimension score `b` steps on the questions so far add), given what its
/// rungs add (`gains`), and says in `pick` how many of each budget's steps
/// it takes. In place, highest budget first: entry `b` reads only entries
/// below it, which still hold the row without the question.
fn add_question(row: &mut [f64], pick: &mut [u8], gains: &[f64]) {
    for b in (1..row.len()).rev() {
        let mut best = row[b];
        let mut chosen = 0;
        for (k, &gain) in gains.iter().enumerate().take(b) {
            let candidate = row[b - 1 - k] + gain;
            if candidate > best + 1e-12 {
                best = candidate;
                // A ladder has at most a curve's or an option list's
                // rungs (the validator caps both far below 256).
                chosen = (k + 1) as u8;
            }
        }
        row[b] = best;
        pick[b] = chosen;
    }
}

/// Adds a dimension to the best overall score per total budget: entry `B`
/// of `next` becomes the most of `best[before] + scaled[b]` over `before +
/// b = B`, `b` from `least` (the fewest steps that meet the dimension's
/// floor), and `record(B, b)` says which `b` each entry took.
fn add_across(
    best: &[f64],
    scaled: &[f64],
    least: usize,
    next: &mut [f64],
    mut record: impl FnMut(usize, usize),
) {
    for (before, &value) in best.iter().enumerate() {
        // An unreachable budget (-inf) improves nothing.
        if value == f64::NEG_INFINITY {
            continue;
        }
        for b in least..scaled.len().min(next.len() - before) {
            let candidate = value + scaled[b];
            if candidate > next[before + b] + 1e-12 {
                next[before + b] = candidate;
                record(before + b, b);
            }
        }
    }
}

/// Makes `table` at least `len` long (zeroes only what it adds).
fn grow<T: Default + Clone>(table: &mut Vec<T>, len: usize) {
    if table.len() < len {
        table.resize(len, T::default());
    }
}

/// The fewest steps to `target`. Among equally short paths it prefers those
/// that climb fewer rungs on any one question (one step on each of three
/// questions reads as more realistic advice than three on one), by searching
/// with ladders cut to 1, 2, ... rungs until the count matches the uncut one
/// (the uncut path itself once the cut reaches the most it climbs on one
/// question: it fits that cut already). Hands `then` the rungs to climb
/// per question, in question order.
fn shortest_path<R>(
    planner: &Planner,
    assessment: &Assessment,
    ladders: &Ladders,
    target: usize,
    then: impl FnOnce(&[(usize, usize)]) -> R,
) -> Option<R> {
    thread_local! {
        /// Kept per thread: a batch plans for person after person, and
        /// tables grown once stay grown (regrowing them for each person
        /// was a tenth of a full result's cost).
        static TABLES: std::cell::RefCell<Tables> = std::cell::RefCell::default();
    }
    let tallest = ladders.tallest();
    TABLES.with_borrow_mut(|tables| {
        let fewest = fewest_steps(planner, assessment, ladders, tallest, target, tables)?;
        // Cut ladders never need fewer steps than whole ones, so each cut
        // only has to be searched up to that many: one round, not the
        // growing budgets of a search from scratch (same answer, as entries
        // up to a budget do not depend on the budgets above it).
        // A path that climbs at most `m` rungs on any question already fits
        // ladders cut to `m`: only tighter cuts are worth a search.
        let climbs = tables.path.iter().map(|&(_, k)| k).max().unwrap_or(0);
        std::mem::swap(&mut tables.path, &mut tables.whole_path);
        let spread = (1..climbs.min(tallest)).any(|cap| {
            let within = (cap, fewest);
            search(planner, assessment, ladders, within, target, tables) == Some(fewest)
        });
        Some(then(if spread {
            &tables.path
        } else {
            &tables.whole_path
        }))
    })
}

/// The exact fewest-steps search over the given ladders, each cut to `cap`
/// rungs: the number of steps, and in `tables.path` how many rungs to climb
/// per question.
fn fewest_steps(
    planner: &Planner,
    assessment: &Assessment,
    ladders: &Ladders,
    cap: usize,
    target: usize,
    tables: &mut Tables,
) -> Option<usize> {
    // The tables' entries up to a budget depend only on entries below it,
    // so a search up to any budget at least the fewest steps gives the same
    // answer as one over them all. A table costs about the square of its
    // width and paths are usually a few steps long: search up to the steps
    // a greedy climb needs, which suffice (should that search still find
    // nothing, double the budget). A climb that gets stuck has climbed
    // every rung it could, so there is most likely no path: one search
    // over every budget says so.
    let all = ladders.rungs_within(cap);
    let enough = greedy_steps(planner, assessment, ladders, (cap, target));
    let mut limit = all.min(enough.map_or(all, |steps| steps.max(1)));
    loop {
        let found = search(planner, assessment, ladders, (cap, limit), target, tables);
        if found.is_some() || limit == all {
            return found;
        }
        limit = all.min(limit * 2);
    }
}

/// How many steps climbing greedily takes to reach `target` (each step the
/// rung that adds the most: to a dimension short of its floor first, then
/// to the overall score), or `None` where it gets stuck. Any climb that
/// reaches the target is a path the search counts, so the fewest steps are
/// at most this. (Scores here are summed as the climb goes, not in the
/// search's order; where that differs in the last bit at a threshold, the
/// search finds nothing up to this many steps and goes on doubling.)
fn greedy_steps(
    planner: &Planner,
    assessment: &Assessment,
    ladders: &Ladders,
    (cap, target): (usize, usize),
) -> Option<usize> {
    let needs = &planner.raw_needs[target];
    // Rungs climbed, per question with rungs (in `ladders.climbable` order).
    let mut climbed = [0u8; MAX_QUESTIONS];
    // What the `i`th question's next rung adds to its dimension, if any.
    let next_gain = |i: usize, climbed: &[u8]| {
        let (gains, k) = (ladders.climbable[i].gains(cap), climbed[i]);
        let below = usize::from(k).checked_sub(1).map_or(0.0, |k| gains[k]);
        gains.get(usize::from(k)).map(|&next| next - below)
    };
    // Of dimension `d`'s questions, the one whose next rung adds the most
    // (times `weight`), and that.
    let best = |d: usize, climbed: &[u8], weight: f64| {
        let questions = span(&ladders.climbable_offsets, d);
        (questions.filter_map(|i| next_gain(i, climbed).map(|gain| (i, gain * weight))))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    };
    let mut scores = assessment.raw_dimensions.clone();
    let mut steps = 0;
    for (d, score) in scores.iter_mut().enumerate() {
        while *score < needs.floors[d] {
            let (i, gain) = best(d, &climbed, 1.0)?;
            climbed[i] += 1;
            *score += gain;
            steps += 1;
        }
    }
    let weights = &planner.overall_shares;
    let mut overall = (scores.iter().zip(weights)).fold(0.0, |sum, (s, w)| sum + s * w);
    while overall < needs.overall {
        let (i, gain) = (weights.iter().enumerate())
            .filter_map(|(d, &weight)| best(d, &climbed, weight))
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        climbed[i] += 1;
        overall += gain;
        steps += 1;
    }
    Some(steps)
}

/// [`fewest_steps_within`], with its tables on the stack where the limit
/// is small (nearly every search: paths are mostly a few steps long).
fn search(
    planner: &Planner,
    assessment: &Assessment,
    ladders: &Ladders,
    within: (usize, usize),
    target: usize,
    t: &mut Tables,
) -> Option<usize> {
    if within.1 < SMALL_SEARCH {
        fewest_steps_small(planner, assessment, ladders, within, target, &mut t.path)
    } else {
        fewest_steps_within(planner, assessment, ladders, within, target, t)
    }
}

/// Limits below this are searched with tables on the stack.
const SMALL_SEARCH: usize = 8;

/// [`fewest_steps_within`] for a limit below [`SMALL_SEARCH`], into `path`:
/// the same tables filled the same way (so the same answer and path,
/// tested), but in arrays as wide as any such limit needs rather than in
/// the [`Tables`] a larger limit grows. Growing, slicing and indexing
/// those tables was most of a round's instructions where a round is a
/// few entries wide.
fn fewest_steps_small(
    planner: &Planner,
    assessment: &Assessment,
    ladders: &Ladders,
    (cap, limit): (usize, usize),
    target: usize,
    path: &mut Vec<(usize, usize)>,
) -> Option<usize> {
    const W: usize = SMALL_SEARCH;
    let needs = &planner.raw_needs[target];
    let dimensions = planner.rubric.dimensions.len();
    let mut choices: ArrayVec<[u8; W], MAX_QUESTIONS> = ArrayVec::new();
    let mut best = [f64::NEG_INFINITY; W];
    best[0] = 0.0;
    let mut reached = 1;
    let mut picks: ArrayVec<[u8; W], MAX_DIMENSIONS> = ArrayVec::new();
    for d in 0..dimensions {
        let climbable = ladders.climbable(d);
        let budget: usize = climbable.iter().map(|c| c.rungs().min(cap)).sum();
        let width = budget.min(limit) + 1;
        let mut row = [0.0f64; W];
        for c in climbable {
            // Filled where it is kept: filled apart and copied in, its bytes
            // were read back as one word before their stores had landed.
            choices.push([0; W]);
            let pick = choices.last_mut().expect("just pushed");
            add_question(&mut row[..width], pick, c.gains(cap));
        }
        let mut scaled = [0.0f64; W];
        let shares = (&row[..width], &mut scaled[..width]);
        let least = scale_row((planner, assessment, needs), d, shares)?;
        let size = (reached + width - 1).min(limit + 1);
        let mut next = [f64::NEG_INFINITY; W];
        let mut pick = [0u8; W];
        let record = |at: usize, b: usize| pick[at] = b as u8;
        add_across(
            &best[..reached],
            &scaled[..width],
            least,
            &mut next[..size],
            record,
        );
        (best, reached) = (next, size);
        picks.push(pick);
    }
    let steps = (0..reached).find(|&b| best[b] >= needs.overall)?;
    path.clear();
    let mut budget = steps;
    for d in (0..dimensions).rev() {
        let left = usize::from(picks[d][budget]);
        budget -= left;
        let at = ladders.climbable_offsets[d];
        let choice = |i: usize, b: usize| choices[at + i][b];
        climb_back(ladders.climbable(d), left, choice, path);
    }
    path.sort_unstable();
    Some(steps)
}

/// Dimension `d`'s share of the overall score for each budget, into
/// `scaled`, given what each budget adds to it (`gains`, a row of the
/// search), and the fewest steps that meet its floor (`None` if no budget
/// does). Each budget's share is worked out once, rather than once per
/// budget already spent on the dimensions before.
#[inline]
fn scale_row(
    (planner, assessment, needs): (&Planner, &Assessment, &RawNeeds),
    d: usize,
    (gains, scaled): (&[f64], &mut [f64]),
) -> Option<usize> {
    let (now, floor) = (assessment.raw_dimensions[d], needs.floors[d]);
    let least = gains.iter().position(|&gain| now + gain >= floor)?;
    let weight = planner.overall_shares[d];
    for (share, &gain) in scaled.iter_mut().zip(gains) {
        *share = (now + gain) * weight;
    }
    Some(least)
}

/// [`fewest_steps`] among paths of at most `limit` steps.
fn fewest_steps_within(
    planner: &Planner,
    assessment: &Assessment,
    ladders: &Ladders,
    (cap, limit): (usize, usize),
    target: usize,
    t: &mut Tables,
) -> Option<usize> {
    let (rubric, needs) = (planner.rubric, &planner.raw_needs[target]);
    t.gain.clear();
    t.rows.clear();
    for d in 0..rubric.dimensions.len() {
        t.add_dimension(d, ladders, (cap, limit));
    }
    // Across dimensions: best[B] = most overall with B steps meeting every
    // floor; the picks say how many of B went to each dimension.
    t.best.clear();
    t.best.push(0.0);
    t.pick_rows.clear();
    for d in 0..rubric.dimensions.len() {
        let (gain_at, width, _) = t.rows[d];
        t.row.clear();
        t.row.resize(width, 0.0);
        let shares = (&t.gain[gain_at..gain_at + width], &mut t.row[..]);
        let least = scale_row((planner, assessment, needs), d, shares)?;
        let size = (t.best.len() + width - 1).min(limit + 1);
        t.best_next.clear();
        t.best_next.resize(size, f64::NEG_INFINITY);
        let pick_at = t.pick_rows.last().map_or(0, |&(at, size)| at + size);
        grow(&mut t.picks, pick_at + size);
        let picks = &mut t.picks[pick_at..];
        add_across(&t.best, &t.row, least, &mut t.best_next, |at, b| {
            picks[at] = b
        });
        std::mem::swap(&mut t.best, &mut t.best_next);
        t.pick_rows.push((pick_at, size));
    }
    let steps = (0..t.best.len()).find(|&b| t.best[b] >= needs.overall)?;
    let mut budget = steps;
    let mut path = std::mem::take(&mut t.path);
    path.clear();
    for d in (0..rubric.dimensions.len()).rev() {
        let b = t.picks[t.pick_rows[d].0 + budget];
        budget -= b;
        t.steps(d, b, ladders, &mut path);
    }
    path.sort_unstable();
    t.path = path;
    Some(steps)
}

/// Turns per-question rung counts into answer changes (into `changes`,
/// emptied first), and scores the changed answers to find the level they
/// reach.
fn path_of<'a>(
    rubric: &'a Rubric,
    (answers, assessment, ladders): (&Answers, &Assessment, &Ladders),
    steps: &[(usize, usize)],
    mut changes: Vec<Change<'a>>,
) -> ShortestPath<'a> {
    changes.clear();
    changes.extend(steps.iter().map(|&(q, k)| {
        let to = labelled(rubric, q, ladders[q][k - 1]);
        Change {
            question: q,
            from: answers.values[q].as_ref().map(|a| a.value),
            to: to.value,
            steps: k,
            points: (assessment.points[q], to.points),
            label: to.label,
        }
    }));
    let to = changes.iter().map(|c| (c.question, c.points.1));
    let reaches = level_with_changes(rubric, assessment, to);
    ShortestPath {
        steps: changes.iter().map(|c| c.steps).sum(),
        changes,
        reaches,
    }
}

/// The weakest questions (most to gain) of `climbable` (those with a rung
/// left), up to `take`.
fn weakest<'a>(
    planner: &Planner<'a>,
    climbable: &[Climbable],
    assessment: &Assessment,
    take: usize,
) -> ArrayVec<WeakQuestion<'a>, { WEAKEST_PER_GAP + 1 }> {
    let rubric = planner.rubric;
    let potential = |q: usize| {
        let (weight, dim_w, dim_weight) = planner.potentials[q];
        (MAX_POINTS - assessment.points[q]) * weight / dim_w * dim_weight
    };
    // The first few by most potential, then question order, kept as they
    // come: what sorting every candidate would put first (the question
    // makes each key distinct, so the order they come in does not matter),
    // without a list of all of them.
    let take = take.min(WEAKEST_PER_GAP + 1);
    let mut first: ArrayVec<(f64, usize, Step), { WEAKEST_PER_GAP + 1 }> = ArrayVec::new();
    for c in climbable {
        let q = c.question;
        let key = (potential(q), q, c.steps[0]);
        let before = |k: &(f64, usize, Step)| key.0.total_cmp(&k.0).then(k.1.cmp(&key.1)).is_gt();
        let at = first.iter().position(before).unwrap_or(first.len());
        if at < take {
            if first.len() == take {
                first.pop();
            }
            first.insert(at, key);
        }
    }
    first
        .into_iter()
        .map(|(_, q, next)| WeakQuestion {
            question: q,
            points: assessment.points[q],
            next: Some(labelled(rubric, q, next)),
        })
        .collect()
}

/// The gaps, biggest effect first, into `gaps` (emptied first).
fn gaps_into<'a>(
    planner: &Planner<'a>,
    assessment: &Assessment,
    ladders: &Ladders,
    gaps: &mut Vec<Gap<'a>>,
) {
    let rubric = planner.rubric;
    let total = rubric.total_weight();
    let plan_level = assessment.next.unwrap_or(assessment.level);
    // What each gap is on, its score, need and impact first, ordered
    // biggest impact first (stable: ties keep threshold order); then each
    // gap is made whole in that order. Sorting whole gaps moved a few
    // hundred bytes per comparison.
    let mut heads: ArrayVec<(Target, f64, Option<f64>, f64), { MAX_DIMENSIONS + 1 }> =
        ArrayVec::new();
    if assessment.next.is_some() {
        heads.extend(assessment.next_checks.iter().filter(|c| !c.met()).map(|c| {
            let impact = match c.target {
                Target::Overall => c.shortfall(),
                Target::Dimension(d) => c.shortfall() * rubric.dimensions[d].weight / total,
            };
            (c.target, c.have, Some(c.need), impact)
        }));
    } else {
        // At the top there is nothing to unlock: widen impact where there is
        // the most headroom.
        heads.extend(
            (rubric.dimensions.iter().enumerate())
                .filter(|(d, _)| assessment.dimensions[*d] < MAX_POINTS)
                .map(|(d, dim)| {
                    let have = assessment.dimensions[d];
                    let impact = (MAX_POINTS - have) * dim.weight / total;
                    (Target::Dimension(d), have, None, impact)
                }),
        );
    }
    heads.sort_by(|a, b| b.3.total_cmp(&a.3));
    gaps.clear();
    gaps.extend(heads.into_iter().map(|(target, have, need, impact)| {
        let (questions, take) = match target {
            Target::Overall => (&ladders.climbable[..], WEAKEST_PER_GAP + 1),
            Target::Dimension(d) => (ladders.climbable(d), WEAKEST_PER_GAP),
        };
        let weakest = weakest(planner, questions, assessment, take);
        Gap {
            target,
            have,
            need,
            impact,
            actions: actions_for(planner, (target, &weakest), plan_level),
            weakest,
        }
    }));
}

/// The rubric's actions for a gap: question-specific first, then those for
/// the target level, then general ones for the dimension; the soonest first
/// within each kind.
fn actions_for(
    planner: &Planner,
    (target, weakest): (Target, &[WeakQuestion]),
    level: usize,
) -> ArrayVec<usize, ACTIONS_PER_GAP> {
    let rubric = planner.rubric;
    let weak = || weakest.iter().map(|w| w.question);
    let on_dimension = |d: usize| match target {
        Target::Dimension(target) => d == target,
        Target::Overall => weak().any(|q| rubric.questions[q].dimension == d),
    };
    let candidates = match target {
        Target::Dimension(d) => {
            let at = level * rubric.dimensions.len() + d;
            &planner.dimension_actions[span(&planner.dimension_action_offsets, at)]
        }
        Target::Overall => &planner.actions_in_order[..],
    };
    (candidates.iter().copied())
        .filter(|&i| {
            let a = &rubric.actions[i];
            on_dimension(a.dimension)
                && a.level.is_none_or(|l| l == level)
                && a.question.is_none_or(|q| weak().any(|w| w == q))
        })
        .take(ACTIONS_PER_GAP)
        .collect()
}

/// The gaps' actions grouped by habit into `habits` (emptied first). A
/// habit's actions are listed inline: lists reused from the person before
/// were dropped and made again whenever the number of habits changed.
fn habits_into(rubric: &Rubric, gaps: &[Gap], habits: &mut Vec<HabitActions>) {
    // Each action once, in the gaps' order; each habit weighed by the
    // impact of the gaps its actions come from.
    let mut seen: ArrayVec<usize, PLAN_ACTIONS> = ArrayVec::new();
    let mut weights = [None::<f64>; Habit::ALL.len()];
    for gap in gaps {
        for &a in &gap.actions {
            if seen.contains(&a) {
                continue;
            }
            seen.push(a);
            let weight = &mut weights[rubric.actions[a].habit as usize];
            *weight = Some(weight.map_or(gap.impact, |w| w + gap.impact));
        }
    }
    let mut order: ArrayVec<(Habit, f64), { Habit::ALL.len() }> = (Habit::ALL.iter())
        .zip(weights)
        .filter_map(|(&habit, weight)| Some((habit, weight?)))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    habits.clear();
    for (habit, _) in order {
        // Filled in place: a habit's list is a few hundred bytes to move.
        habits.push(HabitActions {
            habit,
            actions: ArrayVec::new(),
        });
        let at = habits.len() - 1;
        let actions = &mut habits[at].actions;
        actions.extend(
            seen.iter()
                .copied()
                .filter(|&a| rubric.actions[a].habit == habit),
        );
        actions.sort_by_key(|&a| (rubric.actions[a].timeframe, a));
    }
}

/// A placeholder of the `why` texts' templates.
#[derive(Debug, Clone, Copy)]
enum WhySlot {
    Level,
    N,
    Checks,
    Matched,
    Next,
    Answers,
    Question,
    Answer,
}

/// The templates the `why` is written from, split once per rubric (the
/// rubric's language chooses them), each knowing the placeholders its
/// text may hold.
#[derive(Debug, Clone)]
struct WhyTemplates {
    needs_nothing: Template<WhySlot>,
    met: Template<WhySlot>,
    top: Template<WhySlot>,
    capped: Template<WhySlot>,
    weakest: Template<WhySlot>,
    is: Template<WhySlot>,
}

impl WhyTemplates {
    fn new(words: &Words) -> Self {
        use WhySlot::*;
        let split = |template: &str, known: &[(&str, WhySlot)]| {
            Template::new(template, |name| {
                known.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
            })
        };
        WhyTemplates {
            needs_nothing: split(words.why_needs_nothing, &[("level", Level)]),
            met: split(
                words.why_met,
                &[("level", Level), ("n", N), ("checks", Checks)],
            ),
            top: split(words.why_top, &[("matched", Matched)]),
            capped: split(
                words.why_capped,
                &[
                    ("matched", Matched),
                    ("level", Level),
                    ("next", Next),
                    ("checks", Checks),
                ],
            ),
            weakest: split(words.why_weakest, &[("answers", Answers)]),
            is: split(words.is, &[("question", Question), ("answer", Answer)]),
        }
    }
}

/// Why this level and not the next, written in one go: a template holds
/// templates, each filled straight into the text.
fn why_into(
    (planner, prepared): (&Planner, Option<&Prepared>),
    answers: &Answers,
    a: &Assessment,
    text: &mut String,
) {
    let rubric = planner.rubric;
    let words = rubric.words();
    // Room for the longest texts of the embedded rubric: regrowing it was
    // a copy per person.
    text.clear();
    text.reserve(640);
    let unmet = |out: &mut String| {
        if let Some(next) = a.next {
            let texts = (&planner.check_texts[next][..], false);
            let unmet = a.next_checks.iter().enumerate().filter(|(_, c)| !c.met());
            let have = |out: &mut String, at: usize| {
                decimal::push(out, a.next_checks[at].have, Style::OneDecimal);
            };
            push_checks(out, rubric, texts, unmet, have);
        }
    };
    let have = |out: &mut String, i: usize| {
        decimal::push(out, a.level_checks[i].have, Style::OneDecimal);
    };
    let own = (prepared.and_then(|p| p.why_heads.get(a.level)))
        .filter(|own| own.next == a.next && is_own(&planner.check_texts[a.level], &a.level_checks));
    if let Some(own) = own {
        // The level's own thresholds: its text written beforehand, around
        // the person's scores and unmet thresholds.
        for (piece, hole) in own.pieces.iter().zip(&own.holes) {
            text.push_str(piece);
            match *hole {
                WhyHole::Have(i) => have(text, i),
                WhyHole::Unmet => unmet(text),
            }
        }
        text.push_str(own.pieces.last().map_or("", String::as_str));
    } else {
        why_head(
            planner,
            (a.level, &a.level_checks, a.next),
            text,
            (have, unmet),
        );
    }
    if a.next.is_none() {
        return;
    }
    let unmet: ArrayVec<ThresholdCheck, { MAX_DIMENSIONS + 1 }> =
        a.next_checks.iter().filter(|c| !c.met()).copied().collect();
    let templates = &planner.why;
    // The weakest question behind each unmet dimension floor.
    let weakest = || {
        unmet.iter().filter_map(|c| match c.target {
            Target::Dimension(d) => rubric.dimensions[d]
                .questions
                .iter()
                .copied()
                .min_by(|&x, &y| a.points[x].total_cmp(&a.points[y])),
            Target::Overall => None,
        })
    };
    if weakest().next().is_some() {
        templates.weakest.fill(text, |out, _| {
            for (i, q) in weakest().enumerate() {
                if i > 0 {
                    out.push_str(words.list_separator);
                }
                templates
                    .is
                    .fill(out, |out, slot| match (slot, &answers.values[q]) {
                        (WhySlot::Question, _) => out.push_str(&rubric.questions[q].id),
                        (_, Some(answer)) => push_description(out, rubric, q, &answer.value),
                        (_, None) => out.push_str(words.unanswered),
                    });
            }
        });
    }
    text.push_str(words.full_stop);
}

/// The `why` up to its weakest answers: the matched level and its
/// thresholds, then the top level or what caps it below `next`, with the
/// person's scores (`have`, by check) and unmet thresholds (`unmet`) left
/// to the caller.
fn why_head(
    planner: &Planner,
    (level, checks, next): (usize, &[ThresholdCheck], Option<usize>),
    text: &mut String,
    (mut have, mut unmet): (impl FnMut(&mut String, usize), impl FnMut(&mut String)),
) {
    let (rubric, templates) = (planner.rubric, &planner.why);
    let name = &rubric.levels[level].name;
    let mut matched = |out: &mut String| match checks.len() {
        0 => templates
            .needs_nothing
            .fill(out, |out, _| out.push_str(name)),
        n => templates.met.fill(out, |out, slot| match slot {
            WhySlot::N => decimal::push_whole(out, n as u64),
            WhySlot::Checks => {
                let texts = (&planner.check_texts[level][..], true);
                push_checks(out, rubric, texts, checks.iter().enumerate(), &mut have);
            }
            _ => out.push_str(name),
        }),
    };
    let Some(next) = next else {
        templates.top.fill(text, |out, _| matched(out));
        return;
    };
    templates.capped.fill(text, |out, slot| match slot {
        WhySlot::Matched => matched(out),
        WhySlot::Next => out.push_str(&rubric.levels[next].name),
        WhySlot::Checks => unmet(out),
        _ => out.push_str(name),
    });
}

/// Where a level's `why` written beforehand takes the person's own values.
#[derive(Debug, Clone, Copy)]
enum WhyHole {
    /// The score of the level's `i`th threshold.
    Have(usize),
    /// The next level's unmet thresholds.
    Unmet,
}

/// A level's [`why_head`] for its own thresholds, written once: the text
/// between the holes a person's values fill.
#[derive(Debug, Clone)]
struct WhyHead {
    next: Option<usize>,
    /// One more than `holes`: the text before each hole, then the rest.
    pieces: Vec<String>,
    holes: Vec<WhyHole>,
}

impl WhyHead {
    fn new(planner: &Planner, level: usize) -> Self {
        let rubric = planner.rubric;
        let next = (level + 1 < rubric.levels.len()).then_some(level + 1);
        let checks: Vec<ThresholdCheck> = (rubric.levels[level].thresholds())
            .map(|(target, need)| ThresholdCheck {
                target,
                need,
                have: need,
            })
            .collect();
        let (mut text, cuts) = (String::new(), std::cell::RefCell::new(Vec::new()));
        let have = |out: &mut String, i| cuts.borrow_mut().push((out.len(), WhyHole::Have(i)));
        let unmet = |out: &mut String| cuts.borrow_mut().push((out.len(), WhyHole::Unmet));
        why_head(planner, (level, &checks, next), &mut text, (have, unmet));
        let (mut pieces, mut holes, mut from) = (Vec::new(), Vec::new(), 0);
        for (at, hole) in cuts.into_inner() {
            pieces.push(text[from..at].to_string());
            holes.push(hole);
            from = at;
        }
        pieces.push(text[from..].to_string());
        WhyHead {
            next,
            pieces,
            holes,
        }
    }
}

/// Whether checks are a level's own thresholds, in order (`texts` are
/// the level's): as scoring makes them.
fn is_own(texts: &[CheckText], checks: &[ThresholdCheck]) -> bool {
    texts.len() == checks.len() && texts.iter().zip(checks).all(|(t, c)| t.is(c))
}

/// A threshold's fixed parts in the `why`: `target `, then after the
/// person's score ` ≥ need` where it is met, ` < need` where it is not.
#[derive(Debug, Clone)]
struct CheckText {
    target: Target,
    need: f64,
    head: String,
    met: String,
    unmet: String,
}

impl CheckText {
    /// Whether these are the parts of check `c`'s threshold.
    fn is(&self, c: &ThresholdCheck) -> bool {
        self.target == c.target && self.need == c.need
    }

    fn new(rubric: &Rubric, (target, need): (Target, f64)) -> Self {
        // Pushed, not `format!`ted: a single report builds a planner too,
        // and formatting these cost more than its plan.
        let tail = |relation: &str| {
            let mut text = String::with_capacity(16);
            text.push(' ');
            text.push_str(relation);
            text.push(' ');
            decimal::push(&mut text, need, Style::Shortest);
            text
        };
        let mut head = rubric.target_id(target).to_string();
        head.push(' ');
        CheckText {
            target,
            need,
            head,
            met: tail(MET),
            unmet: tail(UNMET),
        }
    }
}

/// How the `why` writes a met and an unmet threshold.
const MET: &str = "≥";
const UNMET: &str = "<";

/// Thresholds as `target have relation need`, comma-separated: each
/// check with its index among its level's thresholds, whose fixed parts
/// the planner wrote beforehand (`texts`); each score written by `have`
/// (given the check's index).
fn push_checks<'c>(
    out: &mut String,
    rubric: &Rubric,
    (texts, met): (&[CheckText], bool),
    checks: impl Iterator<Item = (usize, &'c ThresholdCheck)>,
    mut have: impl FnMut(&mut String, usize),
) {
    for (i, (at, c)) in checks.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        // The planner's parts, wherever the check is the level's own (an
        // assessment made by scoring); made afresh otherwise.
        let fixed = texts.get(at).filter(|t| t.is(c));
        let afresh;
        let text = match fixed {
            Some(text) => text,
            None => {
                afresh = CheckText::new(rubric, (c.target, c.need));
                &afresh
            }
        };
        out.push_str(&text.head);
        have(out, at);
        out.push_str(if met { &text.met } else { &text.unmet });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answer, Completeness};
    use crate::input::SourceText;
    use crate::scoring::assess;

    const EXAMPLES: [&str; 5] = [
        include_str!("../examples/answers/junior.json"),
        include_str!("../examples/answers/mid.json"),
        include_str!("../examples/answers/senior.json"),
        include_str!("../examples/answers/staff.json"),
        include_str!("../examples/answers/director.json"),
    ];

    fn example(text: &str) -> Answers {
        let source = SourceText::new("example", text);
        Answers::parse(&source, Rubric::embedded(), Completeness::Complete).unwrap()
    }

    /// The `why` writes a threshold from the planner's parts only where
    /// the check is its level's own; any other is written afresh.
    #[test]
    fn the_why_writes_a_check_afresh_when_it_is_not_the_level_s() {
        let rubric = Rubric::embedded();
        let planner = Planner::new(rubric);
        let answers = example(EXAMPLES[1]);
        let mut a = assess(rubric, &answers);
        let usual = planner.plan(&answers, &a).why;
        let need = a.level_checks[0].need;
        a.level_checks[0].need = need + 0.5;
        let changed = planner.plan(&answers, &a).why;
        let (from, to) = (format!(" ≥ {need}, "), format!(" ≥ {}, ", need + 0.5));
        assert!(usual.contains(&from), "{usual}");
        assert_eq!(changed, usual.replacen(&from, &to, 1));
    }

    #[test]
    fn shortest_path_reaches_the_next_level_and_no_shorter_one_does() {
        let rubric = Rubric::embedded();
        for text in EXAMPLES {
            let answers = example(text);
            let a = assess(rubric, &answers);
            let plan = growth_plan(rubric, &answers, &a);
            let Some(next) = a.next else {
                assert!(plan.shortest_path.is_none());
                continue;
            };
            let path = plan.shortest_path.expect("a path to the next level");
            assert_eq!(path.reaches, next, "{}", plan.why);
            // Undoing any one rung of the path must fall short: it is minimal.
            for undo in 0..path.changes.len() {
                let mut changed = answers.clone();
                for (i, c) in path.changes.iter().enumerate() {
                    let rungs = ladder(
                        rubric,
                        c.question,
                        answers.values[c.question].as_ref().map(|v| &v.value),
                    );
                    let k = if i == undo { c.steps - 1 } else { c.steps };
                    if k > 0 {
                        changed.values[c.question] =
                            Some(crate::answers::Answer::plain(rungs[k - 1].value));
                    } else {
                        changed.values[c.question] = answers.values[c.question].clone();
                    }
                }
                assert!(assess(rubric, &changed).level < next);
            }
        }
    }

    /// Calls `check` with each of 400 generated people (seeded) who have a
    /// level to reach: their line, and the planner, assessment and ladders
    /// a plan of theirs starts from, and that level.
    fn each_generated_person(
        seed: u64,
        mut check: impl FnMut(&str, &Planner, &Assessment, &Ladders, usize),
    ) {
        let rubric = Rubric::embedded();
        let planner = Planner::new(rubric);
        let prepared = Prepared::new(&planner);
        for line in crate::generate::lines(rubric, 400, seed) {
            let answers = Answers::scan_plain(line.as_bytes(), rubric).unwrap();
            let a = assess(rubric, &answers);
            let Some(target) = a.next else { continue };
            let mut worked_out = WorkedOut::default();
            let mut ladders = Ladders::new();
            let prepared = Some(&prepared);
            ladders.fill((&planner, prepared), &answers, &a.points, &mut worked_out);
            check(&line, &planner, &a, &ladders, target);
        }
    }

    /// The spread search stops each cut ladder's search at the uncut
    /// fewest steps; it must find exactly the path a full search of every
    /// cut finds.
    #[test]
    fn bounded_spread_search_finds_what_full_searches_find() {
        let (mut compared, mut spread) = (0, 0);
        each_generated_person(9, |line, planner, a, ladders, target| {
            let tallest = ladders.tallest();
            let mut tables = Tables::default();
            let mut search = |cap| {
                let steps = fewest_steps(planner, a, ladders, cap, target, &mut tables);
                steps.map(|steps| (steps, tables.path.clone()))
            };
            let full = search(tallest).map(|fewest| {
                (1..tallest)
                    .find_map(|cap| search(cap).filter(|(steps, _)| *steps == fewest.0))
                    .unwrap_or(fewest)
            });
            let bounded = shortest_path(planner, a, ladders, target, |path| {
                (path.iter().map(|&(_, k)| k).sum(), path.to_vec())
            });
            assert_eq!(bounded, full, "{line}");
            compared += 1;
            spread += usize::from(bounded.is_some_and(|(_, c)| c.iter().all(|&(_, k)| k == 1)));
        });
        assert!(
            compared > 300 && spread > 100,
            "{compared} compared, {spread} spread"
        );
    }

    /// The search on the stack finds what the grown tables find, path and
    /// all, for every limit it takes, every cut of the ladders and every
    /// level above a person's (many more steps away than the limit: then
    /// neither finds one), and with each level's overall minimum dropped
    /// (so the floors decide).
    #[test]
    fn the_search_on_the_stack_finds_what_the_grown_tables_find() {
        let (mut compared, mut found) = (0, [0; SMALL_SEARCH]);
        each_generated_person(13, |line, planner, a, ladders, next| {
            let mut floors_only = Planner::new(planner.rubric);
            for needs in &mut floors_only.raw_needs {
                // Met by any score, yet a number (as every level's is).
                needs.overall = -1.0;
            }
            let mut tables = Tables::default();
            for planner in [planner, &floors_only] {
                for (target, cap) in (next..planner.rubric.levels.len())
                    .flat_map(|target| (1..=ladders.tallest()).map(move |cap| (target, cap)))
                {
                    for limit in 1..SMALL_SEARCH {
                        let within = (cap, limit);
                        let grown =
                            fewest_steps_within(planner, a, ladders, within, target, &mut tables)
                                .map(|steps| (steps, tables.path.clone()));
                        let mut path = vec![(99, 9)];
                        let small =
                            fewest_steps_small(planner, a, ladders, within, target, &mut path)
                                .map(|steps| (steps, path));
                        assert_eq!(small, grown, "level {target}, {within:?}: {line}");
                        compared += 1;
                        if let Some((steps, _)) = small {
                            found[steps] += 1;
                        }
                    }
                }
            }
        });
        assert!(
            compared > 20_000 && found[1..].iter().all(|&n| n > 50),
            "{compared} compared, {found:?} found by steps"
        );
    }

    /// The search sized by the greedy climb finds what one search over
    /// every budget finds, on whole and cut ladders; the climb never needs
    /// fewer steps than the fewest, and is mostly exact (else sizing the
    /// search by it would buy nothing).
    #[test]
    fn searching_up_to_the_greedy_climb_finds_what_searching_every_budget_finds() {
        let (mut compared, mut exact) = (0, 0);
        each_generated_person(11, |line, planner, a, ladders, target| {
            let mut tables = Tables::default();
            for cap in 1..=ladders.tallest() {
                let every = (cap, ladders.rungs_within(cap));
                let full = fewest_steps_within(planner, a, ladders, every, target, &mut tables)
                    .map(|steps| (steps, tables.path.clone()));
                let sized = fewest_steps(planner, a, ladders, cap, target, &mut tables)
                    .map(|steps| (steps, tables.path.clone()));
                assert_eq!(sized, full, "cap {cap}: {line}");
                let greedy = greedy_steps(planner, a, ladders, (cap, target));
                if let (Some(greedy), Some((fewest, _))) = (greedy, full) {
                    assert!(greedy >= fewest, "cap {cap}: {line}");
                    compared += 1;
                    exact += usize::from(greedy == fewest);
                }
            }
        });
        assert!(
            compared > 1000 && exact * 10 > compared * 9,
            "{exact} of {compared}"
        );
    }

    /// A plan made into one used before, as a batch reuses its plan, is
    /// the plan made afresh, whoever came before (people at the top, with
    /// no path, among them).
    #[test]
    fn planning_into_a_used_plan_gives_the_fresh_plan() {
        let rubric = Rubric::embedded();
        let generated = crate::generate::lines(rubric, 300, 5).into_iter();
        let people: Vec<Answers> = generated
            .map(|line| Answers::scan_plain(line.as_bytes(), rubric).unwrap())
            .chain(EXAMPLES.map(example))
            .collect();
        let planner = Planner::new(rubric);
        let (mut reused, mut tops) = (GrowthPlan::default(), 0);
        for answers in people.iter().chain(people.iter().rev()) {
            let a = assess(rubric, answers);
            planner.plan_into(answers, &a, &mut reused);
            assert_eq!(reused, planner.plan(answers, &a), "{answers:?}");
            tops += usize::from(a.next.is_none());
        }
        assert!(tops > 0);
    }

    #[test]
    fn raising_any_single_answer_never_lowers_a_score_or_the_level() {
        let rubric = Rubric::embedded();
        for text in EXAMPLES {
            let answers = example(text);
            let before = assess(rubric, &answers);
            for q in 0..rubric.questions.len() {
                for rung in ladder(rubric, q, answers.values[q].as_ref().map(|v| &v.value)) {
                    let mut raised = answers.clone();
                    raised.values[q] = Some(crate::answers::Answer::plain(rung.value));
                    let after = assess(rubric, &raised);
                    assert!(after.overall >= before.overall);
                    assert!(after.level >= before.level);
                    for (x, y) in after.dimensions.iter().zip(&before.dimensions) {
                        assert!(x >= y);
                    }
                }
            }
        }
    }

    #[test]
    fn ladders_climb_one_rung_at_a_time() {
        let rubric = Rubric::embedded();
        let scope = rubric.question_index("responsibility.scope").unwrap();
        let rungs = ladder(rubric, scope, Some(&AnswerValue::Choice(1)));
        let ids: Vec<_> = rungs.iter().map(|r| r.value).collect();
        assert_eq!(
            ids,
            [
                AnswerValue::Choice(2),
                AnswerValue::Choice(3),
                AnswerValue::Choice(4)
            ]
        );
        let activities = rubric.question_index("influence.activities").unwrap();
        let rungs = ladder(
            rubric,
            activities,
            Some(&AnswerValue::Multi([1].into_iter().collect())),
        );
        assert_eq!(
            rungs[0].value,
            AnswerValue::Multi([0, 1].into_iter().collect()),
            "mentoring (25 points) first"
        );
        let years = rubric.question_index("experience.years").unwrap();
        let rungs = ladder(rubric, years, Some(&AnswerValue::Number(3.0)));
        assert_eq!(rungs[0].value, AnswerValue::Number(4.0));
        assert_eq!(rungs[0].label, "reach 4 years");
    }

    /// A batch's planner, with ladders and `why`s worked out beforehand,
    /// plans what a single plan's planner plans, `why` and all, in both
    /// languages and on another rubric.
    #[test]
    fn a_batch_s_planner_plans_what_a_single_plan_s_planner_plans() {
        let (mut levels, mut between_tenths) = ([0; 5], 0);
        for rubric in crate::rubric::test_rubrics() {
            // One planner for everyone prepares at the second plan; a
            // planner per person never does.
            let planner = Planner::new(rubric);
            let generated = crate::generate::lines(rubric, 300, 3).into_iter();
            // The examples too: generated people never reach the top.
            let examples = EXAMPLES.iter().filter(|_| rubric.id == "product-manager");
            for line in generated.chain(examples.map(|e| e.replace('\n', " "))) {
                let source = SourceText::new("line", &line);
                let answers = Answers::parse(&source, rubric, Completeness::Complete).unwrap();
                let a = assess(rubric, &answers);
                let afresh = Planner::new(rubric).plan(&answers, &a);
                assert_eq!(planner.plan(&answers, &a), afresh, "{line}");
                levels[a.level.min(4)] += 1;
                // The first number between tenths (no ladder worked out
                // beforehand), beside the others' that were.
                let mut between = answers.clone();
                let number = (between.values.iter_mut()).find_map(|v| match v {
                    Some(Answer {
                        value: AnswerValue::Number(x),
                        ..
                    }) => Some(x),
                    _ => None,
                });
                if let Some(x) = number {
                    *x += 0.05;
                    let a = assess(rubric, &between);
                    let afresh = Planner::new(rubric).plan(&between, &a);
                    assert_eq!(planner.plan(&between, &a), afresh, "{line}");
                    between_tenths += 1;
                }
            }
        }
        assert!(levels.iter().all(|&n| n > 0), "{levels:?}");
        assert!(between_tenths > 600, "{between_tenths}");
    }

    /// The ladders worked out beforehand are the ones worked out for a
    /// person, gains and all, and are used only for an answer giving the
    /// points they were worked out for.
    #[test]
    fn answer_ladders_are_the_ladders_worked_out_per_person() {
        let mut checked = 0;
        let [english, _, engineer] = crate::rubric::test_rubrics();
        for rubric in [english, engineer] {
            let planner = Planner::new(rubric);
            let prepared = Prepared::new(&planner);
            let ladders = &prepared.answer_ladders;
            for (q, question) in rubric.questions.iter().enumerate() {
                let answers: Vec<AnswerValue> = match &question.kind {
                    QuestionKind::Scale { anchors } => {
                        (1..=anchors.len() as u8).map(AnswerValue::Scale).collect()
                    }
                    QuestionKind::Choice { options } => {
                        (0..options.len()).map(AnswerValue::Choice).collect()
                    }
                    QuestionKind::Multi { options } => (Chosen::every_few(options.len()))
                        .map(AnswerValue::Multi)
                        .collect(),
                    // Numbers of tenths below 100 have theirs, when first
                    // needed; others have none.
                    QuestionKind::Number { .. } => [0.0, 1.0, 2.5, 7.0, 42.5, 99.9, 100.0, 150.0]
                        .map(AnswerValue::Number)
                        .to_vec(),
                };
                for current in std::iter::once(None).chain(answers.iter().map(Some)) {
                    let now = current.map_or(0.0, |v| question_points(question, v));
                    let found = ladders.get(&planner, q, current, now);
                    let number = matches!(question.kind, QuestionKind::Number { .. });
                    let large =
                        |v: &AnswerValue| matches!(v, AnswerValue::Number(x) if *x >= 100.0);
                    if number && current.is_none_or(large) {
                        assert!(found.is_none(), "{} at {current:?}", question.id);
                        continue;
                    }
                    let (steps, gains) = found.unwrap();
                    let mut want = Vec::new();
                    steps_up(&planner, q, (current, now), &mut want);
                    let values = |steps: &[Step]| -> Vec<_> {
                        steps
                            .iter()
                            .map(|s| (s.value, s.points.to_bits()))
                            .collect()
                    };
                    assert_eq!(
                        values(steps),
                        values(&want),
                        "{} from {current:?}",
                        question.id
                    );
                    let share = planner.shares[q];
                    let want: Vec<u64> = (want.iter())
                        .map(|s| ((s.points - now) * share).to_bits())
                        .collect();
                    let gains: Vec<u64> = gains.iter().map(|g| g.to_bits()).collect();
                    assert_eq!(gains, want, "{} from {current:?}", question.id);
                    assert!(ladders.get(&planner, q, current, now + 1.0).is_none());
                    checked += 1;
                }
            }
        }
        assert!(checked > 110, "{checked}");
    }

    #[test]
    fn top_level_plan_widens_impact_instead() {
        let rubric = Rubric::embedded();
        let answers = example(EXAMPLES[4]);
        let a = assess(rubric, &answers);
        let plan = growth_plan(rubric, &answers, &a);
        assert_eq!(plan.target, None);
        assert!(plan.gaps.iter().all(|g| g.need.is_none()));
        assert!(plan.why.contains("top level"));
    }
}
