//! Which scores a rubric can produce at all, so validation can reject a level
//! that no set of answers can reach.
//!
//! A [`ScoreSet`] is a union of closed intervals. A question's possible points
//! are a set (a number question's curve gives a whole interval); a dimension's
//! possible scores are the weighted Minkowski sum of its questions' sets.

/// Past this many intervals, the nearest neighbours are merged: the set then
/// over-approximates (never misses a reachable score), and the work per rubric
/// stays bounded whatever the rubric holds.
const MAX_INTERVALS: usize = 2048;

/// A set of scores, as sorted, disjoint, closed intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreSet {
    intervals: Vec<(f64, f64)>,
}

impl ScoreSet {
    /// The set holding just the given values.
    pub fn points(values: impl IntoIterator<Item = f64>) -> Self {
        Self::from_intervals(values.into_iter().map(|v| (v, v)).collect())
    }

    /// The closed interval `lo..=hi`.
    pub fn range(lo: f64, hi: f64) -> Self {
        Self::from_intervals(vec![(lo, hi)])
    }

    fn from_intervals(mut intervals: Vec<(f64, f64)>) -> Self {
        intervals.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f64, f64)> = Vec::with_capacity(intervals.len());
        for (lo, hi) in intervals {
            match merged.last_mut() {
                Some(last) if lo <= last.1 + 1e-9 => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        if merged.len() > MAX_INTERVALS {
            merged = close_smallest_gaps(merged);
        }
        ScoreSet { intervals: merged }
    }

    /// The values in either set.
    pub fn union(&self, other: &ScoreSet) -> ScoreSet {
        Self::from_intervals([&self.intervals[..], &other.intervals[..]].concat())
    }

    /// Every value, with those above `cap` brought down to it.
    pub fn capped(&self, cap: f64) -> ScoreSet {
        Self::from_intervals(
            self.intervals
                .iter()
                .map(|&(a, b)| (a.min(cap), b.min(cap)))
                .collect(),
        )
    }

    /// Every `a + b * scale` for `a` in `self`, `b` in `other`.
    pub fn add_scaled(&self, other: &ScoreSet, scale: f64) -> ScoreSet {
        let mut sums = Vec::with_capacity(self.intervals.len() * other.intervals.len());
        for &(a, b) in &self.intervals {
            for &(c, d) in &other.intervals {
                sums.push((a + c * scale, b + d * scale));
            }
        }
        Self::from_intervals(sums)
    }

    /// The values at or above `lo` and strictly below `hi`.
    pub fn within(&self, lo: f64, hi: f64) -> ScoreSet {
        let intervals = self
            .intervals
            .iter()
            .filter(|&&(a, b)| b >= lo && a < hi)
            .map(|&(a, b)| (a.max(lo), b.min(hi - 1e-9)))
            .filter(|&(a, b)| a <= b)
            .collect();
        ScoreSet { intervals }
    }

    /// The largest value, if the set is not empty.
    pub fn max(&self) -> Option<f64> {
        self.intervals.last().map(|i| i.1)
    }

    /// The smallest value, if the set is not empty.
    pub fn min(&self) -> Option<f64> {
        self.intervals.first().map(|i| i.0)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.intervals.is_empty()
    }
}

/// Sorted, disjoint intervals brought down to [`MAX_INTERVALS`] by closing
/// the smallest gaps between neighbours (the first of equal gaps first).
/// Closing one gap leaves every other gap as it was, so closing the
/// smallest ones at once is the same as closing them one by one, in
/// O(n log n) rather than O(n²).
fn close_smallest_gaps(intervals: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let excess = intervals.len() - MAX_INTERVALS;
    let mut gaps: Vec<usize> = (1..intervals.len()).collect();
    let gap = |i: usize| intervals[i].0 - intervals[i - 1].1;
    gaps.sort_by(|&i, &j| gap(i).total_cmp(&gap(j)).then(i.cmp(&j)));
    let mut close = vec![false; intervals.len()];
    for &i in &gaps[..excess] {
        close[i] = true;
    }
    let mut kept: Vec<(f64, f64)> = Vec::with_capacity(MAX_INTERVALS);
    for (i, interval) in intervals.into_iter().enumerate() {
        match kept.last_mut() {
            Some(last) if close[i] => last.1 = interval.1,
            _ => kept.push(interval),
        }
    }
    kept
}

impl FromIterator<f64> for ScoreSet {
    fn from_iter<I: IntoIterator<Item = f64>>(values: I) -> Self {
        ScoreSet::points(values)
    }
}

/// The raw score a rounded score must reach to meet threshold `need`.
///
/// Scores are rounded to one decimal before they are compared, so a raw score
/// `x` meets `need` when `round(10x) >= ceil(10 * need)`.
pub fn raw_threshold(need: f64) -> f64 {
    ((need * 10.0 - 1e-9).ceil() - 0.5) / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_merge_and_restrict() {
        let scale = ScoreSet::points([0.0, 50.0, 100.0]);
        let two = scale.add_scaled(&scale, 1.0);
        assert_eq!(two, ScoreSet::points([0.0, 50.0, 100.0, 150.0, 200.0]));
        let with_range = two.add_scaled(&ScoreSet::range(0.0, 60.0), 1.0);
        assert_eq!(with_range, ScoreSet::range(0.0, 260.0));
        assert_eq!(two.within(40.0, 150.0).max(), Some(100.0));
        assert!(two.within(101.0, 149.0).is_empty());
    }

    #[test]
    fn past_the_bound_the_smallest_gaps_close_first() {
        let n = MAX_INTERVALS + 3;
        // Points 10 apart, except three pairs only 1 apart.
        let mut values: Vec<f64> = (0..n).map(|i| i as f64 * 10.0).collect();
        for i in [5, 100, 1000] {
            values[i] = values[i - 1] + 1.0;
        }
        let set = ScoreSet::points(values.clone());
        assert_eq!(set.intervals.len(), MAX_INTERVALS);
        for i in [5, 100, 1000] {
            assert!(set.intervals.contains(&(values[i - 1], values[i])));
        }
        // Over-approximates: every value is still in the set.
        assert!(
            values
                .iter()
                .all(|v| set.intervals.iter().any(|&(a, b)| a <= *v && *v <= b))
        );
    }

    #[test]
    fn raw_threshold_matches_rounding() {
        let t = raw_threshold(60.0);
        assert!(((t * 10.0).round() / 10.0) >= 60.0);
        assert!((((t - 0.001) * 10.0).round() / 10.0) < 60.0);
    }
}
