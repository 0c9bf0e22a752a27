//! The interactive questionnaire: asks a rubric's questions one by one,
//! lets the person review and change any answer, and never loses one.
//!
//! The flow ([`flow`]) only talks to a [`prompt::Prompter`]; the terminal
//! implementation ([`terminal`]) uses inquire, and tests use
//! [`prompt::Scripted`].

pub mod flow;
pub mod prompt;
pub mod terminal;

pub use flow::{Outcome, run};
pub use prompt::{Ask, PromptError, Prompter};
