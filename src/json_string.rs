//! The bytes that matter inside a JSON string: a quote ends it, and a
//! backslash or a control byte means it is not plain text. Both the answers
//! scanner and the result writer look for them eight bytes at a time.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether any of eight bytes may be a quote, a backslash or a control
/// byte. The usual bit trick: it never misses one; it may flag a byte just
/// after one, which only sends the caller to a byte-by-byte check early.
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

/// Whether the bytes hold a quote, a backslash or a control byte. Checks
/// every byte without stopping early, which the compiler turns into vector
/// code: faster than [`first_special`] for the short texts a result holds.
pub fn has_special(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |seen, &b| seen | is_special(b))
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
