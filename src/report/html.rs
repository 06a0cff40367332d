//! The scorecard as one self-contained HTML page: inline SVG charts, no script, no link to
//! anything, laid out to print on one A4 page.

use std::fmt::Write;

use super::sheet::{Section, Sheet};
use super::svg::{FONT, esc};

/// On screen, up to 1000px wide; in print, one A4 page with up to `MARKETERS_BY_NAME`
/// marketers each a row (tests/it/scorecard.rs prints it in Chromium and counts the pages).
const STYLE: &str = r#"
@page { size: A4 portrait; margin: 10mm; }
body { font-family: "FONT", "Helvetica Neue", Arial, sans-serif; color: #1f2933; margin: 16px auto; max-width: 1000px; font-size: 13px; }
h1 { font-size: 20px; margin: 0 0 2px; }
p.lede { color: #6b7785; margin: 0 0 10px; }
p.empty { background: #fff4e5; padding: 6px 10px; border-radius: 4px; }
section { break-inside: avoid; margin: 0 0 10px; }
h2 { font-size: 15px; margin: 8px 0 4px; border-bottom: 1px solid #d9dee4; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: right; padding: 2px 8px; }
th:first-child, td:first-child { text-align: left; }
td.now { font-weight: bold; }
td.before, th.before { color: #6b7785; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 2%; margin-top: 4px; }
.charts svg { width: 49%; height: auto; }
@media print {
  body { margin: 0; font-size: 9px; max-width: none; }
  h1 { font-size: 14px; } p.lede { margin-bottom: 4px; }
  h2 { font-size: 11px; margin: 3px 0 2px; }
  th, td { padding: 0 6px; }
  .charts { gap: 2px 1%; margin-top: 2px; }
  .charts svg { width: 32%; }
  section { margin-bottom: 3px; }
}
"#;

/// The whole page.
pub fn page(sheet: &Sheet) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{}</style></head><body>",
        esc(&sheet.title),
        STYLE.replace("FONT", FONT)
    );
    let _ = write!(
        out,
        "<h1>{}</h1><p class=\"lede\">Sales × Marketing: each figure beside {}’s.</p>",
        esc(&sheet.title),
        esc(&sheet.columns[1])
    );
    if let Some(empty) = &sheet.empty {
        let _ = write!(out, "<p class=\"empty\">{}</p>", esc(empty));
    }
    for section in &sheet.sections {
        write_section(&mut out, section, &sheet.columns);
    }
    out.push_str("</body></html>\n");
    out
}

fn write_section(out: &mut String, section: &Section, columns: &[String; 2]) {
    let _ = write!(
        out,
        "<section><h2>{}</h2><table><thead><tr><th></th><th>{}</th><th class=\"before\">{}</th></tr></thead><tbody>",
        esc(&section.title),
        esc(&columns[0]),
        esc(&columns[1])
    );
    for row in &section.rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"now\">{}</td><td class=\"before\">{}</td></tr>",
            esc(&row.label),
            esc(&row.now),
            esc(&row.before)
        );
    }
    out.push_str("</tbody></table>");
    if !section.charts.is_empty() {
        out.push_str("<div class=\"charts\">");
        for chart in &section.charts {
            out.push_str(chart);
        }
        out.push_str("</div>");
    }
    out.push_str("</section>");
}
