//! The questionnaire's flow: welcome, the unanswered questions in rubric
//! order, then a review where any answer can be changed before scoring.
//! An interrupt at any prompt returns the answers given so far.

use super::prompt::{Ask, PromptError, Prompter};
use crate::answers::{Answer, AnswerValue, Answers, describe_or_unanswered};
use crate::lang::fill;
use crate::rubric::{QuestionKind, Rubric};
use crate::text::{sanitize, sanitize_multiline};

/// Roughly how long one question takes to answer, for the welcome.
const SECONDS_PER_QUESTION: usize = 20;

/// How a questionnaire ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every question answered and the review confirmed.
    Complete(Answers),
    /// Stopped by Ctrl-C or Esc: the answers so far.
    Interrupted(Answers),
}

/// Runs the questionnaire from `start` (empty, or a resumed partial set).
/// Only unanswered questions are asked; then the review.
pub fn run(
    rubric: &Rubric,
    prompter: &mut dyn Prompter,
    start: Answers,
) -> Result<Outcome, String> {
    let mut answers = start;
    let unanswered: Vec<usize> = (0..rubric.questions.len())
        .filter(|&q| answers.values[q].is_none())
        .collect();
    prompter.show(&welcome(rubric, unanswered.len()));
    for q in unanswered {
        match ask(rubric, prompter, q, &answers) {
            Ok(value) => answers.values[q] = Some(Answer::plain(value)),
            Err(PromptError::Interrupted) => return Ok(Outcome::Interrupted(answers)),
            Err(PromptError::Failed(e)) => return Err(e),
        }
    }
    match review(rubric, prompter, &mut answers) {
        Ok(()) => Ok(Outcome::Complete(answers)),
        Err(PromptError::Interrupted) => Ok(Outcome::Interrupted(answers)),
        Err(PromptError::Failed(e)) => Err(e),
    }
}

fn welcome(rubric: &Rubric, remaining: usize) -> String {
    let words = rubric.words();
    let total = rubric.questions.len();
    let dimensions: Vec<String> = rubric
        .dimensions
        .iter()
        .map(|d| sanitize(&d.name).to_lowercase())
        .collect();
    let minutes = (remaining * SECONDS_PER_QUESTION).div_ceil(60).max(1);
    let (total_text, left_text) = (total.to_string(), remaining.to_string());
    let count = if remaining == total {
        fill(words.questions_count, &[("total", &total_text)])
    } else {
        fill(
            words.questions_left,
            &[("left", &left_text), ("total", &total_text)],
        )
    };
    let summary = if remaining == 0 {
        fill(words.all_answered, &[("total", &total_text)])
    } else {
        fill(
            words.welcome,
            &[
                ("count", &count),
                ("dimensions", &join_words(&dimensions, words)),
                ("minutes", &minutes.to_string()),
                ("s", if minutes == 1 { "" } else { "s" }),
            ],
        )
    };
    format!(
        "{}\n{summary}\n{}\n",
        sanitize(&rubric.name),
        words.welcome_rules
    )
}

fn join_words(list: &[String], words: &crate::lang::Words) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{}{last}", init.join(words.series), words.and),
    }
}

/// Asks one question, starting from its current answer when it has one.
fn ask(
    rubric: &Rubric,
    prompter: &mut dyn Prompter,
    q: usize,
    answers: &Answers,
) -> Result<AnswerValue, PromptError> {
    let question = &rubric.questions[q];
    let dimension = &rubric.dimensions[question.dimension];
    let ask = Ask {
        message: format!(
            "{}/{} · {} — {}",
            q + 1,
            rubric.questions.len(),
            sanitize(&dimension.name),
            sanitize(&question.prompt)
        ),
        help: sanitize_multiline(&question.help).into_owned(),
    };
    let current = answers.values[q].as_ref().map(|a| &a.value);
    match &question.kind {
        QuestionKind::Number { min, max, .. } => {
            let default = match current {
                Some(AnswerValue::Number(n)) => Some(*n),
                _ => None,
            };
            prompter
                .number(&ask, *min, *max, default)
                .map(AnswerValue::Number)
        }
        QuestionKind::Scale { anchors } => {
            let options: Vec<String> = anchors
                .iter()
                .enumerate()
                .map(|(i, a)| format!("{} {}", i + 1, sanitize(a)))
                .collect();
            let start = match current {
                Some(AnswerValue::Scale(s)) => *s as usize - 1,
                _ => 0,
            };
            prompter
                .select(&ask, &options, start)
                .map(|i| AnswerValue::Scale(i as u8 + 1))
        }
        QuestionKind::Choice { options } => {
            let labels: Vec<String> = options
                .iter()
                .map(|o| sanitize(&o.label).into_owned())
                .collect();
            let start = match current {
                Some(AnswerValue::Choice(i)) => *i,
                _ => 0,
            };
            prompter
                .select(&ask, &labels, start)
                .map(AnswerValue::Choice)
        }
        QuestionKind::Multi { options } => {
            let labels: Vec<String> = options
                .iter()
                .map(|o| sanitize(&o.label).into_owned())
                .collect();
            let selected = match current {
                Some(AnswerValue::Multi(list)) => list.iter().collect(),
                _ => Vec::new(),
            };
            prompter
                .multi_select(&ask, &labels, &selected)
                .map(|list| AnswerValue::Multi(list.into_iter().collect()))
        }
    }
}

/// Lists every answer; picking one re-asks it; the first entry scores.
fn review(
    rubric: &Rubric,
    prompter: &mut dyn Prompter,
    answers: &mut Answers,
) -> Result<(), PromptError> {
    let words = rubric.words();
    let mut cursor = 0;
    loop {
        let mut options = vec![words.score_these.to_string()];
        options.extend(rubric.questions.iter().enumerate().map(|(q, question)| {
            let answer =
                describe_or_unanswered(rubric, q, answers.values[q].as_ref().map(|a| &a.value));
            format!("{:<30} {}", sanitize(&question.id), sanitize(&answer))
        }));
        let review = Ask {
            message: words.review.into(),
            help: words.review_help.into(),
        };
        match prompter.select(&review, &options, cursor)? {
            0 => return Ok(()),
            picked => {
                let q = picked - 1;
                let value = ask(rubric, prompter, q, answers)?;
                answers.values[q] = Some(Answer::plain(value));
                cursor = picked;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::prompt::{Reply, Scripted};

    /// Replies answering all 13 default questions like the mid example.
    fn mid_replies() -> Vec<Reply> {
        vec![
            Reply::Number(3.0),
            Reply::Number(4.0),
            Reply::Number(0.0),
            Reply::Select(2),
            Reply::Select(2),
            Reply::Select(2),
            Reply::Select(2),
            Reply::Select(1),
            Reply::Select(1),
            Reply::Select(1),
            Reply::Select(1),
            Reply::Select(1),
            Reply::Multi(vec![0]),
        ]
    }

    fn empty(rubric: &Rubric) -> Answers {
        Answers {
            respondent: None,
            expected_level: None,
            values: vec![None; rubric.questions.len()],
        }
    }

    #[test]
    fn asks_every_question_in_order_then_reviews() {
        let rubric = Rubric::embedded();
        let mut replies = mid_replies();
        replies.push(Reply::Select(0));
        let mut prompter = Scripted::new(replies);
        let Ok(Outcome::Complete(answers)) = run(rubric, &mut prompter, empty(rubric)) else {
            panic!("{:?}", prompter.transcript);
        };
        assert!(prompter.transcript[0].contains("13 questions"));
        assert!(prompter.transcript[1].starts_with("1/13 · Experience — "));
        assert!(prompter.transcript[4].starts_with("4/13 · Skills — "));
        assert!(prompter.transcript[14].starts_with("Review"));
        let mid =
            crate::input::SourceText::new("mid", include_str!("../../examples/answers/mid.json"));
        let expected =
            Answers::parse(&mid, rubric, crate::answers::Completeness::Complete).unwrap();
        assert_eq!(answers.values, expected.values);
    }

    #[test]
    fn review_changes_one_answer_without_a_restart() {
        let rubric = Rubric::embedded();
        let mut replies = mid_replies();
        // Change skills.technical (review entry 4) to 5, then score.
        replies.extend([Reply::Select(4), Reply::Select(4), Reply::Select(0)]);
        let mut prompter = Scripted::new(replies);
        let Ok(Outcome::Complete(answers)) = run(rubric, &mut prompter, empty(rubric)) else {
            panic!("{:?}", prompter.transcript);
        };
        assert_eq!(
            answers.values[3].as_ref().unwrap().value,
            AnswerValue::Scale(5)
        );
        assert_eq!(prompter.transcript.len(), 1 + 13 + 3);
    }

    #[test]
    fn interrupt_returns_the_answers_so_far_and_resume_asks_only_the_rest() {
        let rubric = Rubric::embedded();
        let mut replies = mid_replies()[..5].to_vec();
        replies.push(Reply::Interrupt);
        let mut prompter = Scripted::new(replies);
        let Ok(Outcome::Interrupted(partial)) = run(rubric, &mut prompter, empty(rubric)) else {
            panic!("expected an interrupt");
        };
        assert_eq!(partial.values.iter().filter(|v| v.is_some()).count(), 5);

        let mut rest = mid_replies()[5..].to_vec();
        rest.push(Reply::Select(0));
        let mut prompter = Scripted::new(rest);
        let Ok(Outcome::Complete(answers)) = run(rubric, &mut prompter, partial) else {
            panic!("{:?}", prompter.transcript);
        };
        assert!(prompter.transcript[0].contains("8 of 13 questions left"));
        assert!(prompter.transcript[1].starts_with("6/13 · "));
        assert!(answers.values.iter().all(Option::is_some));
    }

    #[test]
    fn interrupt_at_review_keeps_every_answer() {
        let rubric = Rubric::embedded();
        let mut replies = mid_replies();
        replies.push(Reply::Interrupt);
        let mut prompter = Scripted::new(replies);
        let Ok(Outcome::Interrupted(answers)) = run(rubric, &mut prompter, empty(rubric)) else {
            panic!("expected an interrupt");
        };
        assert!(answers.values.iter().all(Option::is_some));
    }

    #[test]
    fn prompts_never_reveal_points_or_levels() {
        let rubric = Rubric::embedded();
        let mut replies = mid_replies();
        replies.push(Reply::Select(0));
        let mut prompter = Scripted::new(replies);
        run(rubric, &mut prompter, empty(rubric)).unwrap();
        for line in &prompter.transcript {
            for level in &rubric.levels {
                assert!(!line.contains(&level.name), "{line}");
            }
            assert!(!line.contains("points"), "{line}");
        }
    }
}
