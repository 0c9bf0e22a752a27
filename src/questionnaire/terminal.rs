//! The terminal prompter, built on inquire. inquire draws on stderr, puts
//! the terminal in raw mode only while a prompt is up and restores it on
//! Ctrl-C, so stdout stays clean for the report.

use std::io::Write;

use inquire::error::InquireError;
use inquire::ui::RenderConfig;
use inquire::validator::Validation;
use inquire::{Confirm, CustomType, MultiSelect, Select, Text};

use super::prompt::{Ask, PromptError, Prompter};
use crate::answers::format_number;
use crate::lang::{Words, fill};
use crate::text::{width as columns, wrap_hanging};

/// Lines are wrapped to the terminal, but never wider than this, to read well.
const MAX_WIDTH: usize = 100;

/// Narrower than this, wrapping would do more harm than good.
const MIN_WIDTH: usize = 40;

/// The width to wrap prompt text to: the terminal's, less a margin. A
/// terminal that reports no size (0x0) is treated as 80 wide.
fn width() -> usize {
    let columns = match crossterm::terminal::size() {
        Ok((w, _)) if w > 0 => w as usize,
        _ => 80,
    };
    columns.clamp(MIN_WIDTH, MAX_WIDTH) - 2
}

/// A prompt message wrapped under inquire's `? ` prefix.
fn message(text: &str) -> String {
    wrap_hanging(text, width() - 2, 2)
}

/// Options wrapped so continuation lines sit under the text: past inquire's
/// cursor (`> `, or `> [ ] ` for a multi-select), which it does not repeat
/// on continuation lines, and past a scale's `1 ` number.
fn options(list: &[String], cursor: usize) -> Vec<String> {
    list.iter()
        .map(|o| {
            if columns(o) + cursor <= width() {
                return o.clone();
            }
            let number = o
                .find(' ')
                .filter(|&i| i <= 2 && o[..i].chars().all(|c| c.is_ascii_digit()))
                .map_or(0, |i| i + 1);
            wrap_hanging(o, width(), cursor + number)
        })
        .collect()
}

/// Prompts on the real terminal.
pub struct Terminal {
    render: RenderConfig<'static>,
    page_size: usize,
    words: &'static Words,
}

impl Terminal {
    /// A terminal prompter speaking `words`; `color` false draws without
    /// styles (NO_COLOR).
    pub fn new(color: bool, words: &'static Words) -> Self {
        Terminal {
            words,
            render: if color {
                RenderConfig::default_colored()
            } else {
                RenderConfig::empty()
            },
            // Enough for the 15-line review list on an 80x24 screen.
            page_size: 14,
        }
    }
}

/// Answers shown after a prompt is done: one short line, so the history of
/// answers stays readable.
const SUMMARY_WIDTH: usize = 32;

fn summary(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SUMMARY_WIDTH {
        flat
    } else {
        let cut: String = flat.chars().take(SUMMARY_WIDTH - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

fn failed(error: InquireError) -> PromptError {
    match error {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => {
            PromptError::Interrupted
        }
        other => PromptError::Failed(other.to_string()),
    }
}

fn help(ask: &Ask) -> Option<&str> {
    (!ask.help.is_empty()).then_some(ask.help.as_str())
}

impl Prompter for Terminal {
    fn show(&mut self, text: &str) {
        let wrapped: Vec<String> = text.lines().map(|l| wrap_hanging(l, width(), 0)).collect();
        let _ = writeln!(std::io::stderr(), "{}\n", wrapped.join("\n"));
    }

    fn number(
        &mut self,
        ask: &Ask,
        min: f64,
        max: f64,
        default: Option<f64>,
    ) -> Result<f64, PromptError> {
        let range = fill(
            self.words.number_range,
            &[("min", &format_number(min)), ("max", &format_number(max))],
        );
        let error = fill(self.words.number_error, &[("range", &range)]);
        let invalid = error.clone();
        let help_text = match help(ask) {
            Some(h) => format!("{h} ({range})"),
            None => range.clone(),
        };
        let (message, help_text) = (message(&ask.message), wrap_hanging(&help_text, width(), 1));
        let mut prompt = CustomType::<f64>::new(&message)
            .with_help_message(&help_text)
            .with_error_message(&error)
            .with_formatter(&|n| format_number(n))
            .with_render_config(self.render)
            .with_validator(move |n: &f64| {
                Ok(if n.is_finite() && (min..=max).contains(n) {
                    Validation::Valid
                } else {
                    Validation::Invalid(invalid.clone().into())
                })
            });
        if let Some(d) = default {
            prompt = prompt
                .with_default(d)
                .with_default_value_formatter(&|n| format_number(n));
        }
        prompt.prompt().map_err(failed)
    }

    fn select(
        &mut self,
        ask: &Ask,
        options: &[String],
        start: usize,
    ) -> Result<usize, PromptError> {
        let message = message(&ask.message);
        let help_text = help(ask).map(|h| wrap_hanging(h, width(), 1));
        let mut prompt = Select::new(&message, self::options(options, 2))
            .with_starting_cursor(start)
            .with_page_size(self.page_size)
            .with_formatter(&|o| summary(o.value))
            .with_render_config(self.render)
            .without_filtering();
        if let Some(h) = &help_text {
            prompt = prompt.with_help_message(h);
        }
        prompt.raw_prompt().map(|o| o.index).map_err(failed)
    }

    fn multi_select(
        &mut self,
        ask: &Ask,
        options: &[String],
        selected: &[usize],
    ) -> Result<Vec<usize>, PromptError> {
        let keys = self.words.multi_help;
        let hint = match help(ask) {
            Some(h) => format!("{h} ({keys})"),
            None => keys.to_string(),
        };
        let (message, hint) = (message(&ask.message), wrap_hanging(&hint, width(), 1));
        MultiSelect::new(&message, self::options(options, 6))
            .with_default(selected)
            .with_page_size(self.page_size)
            .with_help_message(&hint)
            .with_formatter(&|list| {
                summary(
                    &list
                        .iter()
                        .map(|o| o.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            })
            .with_render_config(self.render)
            .without_filtering()
            .raw_prompt()
            .map(|list| list.into_iter().map(|o| o.index).collect())
            .map_err(failed)
    }

    fn confirm(&mut self, message: &str, default: bool) -> Result<bool, PromptError> {
        Confirm::new(message)
            .with_default(default)
            .with_render_config(self.render)
            .prompt()
            .map_err(failed)
    }

    fn text(&mut self, message: &str, default: &str) -> Result<String, PromptError> {
        Text::new(message)
            .with_default(default)
            .with_render_config(self.render)
            .prompt()
            .map_err(failed)
    }
}
