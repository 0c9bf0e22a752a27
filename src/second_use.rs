//! What is worked out beforehand on its second use: tables that speed up
//! a batch (the planner's ladders, the NDJSON writer's answers, the
//! scorer) would only slow a single assessment down, which uses them once.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A value built when it is used the second time, then shared by every
/// use after (threads included).
#[derive(Debug, Default)]
pub struct SecondUse<T> {
    uses: AtomicUsize,
    value: OnceLock<T>,
}

impl<T> SecondUse<T> {
    /// Nothing built yet, no use counted.
    pub const fn new() -> Self {
        SecondUse {
            uses: AtomicUsize::new(0),
            value: OnceLock::new(),
        }
    }

    /// Counts a use: `None` on the first, then the value, built by `init`
    /// the first time it is wanted.
    pub fn use_once(&self, init: impl FnOnce() -> T) -> Option<&T> {
        if let Some(value) = self.value.get() {
            return Some(value);
        }
        if self.uses.fetch_add(1, Ordering::Relaxed) == 0 {
            return None;
        }
        Some(self.value.get_or_init(init))
    }

    /// The value, if a use has built it.
    pub fn get(&self) -> Option<&T> {
        self.value.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_on_the_second_use_and_only_once() {
        let built = std::cell::Cell::new(0);
        let init = || {
            built.set(built.get() + 1);
            7
        };
        let later = SecondUse::new();
        assert_eq!((later.use_once(init), later.get()), (None, None));
        assert_eq!(later.use_once(init), Some(&7));
        assert_eq!((later.use_once(init), later.get()), (Some(&7), Some(&7)));
        assert_eq!(built.get(), 1);
    }
}
