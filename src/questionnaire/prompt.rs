//! The small set of prompts the questionnaire needs, as a trait, so the
//! flow runs against a real terminal ([`super::terminal`]) or a script
//! ([`Scripted`], for tests).

use std::collections::VecDeque;

/// Why a prompt returned no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptError {
    /// The person pressed Ctrl-C or Esc: save progress and stop.
    Interrupted,
    /// The terminal failed (closed, not a terminal...).
    Failed(String),
}

/// What a prompt asks: a message, and help shown under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The question line.
    pub message: String,
    /// Help shown with it (may be empty).
    pub help: String,
}

/// The prompts a questionnaire can show.
pub trait Prompter {
    /// Shows informational text (a welcome, a note) on the prompt stream.
    fn show(&mut self, text: &str);
    /// Asks for a number in `min..=max`, re-asking in place on bad input.
    fn number(
        &mut self,
        ask: &Ask,
        min: f64,
        max: f64,
        default: Option<f64>,
    ) -> Result<f64, PromptError>;
    /// Asks to pick one option; returns its index.
    fn select(&mut self, ask: &Ask, options: &[String], start: usize)
    -> Result<usize, PromptError>;
    /// Asks to pick any options; returns their indexes.
    fn multi_select(
        &mut self,
        ask: &Ask,
        options: &[String],
        selected: &[usize],
    ) -> Result<Vec<usize>, PromptError>;
    /// Asks yes or no.
    fn confirm(&mut self, message: &str, default: bool) -> Result<bool, PromptError>;
    /// Asks for a line of text.
    fn text(&mut self, message: &str, default: &str) -> Result<String, PromptError>;
}

/// One scripted reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// For `number`.
    Number(f64),
    /// For `select`.
    Select(usize),
    /// For `multi_select`.
    Multi(Vec<usize>),
    /// For `confirm`.
    Confirm(bool),
    /// For `text`.
    Text(String),
    /// Ctrl-C at this prompt.
    Interrupt,
}

/// A prompter that replays replies and records what was asked.
#[derive(Debug, Default)]
pub struct Scripted {
    replies: VecDeque<Reply>,
    /// Every message asked and text shown, in order.
    pub transcript: Vec<String>,
}

impl Scripted {
    /// A prompter that will give these replies in order.
    pub fn new(replies: impl IntoIterator<Item = Reply>) -> Self {
        Scripted {
            replies: replies.into_iter().collect(),
            transcript: Vec::new(),
        }
    }

    fn next(&mut self, asked: &str) -> Result<Reply, PromptError> {
        self.transcript.push(asked.to_string());
        match self.replies.pop_front() {
            Some(Reply::Interrupt) => Err(PromptError::Interrupted),
            Some(reply) => Ok(reply),
            None => Err(PromptError::Failed(format!(
                "no scripted reply for: {asked}"
            ))),
        }
    }
}

fn unexpected(reply: Reply, wanted: &str) -> PromptError {
    PromptError::Failed(format!("scripted {reply:?} where {wanted} was asked"))
}

impl Prompter for Scripted {
    fn show(&mut self, text: &str) {
        self.transcript.push(text.to_string());
    }

    fn number(
        &mut self,
        ask: &Ask,
        min: f64,
        max: f64,
        _default: Option<f64>,
    ) -> Result<f64, PromptError> {
        match self.next(&ask.message)? {
            Reply::Number(n) if (min..=max).contains(&n) => Ok(n),
            other => Err(unexpected(other, "a number in range")),
        }
    }

    fn select(
        &mut self,
        ask: &Ask,
        options: &[String],
        _start: usize,
    ) -> Result<usize, PromptError> {
        match self.next(&ask.message)? {
            Reply::Select(i) if i < options.len() => Ok(i),
            other => Err(unexpected(other, "a select")),
        }
    }

    fn multi_select(
        &mut self,
        ask: &Ask,
        options: &[String],
        _selected: &[usize],
    ) -> Result<Vec<usize>, PromptError> {
        match self.next(&ask.message)? {
            Reply::Multi(list) if list.iter().all(|&i| i < options.len()) => Ok(list),
            other => Err(unexpected(other, "a multi-select")),
        }
    }

    fn confirm(&mut self, message: &str, _default: bool) -> Result<bool, PromptError> {
        match self.next(message)? {
            Reply::Confirm(yes) => Ok(yes),
            other => Err(unexpected(other, "a confirm")),
        }
    }

    fn text(&mut self, message: &str, _default: &str) -> Result<String, PromptError> {
        match self.next(message)? {
            Reply::Text(text) => Ok(text),
            other => Err(unexpected(other, "a text")),
        }
    }
}
