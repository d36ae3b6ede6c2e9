//! The two embedded faces (DejaVu Sans and DejaVu Sans Bold, `assets/fonts/`, licence
//! beside them) and their advance widths, which the layout measures text with.

use std::sync::OnceLock;

use printpdf::ParsedFont;

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Characters below this have their widths in a table; others are looked up.
const TABLE_CHARS: usize = 0x600;

/// One embedded face and its advance widths in em.
pub struct Face {
    pub parsed: ParsedFont,
    widths: Vec<f32>,
}

impl Face {
    fn parse(bytes: &[u8]) -> Face {
        let mut warnings = Vec::new();
        // The bytes are compiled in and the tests render with them: a failure here is a
        // build defect, not something a user can cause.
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings).expect("the embedded DejaVu font parses");
        let mut face = Face {
            parsed,
            widths: Vec::new(),
        };
        face.widths = (0..TABLE_CHARS)
            .map(|code| char::from_u32(code as u32).map_or(0.0, |ch| face.lookup(ch)))
            .collect();
        face
    }

    fn lookup(&self, ch: char) -> f32 {
        let units = f32::from(self.parsed.pdf_font_metrics.units_per_em.max(1));
        let glyph = self.parsed.lookup_glyph_index(u32::from(ch)).unwrap_or(0);
        f32::from(self.parsed.get_horizontal_advance(glyph)) / units
    }

    /// The advance of one character in em.
    pub fn advance(&self, ch: char) -> f32 {
        match self.widths.get(ch as usize) {
            Some(width) => *width,
            None => self.lookup(ch),
        }
    }
}

/// The two embedded faces, parsed once per process (parsing does not affect output).
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn get() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            regular: Face::parse(REGULAR_TTF),
            bold: Face::parse(BOLD_TTF),
        })
    }

    pub fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }

    /// Width of `text` in points.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = self.face(bold);
        text.chars().map(|ch| face.advance(ch)).sum::<f32>() * size
    }
}
