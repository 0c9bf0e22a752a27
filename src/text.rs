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

/// Text with its first letter upper-cased ("level 2" -> "Level 2").
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// How many terminal columns text takes: CJK characters take two.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Text padded with spaces to `columns` terminal columns (wide characters
/// counted as two), for tables that line up in any language.
pub fn pad(text: &str, columns: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    padded
}

/// Splits sanitized text into lines of at most `width` terminal columns,
/// breaking at spaces or between wide (CJK) characters, which need no
/// space; a longer word gets a line of its own.
pub fn wrap_lines(text: &str, columns: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for (spaced, token) in tokens(&sanitize(text)) {
        let gap = usize::from(spaced && !line.is_empty());
        let size = width(token);
        // Closing punctuation stays on the line it closes, even if that
        // line runs a column or two long.
        let glued = !spaced && token.starts_with(CLOSING);
        if !line.is_empty() && !glued && used + gap + size > columns {
            lines.push(std::mem::take(&mut line));
            used = 0;
        } else if gap == 1 {
            line.push(' ');
            used += 1;
        }
        line.push_str(token);
        used += size;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Punctuation that must not start a line.
const CLOSING: &[char] = &[
    ',', '.', ';', ':', '!', '?', ')', ']', '}', '，', '。', '、', '；', '：', '！', '？', '）',
    '》', '」', '』',
];

/// Words, and each wide character on its own, with whether whitespace came
/// before it.
fn tokens(text: &str) -> Vec<(bool, &str)> {
    let mut tokens = Vec::new();
    let mut spaced = false;
    let mut start: Option<usize> = None;
    let wide = |c: char| unicode_width::UnicodeWidthChar::width(c) == Some(2);
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || wide(c) {
            if let Some(s) = start.take() {
                tokens.push((spaced, &text[s..i]));
                spaced = false;
            }
            if c.is_whitespace() {
                spaced = true;
            } else {
                tokens.push((spaced, &text[i..i + c.len_utf8()]));
                spaced = false;
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.push((spaced, &text[s..]));
    }
    tokens
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
    fn wraps_chinese_between_characters_by_width() {
        assert_eq!(
            wrap_lines("带领产品团队 and more", 8),
            ["带领产品", "团队 and", "more"]
        );
        assert_eq!(width("高级产品经理"), 12);
        assert_eq!(pad("经验", 6), "经验  ");
    }

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
