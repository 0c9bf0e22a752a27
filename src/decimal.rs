//! Scores as decimal text, written without `core::fmt` when they can be.
//!
//! Every score is rounded to one decimal ([`crate::scoring::round1`]), and
//! batches write tens of them per person; `core::fmt` costs hundreds of
//! instructions a number (thousands for `{:.1}`). For a number that is
//! already one decimal, the digits are known: the same text, much cheaper.
//! Anything else goes through `core::fmt`, so the output never changes.

use std::fmt::Write;

use crate::scoring::round_half_away;

/// How to write the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As `{}` (Display): `25`, `58.5`.
    Shortest,
    /// As `{:.1}`: `25.0`, `58.5`.
    OneDecimal,
}

/// Appends `x` to `out` exactly as `format!` would in that style.
pub fn push(out: &mut String, x: f64, style: Style) {
    if !push_tenths(out, x, style) {
        let _ = match style {
            Style::Shortest => write!(out, "{x}"),
            Style::OneDecimal => write!(out, "{x:.1}"),
        };
    }
}

/// Appends `x` as [`push`] would if it is a number of tenths below 1e9 (the
/// numbers written without `core::fmt`) and says so; otherwise appends
/// nothing and says `false`, for the caller's own fallback.
#[inline]
pub fn push_tenths(out: &mut String, x: f64, style: Style) -> bool {
    // Scores (0 to 100) and weights take the short way.
    if is_small(x) {
        return match small_tenths(x) {
            Some(tenths) => {
                push_small(out, tenths, style);
                true
            }
            None => false,
        };
    }
    push_large_tenths(out, x, style)
}

/// `x` as a whole number of tenths, if it is the double nearest one below
/// [`SMALL`] and not negative: the numbers written from a table.
#[inline]
pub fn tenths_of(x: f64) -> Option<u32> {
    if is_small(x) { small_tenths(x) } else { None }
}

#[inline]
fn is_small(x: f64) -> bool {
    (0.0..SMALL).contains(&x) && x.is_sign_positive()
}

/// [`tenths_of`] for an `x` known to be small.
#[inline]
fn small_tenths(x: f64) -> Option<u32> {
    // Rounded up from half: whenever `x` is a number of tenths, `x * 10`
    // is within a hair of it, and any other `x` fails the check below.
    let tenths = (x * 10.0 + 0.5) as u32;
    (TENTHS.get(tenths as usize) == Some(&x)).then_some(tenths)
}

/// [`push_tenths`] for numbers outside the small range, apart so that the
/// common case stays small enough to inline where a line writes dozens of
/// scores (it paid for saving and restoring this path's registers on
/// every call).
#[cold]
#[inline(never)]
fn push_large_tenths(out: &mut String, x: f64, style: Style) -> bool {
    // Tenths, if `x` is the double nearest a number of tenths; below 1e9 the
    // doubles are dense enough that those tenths are also what `{}` and
    // `{:.1}` print.
    let tenths = round_half_away(x.abs() * 10.0);
    if tenths >= 1e10 || tenths / 10.0 != x.abs() {
        return false;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    // Below 1e10, so exact as an i64: one conversion instruction, where a
    // float to u64 is a branchy sequence on x86-64.
    let tenths = tenths as i64 as u64;
    push_whole(out, tenths / 10);
    if tenths % 10 != 0 || style == Style::OneDecimal {
        out.push('.');
        out.push(digit(tenths % 10));
    }
    true
}

/// Below this, numbers are written digit by digit without a loop.
const SMALL: f64 = 1000.0;

/// The double nearest each number of tenths below [`SMALL`], worked out at
/// compile time: looking one up is quicker than dividing (a batch checks
/// every score it writes against it).
static TENTHS: [f64; 10_000] = {
    let mut table = [0.0; 10_000];
    let mut t = 0;
    while t < table.len() {
        table[t] = t as f64 / 10.0;
        t += 1;
    }
    table
};

/// `tenths` (below ten thousand) as [`push_tenths`] writes it: copied
/// from [`TENTHS_TEXT`], a fixed-width copy and a cut, which is cheaper
/// than working out and pushing digit after digit (an NDJSON line writes
/// sixty-odd scores).
fn push_small(out: &mut String, tenths: u32, style: Style) {
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let digits = 1 + usize::from(whole >= 10) + usize::from(whole >= 100);
    let len = if tenth == 0 && style == Style::Shortest {
        digits
    } else {
        digits + 2
    };
    let start = tenths as usize * TEXT_WIDTH;
    out.push_str(&TENTHS_TEXT[start..start + TEXT_WIDTH]);
    out.truncate(out.len() - TEXT_WIDTH + len);
}

/// How wide each number's text is in [`TENTHS_TEXT`]: `999.9`.
const TEXT_WIDTH: usize = 5;

/// Every number of tenths below [`SMALL`] as `{:.1}` writes it, left
/// aligned in [`TEXT_WIDTH`] bytes and padded with spaces (ASCII, so any
/// cut is on a character boundary), worked out at compile time.
static TENTHS_TEXT: &str = {
    static BYTES: [u8; 10_000 * TEXT_WIDTH] = {
        let mut bytes = [b' '; 10_000 * TEXT_WIDTH];
        let mut t = 0;
        while t < 10_000 {
            let (whole, at) = (t / 10, t * TEXT_WIDTH);
            let mut i = at;
            if whole >= 100 {
                bytes[i] = b'0' + (whole / 100) as u8;
                i += 1;
            }
            if whole >= 10 {
                bytes[i] = b'0' + (whole / 10 % 10) as u8;
                i += 1;
            }
            bytes[i] = b'0' + (whole % 10) as u8;
            bytes[i + 1] = b'.';
            bytes[i + 2] = b'0' + (t % 10) as u8;
            t += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("digits are ASCII"),
    }
};

/// The digit `n` (below ten).
fn digit(n: impl Into<u64>) -> char {
    char::from(b'0' + (n.into() % 10) as u8)
}

/// Appends a whole number, as `{}` would.
pub fn push_whole(out: &mut String, n: u64) {
    if n >= 10 {
        push_whole(out, n / 10);
    }
    out.push(digit(n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_small_number_reads_as_format_writes_it() {
        for t in 0..10_002_u64 {
            let x = t as f64 / 10.0;
            for (style, want) in [
                (Style::OneDecimal, format!("{x:.1}")),
                (Style::Shortest, format!("{x}")),
            ] {
                let mut got = String::new();
                push(&mut got, x, style);
                assert_eq!(got, want, "{t} tenths");
            }
        }
    }

    #[test]
    fn writes_what_format_writes() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut samples = vec![0.0, -0.0, 25.0, 58.5, 0.1, 99.95, 100.0, 1e9, 999_999_999.9];
        samples.extend([
            1e10,
            12.25,
            1.0 / 3.0,
            f64::NAN,
            f64::INFINITY,
            -7.5,
            5e-324,
        ]);
        for _ in 0..20_000 {
            let x = crate::scoring::tests::xorshift(&mut state);
            samples.push(crate::scoring::round1(
                (x % 2_000_001) as f64 / 100.0 - 5000.0,
            ));
            samples.push(f64::from_bits(x));
        }
        for v in samples {
            let (mut shortest, mut fixed) = (String::new(), String::new());
            push(&mut shortest, v, Style::Shortest);
            push(&mut fixed, v, Style::OneDecimal);
            assert_eq!(shortest, format!("{v}"), "{v:?}");
            assert_eq!(fixed, format!("{v:.1}"), "{v:?}");
            let mut whole = String::new();
            push_whole(&mut whole, v.to_bits());
            assert_eq!(whole, v.to_bits().to_string());
        }
    }
}
