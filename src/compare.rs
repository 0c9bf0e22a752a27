//! Comparing two answer sets of one rubric (a self-assessment and a
//! manager's, last year and now): both levels, the change per dimension, and
//! the answers that differ most, by how much each moves the overall score.

use crate::answers::Answers;
use crate::rubric::Rubric;
use crate::scoring::{Assessment, assess, round1};

/// How many differing answers a comparison lists at most.
const MOST_DIFFERENT: usize = 5;

/// One answer that differs between the two sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The question, by index.
    pub question: usize,
    /// Points in the first set and in the second.
    pub points: (f64, f64),
    /// Overall points this difference alone moves (second minus first).
    pub overall_impact: f64,
}

/// Two assessments side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The first set's assessment.
    pub a: Assessment,
    /// The second set's assessment.
    pub b: Assessment,
    /// The answers that differ, biggest effect on the overall score first.
    pub differences: Vec<Difference>,
}

/// Compares two answer sets.
pub fn compare(rubric: &Rubric, first: &Answers, second: &Answers) -> Comparison {
    let (a, b) = (assess(rubric, first), assess(rubric, second));
    let total = rubric.total_weight();
    let mut differences: Vec<Difference> = rubric
        .questions
        .iter()
        .enumerate()
        .filter(|(q, _)| {
            first.values[*q].as_ref().map(|v| &v.value)
                != second.values[*q].as_ref().map(|v| &v.value)
        })
        .map(|(q, question)| {
            let dim = &rubric.dimensions[question.dimension];
            let dim_weight: f64 = dim
                .questions
                .iter()
                .map(|&x| rubric.questions[x].weight)
                .sum();
            let share = question.weight / dim_weight * dim.weight / total;
            Difference {
                question: q,
                points: (a.points[q], b.points[q]),
                overall_impact: round1((b.points[q] - a.points[q]) * share),
            }
        })
        .collect();
    differences.sort_by(|x, y| {
        y.overall_impact
            .abs()
            .total_cmp(&x.overall_impact.abs())
            .then(x.question.cmp(&y.question))
    });
    differences.truncate(MOST_DIFFERENT);
    Comparison { a, b, differences }
}
