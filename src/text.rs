//! Making untrusted text safe to show on a terminal.
//!
//! Rubrics and answers files come from other people; their names and prompts
//! must never smuggle escape sequences onto the user's screen.

use std::borrow::Cow;

/// Replaces control characters (ESC, BEL, C1 controls, carriage returns...)
/// with visible `\u{..}` escapes. Tabs become spaces; newlines are kept only
/// when `keep_newlines` asks for it via [`sanitize_multiline`].
pub fn sanitize(text: &str) -> Cow<'_, str> {
    escape_controls(text, false)
}

/// Like [`sanitize`], but keeps line breaks (for multi-line help texts).
pub fn sanitize_multiline(text: &str) -> Cow<'_, str> {
    escape_controls(text, true)
}

/// Whether the text holds a control character that could drive a terminal
/// (anything but a tab or a line break).
pub fn has_control_chars(text: &str) -> bool {
    text.chars().any(is_harmful)
}

/// A control character other than tab and line feed.
pub fn is_harmful(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

fn escape_controls(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Splits sanitized text into lines of at most `width` characters, breaking
/// at spaces (a longer word gets a line of its own).
pub fn wrap_lines(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in sanitize(text).split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wraps text to `width`, indenting every line after the first by `indent`
/// spaces, joined with newlines.
pub fn wrap_hanging(text: &str, width: usize, indent: usize) -> String {
    let lines = wrap_lines(text, width.saturating_sub(indent).max(20));
    lines.join(&format!("\n{}", " ".repeat(indent)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_with_a_hanging_indent() {
        assert_eq!(wrap_lines("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(
            wrap_hanging("one two three four five six", 30, 3),
            "one two three four five six"
        );
        assert_eq!(
            wrap_hanging("alpha beta gamma delta epsilon zeta eta theta", 25, 3),
            "alpha beta gamma delta\n   epsilon zeta eta theta"
        );
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sanitize("a\nb"), "a\\u{a}b");
        assert_eq!(sanitize_multiline("a\nb\x07"), "a\nb\\u{7}");
        assert!(matches!(sanitize("plain 中文"), Cow::Borrowed(_)));
    }
}
