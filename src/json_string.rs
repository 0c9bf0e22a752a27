//! The bytes that matter inside a JSON string: a quote ends it, and a
//! backslash or a control byte means it is not plain text. Both the answers
//! scanner and the result writer look for them eight bytes at a time.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether any of eight bytes is a quote, a backslash or a control byte
/// (the usual bit trick: exact for the word as a whole, though the bit it
/// sets may be on a byte just after the one found).
pub fn may_hold_special(word: u64) -> bool {
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
    let zero = |w: u64| below(w, 1);
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    (quote | backslash | below(word, 0x20)) != 0
}

/// Whether a byte is a quote, a backslash or a control byte.
pub fn is_special(byte: u8) -> bool {
    matches!(byte, b'"' | b'\\' | 0..=0x1f)
}

/// Whether the bytes hold a quote, a backslash or a control byte: eight
/// bytes at a time without stopping early (for the short texts a result
/// holds, one test at the end beats a branch per word).
pub fn has_special(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    let mut seen = false;
    for word in &mut words {
        seen |= may_hold_special(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])));
    }
    seen || words.remainder().iter().any(|&b| is_special(b))
}

/// Where the first quote, backslash or control byte is, if any.
pub fn first_special(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        if may_hold_special(word) {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| is_special(b))
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_special_byte_wherever_it_is() {
        for len in 0..40 {
            for at in 0..=len {
                for special in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                    let mut bytes = vec![b'a'; len];
                    bytes.extend("é中".bytes());
                    if at < len {
                        bytes[at] = special;
                    }
                    let want = (at < len).then_some(at);
                    assert_eq!(first_special(&bytes), want, "{bytes:?}");
                    assert_eq!(has_special(&bytes), want.is_some(), "{bytes:?}");
                }
            }
        }
    }
}
