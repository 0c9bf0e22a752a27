//! Reading untrusted inputs: size-capped reads from files or stdin, UTF-8
//! checking, and turning byte offsets into lines, columns and snippets.

use std::io::Read;

use crate::error::{Error, InputSource, Position, Problem};
use crate::text::sanitize;

/// Characters of a long line shown before the column in a snippet.
const SNIPPET_CONTEXT: usize = 40;
/// Characters of a line shown in a snippet at most.
const SNIPPET_WIDTH: usize = 100;

/// Default cap on a rubric file, an answers file or one NDJSON line, in
/// bytes (`--max-input-size` changes it).
pub const INPUT_LIMIT: u64 = 1024 * 1024;
/// Default cap on an answers file, in bytes.
pub const ANSWERS_LIMIT: u64 = INPUT_LIMIT;

/// A text input and the name it is known by in messages.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The name used in messages (a path or `<stdin>`).
    pub name: String,
    /// The whole text.
    pub text: String,
    /// The line number of the text's first line in its file: 1, except for
    /// one line of an NDJSON batch.
    pub first_line: usize,
}

impl SourceText {
    /// Wraps text already in memory.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceText {
            name: name.into(),
            text: text.into(),
            first_line: 1,
        }
    }

    /// One line of a larger file, numbered as in that file.
    pub fn line(name: impl Into<String>, text: impl Into<String>, line: usize) -> Self {
        SourceText {
            first_line: line,
            ..SourceText::new(name, text)
        }
    }

    /// Reads a source, refusing more than `limit` bytes (checked while
    /// reading, so a huge file is never read whole) and non-UTF-8 content.
    pub fn read(source: &InputSource, limit: u64, what: &'static str) -> Result<Self, Error> {
        let name = source.name();
        let read_error = |source| Error::Read {
            name: name.clone(),
            source,
        };
        let mut bytes = Vec::new();
        match source {
            InputSource::Stdin => std::io::stdin()
                .lock()
                .take(limit + 1)
                .read_to_end(&mut bytes),
            InputSource::Path(path) => {
                let file = std::fs::File::open(path).map_err(read_error)?;
                if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                    return Err(read_error(std::io::Error::other("it is a directory")));
                }
                file.take(limit + 1).read_to_end(&mut bytes)
            }
        }
        .map_err(read_error)?;
        if bytes.len() as u64 > limit {
            return Err(Error::TooLarge { name, what, limit });
        }
        Self::from_bytes(name, bytes)
    }

    /// Checks bytes are UTF-8; drops a leading byte-order mark.
    pub fn from_bytes(name: String, mut bytes: Vec<u8>) -> Result<Self, Error> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceText::new(name, text)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
                let pos = position_in(&prefix, valid);
                Err(Error::NotUtf8 {
                    name,
                    line: pos.line,
                    column: pos.column,
                })
            }
        }
    }

    /// The line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let p = position_in(&self.text, offset);
        Position {
            line: p.line + self.first_line - 1,
            ..p
        }
    }

    /// A problem located at a byte range, with the source line and a caret.
    pub fn problem_at(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Problem {
        let position = self.position(span.start);
        Problem {
            position: Some(position),
            path: None,
            message: message.into(),
            snippet: Some(self.snippet(position, span.len())),
        }
    }

    /// The line at `position`, prefixed with its number, and a caret line.
    /// A long line is cut to a window around the column.
    pub fn snippet(&self, position: Position, width: usize) -> String {
        let line: Vec<char> = self
            .text
            .lines()
            .nth(position.line - self.first_line)
            .unwrap_or("")
            .chars()
            .collect();
        let column = (position.column - 1).min(line.len());
        let start = column.saturating_sub(SNIPPET_CONTEXT);
        let end = line.len().min(start + SNIPPET_WIDTH);
        let shown: String = line[start..end].iter().collect();
        let (lead, trail) = (
            if start > 0 { "…" } else { "" },
            if end < line.len() { "…" } else { "" },
        );
        let gutter = position.line.to_string();
        let pad = " ".repeat(gutter.len());
        let width = width.clamp(1, end.saturating_sub(column).max(1));
        let carets = "^".repeat(width);
        let indent = " ".repeat(column - start + lead.chars().count());
        format!(
            "  {pad} |\n  {gutter} | {lead}{}{trail}\n  {pad} | {indent}{carets}",
            sanitize(&shown)
        )
    }
}

/// Line and column (in characters) of a byte offset into `text`.
fn position_in(text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nçd\nef";
        assert_eq!(position_in(text, 0), Position { line: 1, column: 1 });
        assert_eq!(position_in(text, 3), Position { line: 2, column: 1 });
        assert_eq!(position_in(text, 5), Position { line: 2, column: 2 });
        assert_eq!(position_in(text, 100), Position { line: 3, column: 3 });
    }

    #[test]
    fn byte_order_mark_is_dropped_and_bad_utf8_located() {
        let src = SourceText::from_bytes("x".into(), b"\xEF\xBB\xBFok".to_vec()).unwrap();
        assert_eq!(src.text, "ok");
        let err = SourceText::from_bytes("x".into(), b"a\nb\xFF".to_vec()).unwrap_err();
        assert!(matches!(
            err,
            Error::NotUtf8 {
                line: 2,
                column: 2,
                ..
            }
        ));
    }
}
