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
pub fn push_tenths(out: &mut String, x: f64, style: Style) -> bool {
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
    if let Some(text) = small_tenths(tenths) {
        let whole = tenths % 10 == 0 && style == Style::Shortest;
        out.push_str(if whole { &text[..text.len() - 2] } else { text });
        return true;
    }
    push_whole(out, tenths / 10);
    if tenths % 10 != 0 || style == Style::OneDecimal {
        out.push('.');
        out.push(char::from(b'0' + (tenths % 10) as u8));
    }
    true
}

/// Width of a cell of [`TENTHS`].
const CELL: usize = 5;
/// How many numbers [`TENTHS`] holds: `0.0` to `999.9`, which covers every
/// score (0 to 100) and weight.
const TENTHS_COUNT: usize = 10_000;

/// Every number of tenths below [`TENTHS_COUNT`] as `{:.1}` writes it,
/// right-aligned in cells of [`CELL`] bytes (`  0.0`, `587.3`), made at
/// compile time. A full result writes about sixty scores; copying each
/// from here is cheaper than writing its digits one by one.
static TENTHS: &str = match std::str::from_utf8(&TENTHS_BYTES) {
    Ok(text) => text,
    Err(_) => panic!("the table is ASCII digits, dots and spaces"),
};

static TENTHS_BYTES: [u8; CELL * TENTHS_COUNT] = {
    let mut table = [b' '; CELL * TENTHS_COUNT];
    let mut i = 0;
    while i < TENTHS_COUNT {
        let (mut n, mut at) = (i / 10, (i + 1) * CELL - 1);
        table[at] = b'0' + (i % 10) as u8;
        table[at - 1] = b'.';
        at -= 2;
        loop {
            table[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
            at -= 1;
        }
        i += 1;
    }
    table
};

/// `tenths` as `{:.1}` writes it (`587.3`), when it is in [`TENTHS`].
fn small_tenths(tenths: u64) -> Option<&'static str> {
    let t = usize::try_from(tenths).ok().filter(|&t| t < TENTHS_COUNT)?;
    let digits = match t {
        0..=99 => 3,
        100..=999 => 4,
        _ => 5,
    };
    TENTHS.get((t + 1) * CELL - digits..(t + 1) * CELL)
}

/// Appends a whole number, as `{}` would.
pub fn push_whole(out: &mut String, n: u64) {
    if n >= 10 {
        push_whole(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tabled_number_reads_as_format_writes_it() {
        for t in 0..TENTHS_COUNT as u64 + 2 {
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
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
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
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
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
