//! The scorecard as one picture for chat: the sheet laid out as an SVG card, rendered by resvg
//! with the bundled DejaVu Sans (assets/fonts), so the pixels are the same on every machine.

use std::fmt::Write;
use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};
use thiserror::Error;

use super::sheet::Sheet;
use super::svg::{CHART_HEIGHT, CHART_WIDTH, FONT, esc};

/// The card's width in pixels; its height follows from what it holds.
pub const CARD_WIDTH: u32 = 1000;
/// DejaVu Sans (Bitstream Vera licence: assets/fonts/DejaVuSans-LICENSE.txt).
static FONT_DATA: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

const MARGIN: f64 = 20.0;
const LINE: f64 = 20.0;
const GAP: f64 = 10.0;

#[derive(Debug, Error)]
pub enum PngError {
    #[error("the scorecard's drawing could not be read: {0}")]
    Svg(String),
    #[error("the scorecard's picture could not be made: {0}")]
    Render(String),
}

/// The card as SVG: title, each section's figures in three columns, its charts two a row.
pub fn card(sheet: &Sheet) -> String {
    let width = f64::from(CARD_WIDTH);
    let mut body = String::with_capacity(64 * 1024);
    let mut y = MARGIN + 22.0;
    let _ = write!(
        body,
        r#"<text x="{MARGIN}" y="{y}" font-size="22" font-weight="bold">{}</text>"#,
        esc(&sheet.title)
    );
    y += LINE;
    let columns = [width - 330.0, width - MARGIN];
    if let Some(empty) = &sheet.empty {
        y += 4.0;
        let _ = write!(
            body,
            r##"<text x="{MARGIN}" y="{y}" fill="#a15c00">{}</text>"##,
            esc(empty)
        );
        y += LINE;
    }
    for section in &sheet.sections {
        y += GAP + 8.0;
        let _ = write!(
            body,
            r##"<text x="{MARGIN}" y="{y}" font-size="16" font-weight="bold">{}</text><text x="{}" y="{y}" text-anchor="end" font-weight="bold">{}</text><text x="{}" y="{y}" text-anchor="end" fill="#6b7785">{}</text><line x1="{MARGIN}" x2="{}" y1="{}" y2="{}" stroke="#d9dee4"/>"##,
            esc(&section.title),
            columns[0],
            esc(&sheet.columns[0]),
            columns[1],
            esc(&sheet.columns[1]),
            width - MARGIN,
            y + 5.0,
            y + 5.0,
        );
        for row in &section.rows {
            y += LINE;
            let _ = write!(
                body,
                r##"<text x="{MARGIN}" y="{y}">{}</text><text x="{}" y="{y}" text-anchor="end" font-weight="bold">{}</text><text x="{}" y="{y}" text-anchor="end" fill="#6b7785">{}</text>"##,
                esc(&row.label),
                columns[0],
                esc(&row.now),
                columns[1],
                esc(&row.before),
            );
        }
        y += GAP;
        for pair in section.charts.chunks(2) {
            for (i, chart) in pair.iter().enumerate() {
                let x = MARGIN + (CHART_WIDTH + GAP) * i as f64;
                // A chart is a whole <svg>; nested, it is placed by its x and y.
                let placed = chart.replacen("<svg ", &format!(r#"<svg x="{x}" y="{y:.1}" "#), 1);
                body.push_str(&placed);
            }
            y += CHART_HEIGHT + GAP;
        }
    }
    let height = (y + MARGIN).ceil();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="14" fill="#1f2933"><rect width="100%" height="100%" fill="#ffffff"/>{body}</svg>"##
    )
}

/// The card as PNG bytes.
pub fn render(sheet: &Sheet) -> Result<Vec<u8>, PngError> {
    let svg = card(sheet);
    let mut options = usvg::Options {
        font_family: FONT.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    options.font_family = FONT.to_string();
    let tree = usvg::Tree::from_str(&svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| PngError::Render(format!("no canvas of {size:?}")))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    indexed(&pixmap)
}

/// The colours the card is drawn with (svg.rs and `card`): text, muted text, rules, the three
/// series, the warning, and white.
const INKS: [[u8; 3]; 7] = [
    [0x1f, 0x29, 0x33],
    [0x6b, 0x77, 0x85],
    [0xd9, 0xde, 0xe4],
    [0x2f, 0x6f, 0xde],
    [0xb8, 0xc4, 0xd3],
    [0xe0, 0x7b, 0x39],
    [0xa1, 0x5c, 0x00],
];
/// Each ink is also kept at half strength over white, for the edges of text and lines: with
/// white, 15 colours, four bits a pixel.
const EDGES: [u16; 2] = [2, 1];

/// The card as a 4-bit indexed PNG: each pixel as the nearest of the card's inks, each also at
/// half strength over white, and white. A card is a few inks on white, so this loses little
/// one can see and makes the file a fraction of a full-colour one's size, which lets Teams
/// take it inside a message (about 100 KB at most, picture and card together).
fn indexed(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, PngError> {
    let mut palette: Vec<[u8; 3]> = vec![[0xff; 3]];
    for ink in INKS {
        for share in EDGES {
            let over_white = |c: u8| ((u16::from(c) * share + 255 * (2 - share)) / 2) as u8;
            palette.push(ink.map(over_white));
        }
    }
    let mut nearest: std::collections::HashMap<[u8; 3], u8> = std::collections::HashMap::new();
    let width = pixmap.width() as usize;
    let row_bytes = width.div_ceil(2);
    let mut packed = vec![0u8; row_bytes * pixmap.height() as usize];
    for (i, p) in pixmap.pixels().iter().enumerate() {
        // The card has a white background: every pixel is opaque.
        let rgb = [p.red(), p.green(), p.blue()];
        let index = *nearest.entry(rgb).or_insert_with(|| closest(&palette, rgb));
        let (row, column) = (i / width, i % width);
        let byte = &mut packed[row * row_bytes + column / 2];
        *byte |= if column % 2 == 0 { index << 4 } else { index };
    }
    let mut out = Vec::with_capacity(64 * 1024);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Four);
    encoder.set_palette(palette.concat());
    encoder.set_compression(png::Compression::High);
    encoder.set_filter(png::Filter::NoFilter);
    let render = |e: png::EncodingError| PngError::Render(e.to_string());
    let mut writer = encoder.write_header().map_err(render)?;
    writer.write_image_data(&packed).map_err(render)?;
    writer.finish().map_err(render)?;
    Ok(out)
}

fn closest(palette: &[[u8; 3]], rgb: [u8; 3]) -> u8 {
    let distance = |c: &[u8; 3]| -> u32 {
        c.iter()
            .zip(rgb)
            .map(|(a, b)| (i32::from(*a) - i32::from(b)).unsigned_abs().pow(2))
            .sum()
    };
    let best = (0..palette.len()).min_by_key(|&i| distance(&palette[i]));
    best.and_then(|i| u8::try_from(i).ok()).unwrap_or(0)
}

/// The bundled font, loaded once: no system font is ever looked at.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT_DATA.to_vec());
        db.set_sans_serif_family(FONT);
        Arc::new(db)
    })
    .clone()
}
