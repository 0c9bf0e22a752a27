//! The radar chart of the HTML reports, as plain SVG: one axis per
//! dimension, rings every 25 points, and one polygon per series (a person's
//! scores, a level's floors). Only geometry and markup live here; what the
//! series are is the caller's business.

use std::fmt::Write as _;

use super::html::escape;

/// The chart's square size, in SVG user units.
const SIZE: f64 = 420.0;
/// The distance from the centre to a score of 100; the rest is label room.
const RADIUS: f64 = 140.0;

/// One polygon: a label for the legend, a CSS class for its look, and a
/// score (0..=100) per axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Shown in the legend.
    pub label: String,
    /// A class defined by the report's stylesheet (`you`, `floor`, `next`...).
    pub class: &'static str,
    /// One score per axis, in axis order.
    pub scores: Vec<f64>,
}

/// Where a score sits on an axis: axis 0 points straight up and the axes
/// go clockwise, evenly spaced; a score of 100 is [`RADIUS`] from the
/// centre. Scores are clamped to 0..=100.
pub fn point(axis: usize, axes: usize, score: f64) -> (f64, f64) {
    let angle = std::f64::consts::TAU * axis as f64 / axes as f64 - std::f64::consts::FRAC_PI_2;
    let r = RADIUS * score.clamp(0.0, 100.0) / 100.0;
    let centre = SIZE / 2.0;
    (centre + r * angle.cos(), centre + r * angle.sin())
}

/// An SVG `points` list for one score per axis.
pub fn polygon_points(scores: &[f64]) -> String {
    scores
        .iter()
        .enumerate()
        .map(|(axis, &s)| {
            let (x, y) = point(axis, scores.len(), s);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The whole chart: rings, axes with their labels, then each series.
/// `title` names the chart for screen readers.
pub fn svg(title: &str, axes: &[String], series: &[Series]) -> String {
    let n = axes.len().max(1);
    let mut svg = format!(
        r#"<svg class="radar" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-labelledby="radar-title" xmlns="http://www.w3.org/2000/svg"><title id="radar-title">{}</title>"#,
        escape(title)
    );
    for ring in [25.0, 50.0, 75.0, 100.0] {
        let _ = write!(
            svg,
            r#"<polygon class="ring" points="{}"/>"#,
            polygon_points(&vec![ring; n])
        );
    }
    for (axis, label) in axes.iter().enumerate() {
        let (x, y) = point(axis, n, 100.0);
        let (lx, ly) = point(axis, n, 118.0);
        let centre = SIZE / 2.0;
        let anchor = match lx - centre {
            d if d > 1.0 => "start",
            d if d < -1.0 => "end",
            _ => "middle",
        };
        let _ = write!(
            svg,
            r#"<line class="axis" x1="{centre:.1}" y1="{centre:.1}" x2="{x:.1}" y2="{y:.1}"/><text class="axis-label" x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}" dominant-baseline="middle">{}</text>"#,
            escape(label)
        );
    }
    for s in series {
        let _ = write!(
            svg,
            r#"<polygon class="series {}" points="{}"><title>{}</title></polygon>"#,
            s.class,
            polygon_points(&s.scores),
            escape(&s.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn scores_sit_at_their_radius_clockwise_from_the_top() {
        let c = SIZE / 2.0;
        // Four axes: up, right, down, left.
        assert!(close(point(0, 4, 100.0), (c, c - RADIUS)));
        assert!(close(point(1, 4, 50.0), (c + RADIUS / 2.0, c)));
        assert!(close(point(2, 4, 25.0), (c, c + RADIUS / 4.0)));
        assert!(close(point(3, 4, 100.0), (c - RADIUS, c)));
        assert!(close(point(1, 4, 0.0), (c, c)));
        // Out-of-range scores are clamped to the chart.
        assert!(close(point(0, 4, 150.0), point(0, 4, 100.0)));
        assert!(close(point(0, 4, -5.0), (c, c)));
        // Five axes: 72 degrees apart, so the distance is still the score.
        for axis in 0..5 {
            let (x, y) = point(axis, 5, 60.0);
            let r = ((x - c).powi(2) + (y - c).powi(2)).sqrt();
            assert!((r - RADIUS * 0.6).abs() < 1e-9);
        }
    }

    #[test]
    fn the_chart_has_a_ring_per_quarter_an_axis_per_dimension_and_a_polygon_per_series() {
        let axes: Vec<String> = ["A", "B", "C", "D"].map(String::from).to_vec();
        let you = Series {
            label: "You <3".into(),
            class: "you",
            scores: vec![100.0, 50.0, 0.0, 25.0],
        };
        let svg = svg("Scores", &axes, &[you]);
        assert_eq!(svg.matches(r#"class="ring""#).count(), 4);
        assert_eq!(svg.matches(r#"class="axis""#).count(), 4);
        assert!(svg.contains(r#"points="210.0,70.0 280.0,210.0 210.0,210.0 175.0,210.0""#));
        assert!(svg.contains("You &lt;3"), "{svg}");
    }
}
