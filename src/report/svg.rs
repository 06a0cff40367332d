//! Charts as SVG text, drawn by Tandem: no script, no network, one font. Every bar and point
//! carries its series, label and value as `data-` attributes, so what is drawn can be checked.

use std::fmt::Write;

/// A chart's size in pixels.
pub const CHART_WIDTH: f64 = 480.0;
pub const CHART_HEIGHT: f64 = 210.0;
/// The font every text is set in (bundled for the PNG: `report::png`).
pub const FONT: &str = "DejaVu Sans";

const TOP: f64 = 34.0;
const BOTTOM: f64 = 30.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 10.0;
const INK: &str = "#1f2933";
const MUTED: &str = "#6b7785";
const GRID: &str = "#d9dee4";
/// Series colours, in order: this month (or the first series), then the month before.
const COLOURS: [&str; 3] = ["#2f6fde", "#b8c4d3", "#e07b39"];

/// One series of a chart: a name for the legend and a value per label (`None`: no data).
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

impl Series {
    pub fn new(name: impl Into<String>, values: Vec<Option<f64>>) -> Series {
        Series {
            name: name.into(),
            values,
        }
    }
}

/// What a chart shows: a title, a label per column, the series, the unit of the axis.
pub struct Chart<'a> {
    pub title: &'a str,
    pub labels: &'a [String],
    pub series: &'a [Series],
    pub unit: &'a str,
}

/// Bars per label, grouped by series, with a dashed `target` line when there is one.
pub fn bars(chart: &Chart<'_>, target: Option<f64>) -> String {
    let scale = Scale::of(chart, target);
    let mut out = open(chart, &scale);
    let n = chart.series.len().max(1) as f64;
    let slot = scale.slot();
    let width = (slot * 0.8 / n).min(28.0);
    for (s, series) in chart.series.iter().enumerate() {
        for (i, value) in series.values.iter().enumerate() {
            let Some(value) = value else { continue };
            let x = LEFT + slot * i as f64 + (slot - width * n) / 2.0 + width * s as f64;
            // A zero is drawn as a hairline, so it reads as zero rather than as missing.
            let y = scale.y(*value).min(scale.base() - 1.0);
            let _ = write!(
                out,
                r#"<rect class="bar" data-series="{}" data-label="{}" data-value="{}" x="{x:.1}" y="{y:.1}" width="{width:.1}" height="{:.1}" fill="{}"/>"#,
                esc(&series.name),
                esc(label(chart, i)),
                number(*value),
                scale.base() - y,
                COLOURS[s % COLOURS.len()],
            );
        }
    }
    if let Some(target) = target {
        let y = scale.y(target);
        let _ = write!(
            out,
            r#"<line class="target" data-value="{}" x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{}" stroke-dasharray="5 3" stroke-width="1.5"/>"#,
            number(target),
            CHART_WIDTH - RIGHT,
            COLOURS[2],
        );
    }
    close(out)
}

/// Points per label joined by a line per series; a label without data breaks the line.
pub fn lines(chart: &Chart<'_>) -> String {
    let scale = Scale::of(chart, None);
    let mut out = open(chart, &scale);
    let slot = scale.slot();
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    for (s, series) in chart.series.iter().enumerate() {
        let colour = [COLOURS[0], COLOURS[2]][s % 2];
        for run in runs(&series.values).iter().filter(|r| r.len() > 1) {
            let points: Vec<String> = run
                .iter()
                .map(|(i, v)| format!("{:.1},{:.1}", x(*i), scale.y(*v)))
                .collect();
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
                points.join(" ")
            );
        }
        for (i, value) in series.values.iter().enumerate() {
            let Some(value) = value else { continue };
            let _ = write!(
                out,
                r#"<circle class="point" data-series="{}" data-label="{}" data-value="{}" cx="{:.1}" cy="{:.1}" r="3.5" fill="{colour}"/>"#,
                esc(&series.name),
                esc(label(chart, i)),
                number(*value),
                x(i),
                scale.y(*value),
            );
        }
    }
    close(out)
}

/// Escapes text for SVG and HTML.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A value as the `data-value` attribute writes it: whole numbers without a point.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

struct Scale {
    max: f64,
    columns: usize,
}

impl Scale {
    fn of(chart: &Chart<'_>, target: Option<f64>) -> Scale {
        let highest = chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .chain(target.iter())
            .fold(0.0_f64, |a, b| a.max(*b));
        // A share is always shown out of 100%.
        let max = if chart.unit == "%" {
            100.0
        } else {
            nice(highest)
        };
        Scale {
            max,
            columns: chart.labels.len().max(1),
        }
    }

    fn base(&self) -> f64 {
        CHART_HEIGHT - BOTTOM
    }

    fn y(&self, value: f64) -> f64 {
        self.base() - (value.max(0.0) / self.max) * (self.base() - TOP)
    }

    fn slot(&self) -> f64 {
        (CHART_WIDTH - LEFT - RIGHT) / self.columns as f64
    }
}

/// The smallest of 1, 2, 5 × 10ⁿ at or above `value` (at least 1).
fn nice(value: f64) -> f64 {
    let mut step = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            if m * step >= value {
                return m * step;
            }
        }
        step *= 10.0;
        if step > 1e12 {
            return value;
        }
    }
}

fn label<'a>(chart: &'a Chart<'_>, i: usize) -> &'a str {
    chart.labels.get(i).map_or("", |l| l.as_str())
}

/// Runs of consecutive values with data, with their positions.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut all: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => all.last_mut().map_or((), |run| run.push((i, *v))),
            None => all.push(Vec::new()),
        }
    }
    all.into_iter().filter(|r| !r.is_empty()).collect()
}

/// The frame: title, legend, axis, grid and labels.
fn open(chart: &Chart<'_>, scale: &Scale) -> String {
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{CHART_WIDTH}" height="{CHART_HEIGHT}" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" font-family="{FONT}" font-size="11" fill="{INK}"><text x="0" y="14" font-size="13" font-weight="bold">{}</text>"#,
        esc(chart.title)
    );
    let mut legend_x = CHART_WIDTH - RIGHT;
    for (s, series) in chart.series.iter().enumerate().rev() {
        let colour = COLOURS[s % COLOURS.len()];
        legend_x -= 12.0 + 7.0 * series.name.chars().count() as f64;
        let _ = write!(
            out,
            r#"<rect x="{legend_x:.1}" y="19" width="9" height="9" fill="{colour}"/><text x="{:.1}" y="27" fill="{MUTED}">{}</text>"#,
            legend_x + 12.0,
            esc(&series.name)
        );
    }
    for fraction in [0.0, 0.5, 1.0] {
        let value = scale.max * fraction;
        let y = scale.y(value);
        let _ = write!(
            out,
            r#"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{GRID}"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="{MUTED}">{}{}</text>"#,
            CHART_WIDTH - RIGHT,
            LEFT - 4.0,
            y + 4.0,
            number(value),
            esc(chart.unit)
        );
    }
    let slot = scale.slot();
    // Every other label where they would crowd each other.
    let every = if slot < 50.0 { 2 } else { 1 };
    for (i, text) in chart.labels.iter().enumerate() {
        if !(chart.labels.len() - 1 - i).is_multiple_of(every) {
            continue;
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{MUTED}" font-size="10">{}</text>"#,
            LEFT + slot * (i as f64 + 0.5),
            CHART_HEIGHT - BOTTOM + 14.0,
            esc(text)
        );
    }
    if chart
        .series
        .iter()
        .all(|s| s.values.iter().all(Option::is_none))
    {
        let _ = write!(
            out,
            r#"<text class="no-data" x="{:.1}" y="{:.1}" text-anchor="middle" fill="{MUTED}" font-size="13">no data</text>"#,
            LEFT + (CHART_WIDTH - LEFT - RIGHT) / 2.0,
            (TOP + scale.base()) / 2.0
        );
    }
    out
}

fn close(mut out: String) -> String {
    out.push_str("</svg>");
    out
}
