//! Styles for dark and light backgrounds. Whenever a style sets a
//! background it sets a foreground that reads on it, and every pair
//! reaches WCAG contrast (4.5:1 for text, 3:1 for marks) against xterm's
//! palette, in 16 colours, 256 colours and 24-bit (checked in the tests).
//! Without colour (`NO_COLOR`) everything still reads through reverse
//! video, bold and marks.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    pub depth: Depth,
    /// The terminal's background is light.
    pub light: bool,
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// 24-bit (`COLORTERM=truecolor` or `24bit`).
    True,
    /// `TERM` names a 256-colour terminal.
    Ansi256,
    Ansi16,
}

impl Depth {
    pub fn from_env(colorterm: Option<&str>, term: Option<&str>) -> Depth {
        let ct = colorterm.unwrap_or("").to_ascii_lowercase();
        if ct == "truecolor" || ct == "24bit" {
            Depth::True
        } else if term.is_some_and(|t| t.contains("256color")) {
            Depth::Ansi256
        } else {
            Depth::Ansi16
        }
    }

    /// An RGB colour as this terminal can show it.
    pub fn color(self, (r, g, b): (u8, u8, u8)) -> Color {
        match self {
            Depth::True => Color::Rgb(r, g, b),
            Depth::Ansi256 => {
                let level = |v: u8| (u16::from(v) * 5 + 127) / 255;
                Color::Indexed((16 + 36 * level(r) + 6 * level(g) + level(b)) as u8)
            }
            Depth::Ansi16 => {
                let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
                // A coloured tag stays coloured: greys only for greyish input.
                let greyish = r.max(g).max(b) - r.min(g).min(b) < 40;
                BASIC
                    .iter()
                    .skip(1)
                    .filter(|(c, _)| greyish == matches!(c, Color::Gray | Color::DarkGray))
                    .filter(|(c, _)| *c != Color::White)
                    .min_by_key(|(_, (x, y, z))| {
                        (r - i32::from(*x)).pow(2)
                            + (g - i32::from(*y)).pow(2)
                            + (b - i32::from(*z)).pow(2)
                    })
                    .map_or(Color::White, |(c, _)| *c)
            }
        }
    }
}

/// xterm's 16 colours.
const BASIC: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 85, 85)),
    (Color::LightGreen, (85, 255, 85)),
    (Color::LightYellow, (255, 255, 85)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 85, 255)),
    (Color::LightCyan, (85, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// The RGB a colour shows as in xterm (`None`: the terminal's default).
pub fn rgb_of(c: Color) -> Option<(u8, u8, u8)> {
    match c {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i) if i < 16 => Some(BASIC[usize::from(i)].1),
        Color::Indexed(i) if i < 232 => {
            let i = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            Some((level(i / 36), level(i / 6 % 6), level(i % 6)))
        }
        Color::Indexed(i) => {
            let v = 8 + 10 * (i - 232);
            Some((v, v, v))
        }
        Color::Reset => None,
        named => BASIC.iter().find(|(n, _)| *n == named).map(|(_, rgb)| *rgb),
    }
}

/// WCAG relative luminance.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// Whether black text reads better on `rgb` than white text does.
pub fn is_light(rgb: (u8, u8, u8)) -> bool {
    contrast(rgb, (0, 0, 0)) > contrast(rgb, (255, 255, 255))
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// A terminal's own text and background colours, as a dark and a light
/// theme usually have them.
pub fn default_colors(light: bool) -> ((u8, u8, u8), (u8, u8, u8)) {
    if light {
        ((0, 0, 0), (255, 255, 255))
    } else {
        ((229, 229, 229), (0, 0, 0))
    }
}

/// Whether `COLORFGBG` (`fg;bg`, set by rxvt, Konsole and others) says the
/// background is light: colour 7 or 9 to 15.
pub fn colorfgbg_light(v: &str) -> Option<bool> {
    let bg: u8 = v.rsplit(';').next()?.trim().parse().ok()?;
    Some(bg == 7 || (9..=15).contains(&bg))
}

impl Theme {
    /// From the environment; `light` is the config's `theme` (`None`:
    /// auto, from `COLORFGBG`, else dark).
    pub fn from_env(light: Option<bool>) -> Theme {
        let var = |k| std::env::var(k).ok();
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            depth: Depth::from_env(var("COLORTERM").as_deref(), var("TERM").as_deref()),
            light: light
                .or_else(|| var("COLORFGBG").as_deref().and_then(colorfgbg_light))
                .unwrap_or(false),
        }
    }

    /// One of three colours, as deep as the terminal shows.
    fn pick(self, rgb: (u8, u8, u8), indexed: u8, basic: Color) -> Color {
        match self.depth {
            Depth::True => Color::Rgb(rgb.0, rgb.1, rgb.2),
            Depth::Ansi256 => Color::Indexed(indexed),
            Depth::Ansi16 => basic,
        }
    }

    pub fn bar(self) -> Style {
        if self.color {
            Style::new()
                .fg(self.pick((255, 255, 255), 231, Color::White))
                .bg(self.pick((0, 0, 238), 19, Color::Blue))
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// The paragraph being read: a band of its own, with its own text colour.
    pub fn cursor_text(self) -> Style {
        match (self.color, self.light) {
            (false, _) => Style::new(),
            (true, false) => Style::new()
                .fg(self.pick((238, 238, 238), 255, Color::White))
                .bg(self.pick((48, 48, 48), 236, Color::Black)),
            (true, true) => Style::new()
                .fg(self.pick((0, 0, 0), 16, Color::Black))
                .bg(self.pick((228, 228, 228), 254, Color::Gray)),
        }
    }
    pub fn gutter(self) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        match (self.color, self.light) {
            (false, _) => s,
            (true, false) => s.fg(self.pick((205, 205, 0), 184, Color::Yellow)),
            (true, true) => s.fg(self.pick((175, 95, 0), 130, Color::Red)),
        }
    }
    /// The phrase being selected.
    pub fn selection(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    /// A tagged phrase: underlined (it reads without colour), in its
    /// first tag's colour.
    pub fn phrase(self, rgb: Option<(u8, u8, u8)>) -> Style {
        let s = rgb.map_or(Style::new(), |c| {
            self.tag(c).remove_modifier(Modifier::BOLD)
        });
        s.add_modifier(Modifier::UNDERLINED)
    }
    pub fn hit(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// A hit in a list's snippet: bold and underlined, so it shows on
    /// the selected (reversed) row too, and without colour.
    pub fn list_hit(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    /// The current search match: reversed, in a colour (so its background
    /// is that colour, its text the terminal's background).
    pub fn current_hit(self) -> Style {
        let s =
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED);
        match (self.color, self.light) {
            (false, _) => s,
            (true, false) => s.fg(self.pick((205, 205, 0), 184, Color::Yellow)),
            (true, true) => s.fg(self.pick((0, 0, 238), 19, Color::Blue)),
        }
    }
    pub fn note(self) -> Style {
        let s = Style::new().add_modifier(Modifier::ITALIC);
        match (self.color, self.light) {
            (false, _) => s,
            (true, false) => s.fg(self.pick((0, 205, 205), 44, Color::Cyan)),
            (true, true) => s.fg(self.pick((0, 95, 135), 24, Color::Blue)),
        }
    }
    /// A tag's mark: its colour, bold (the letter reads without colour),
    /// made darker (or lighter) until it stands out from the background.
    pub fn tag(self, rgb: (u8, u8, u8)) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if !self.color {
            return s;
        }
        let (_, bg) = default_colors(self.light);
        let toward = if self.light { 0.0 } else { 255.0 };
        let mut rgb = rgb;
        for _ in 0..12 {
            let c = self.depth.color(rgb);
            if rgb_of(c).is_some_and(|shown| contrast(shown, bg) >= 3.0) {
                return s.fg(c);
            }
            let step = |v: u8| (f64::from(v) + (toward - f64::from(v)) * 0.2).round() as u8;
            rgb = (step(rgb.0), step(rgb.1), step(rgb.2));
        }
        s
    }
    pub fn dim(self) -> Style {
        match (self.color, self.light) {
            (false, _) => Style::new(),
            (true, false) => Style::new().fg(self.pick((128, 128, 128), 244, Color::DarkGray)),
            (true, true) => Style::new().fg(self.pick((88, 88, 88), 240, Color::Black)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a style shows: text and background colours, reverse video
    /// applied, the terminal's defaults where the style leaves them.
    fn shown(style: Style, light: bool) -> ((u8, u8, u8), (u8, u8, u8)) {
        let (dfg, dbg) = default_colors(light);
        let fg = style.fg.and_then(rgb_of).unwrap_or(dfg);
        let bg = style.bg.and_then(rgb_of).unwrap_or(dbg);
        if style.add_modifier.contains(Modifier::REVERSED) {
            // Reversed: the style's colour becomes the background.
            (style.bg.and_then(rgb_of).unwrap_or(dbg), fg)
        } else {
            (fg, bg)
        }
    }

    #[test]
    fn every_style_reads_on_dark_and_light_backgrounds_at_every_depth() {
        for depth in [Depth::True, Depth::Ansi256, Depth::Ansi16] {
            for light in [false, true] {
                let t = Theme {
                    color: true,
                    depth,
                    light,
                };
                let text = [
                    ("bar", t.bar()),
                    ("selected", t.selected()),
                    ("cursor", t.cursor_text()),
                    ("hit", t.hit()),
                    ("current hit", t.current_hit()),
                    ("note", t.note()),
                    ("dim", t.dim()),
                ];
                for (name, style) in text {
                    let (fg, bg) = shown(style, light);
                    let c = contrast(fg, bg);
                    assert!(c >= 4.5, "{name} {depth:?} light={light}: {c:.2}");
                }
                let mut marks = vec![("gutter", t.gutter())];
                for tag in crate::config::Config::builtin().tags {
                    marks.push(("tag", t.tag(tag.color)));
                }
                // Pale and dark colours a user might choose.
                marks.push(("pale tag", t.tag((250, 240, 200))));
                marks.push(("dark tag", t.tag((20, 10, 40))));
                for (name, style) in marks {
                    let (fg, bg) = shown(style, light);
                    let c = contrast(fg, bg);
                    assert!(c >= 3.0, "{name} {depth:?} light={light}: {c:.2}");
                }
            }
        }
    }

    #[test]
    fn light_and_dark_backgrounds_are_told_apart() {
        assert!(is_light((255, 255, 255)) && is_light((253, 246, 227)));
        assert!(!is_light((0, 0, 0)) && !is_light((30, 30, 46)) && !is_light((0, 43, 54)));
    }

    #[test]
    fn colorfgbg_tells_light_from_dark() {
        assert_eq!(colorfgbg_light("0;15"), Some(true));
        assert_eq!(colorfgbg_light("15;default;0"), Some(false));
        assert_eq!(colorfgbg_light("0;7"), Some(true));
        assert_eq!(colorfgbg_light("7;8"), Some(false));
        assert_eq!(colorfgbg_light("nonsense"), None);
    }

    #[test]
    fn xterm_palette_values() {
        assert_eq!(rgb_of(Color::Indexed(236)), Some((48, 48, 48)));
        assert_eq!(rgb_of(Color::Indexed(24)), Some((0, 95, 135)));
        assert_eq!(rgb_of(Color::Indexed(231)), Some((255, 255, 255)));
        assert_eq!(rgb_of(Color::Yellow), Some((205, 205, 0)));
    }
}
