//! The pipeline tested as strings: paragraph + width -> printed lines.
//! Expected strings were written by hand from the Unicode rules and checked
//! by reading them (visual order, leftmost character first).

use super::*;

const PLAIN: Options = Options {
    shape: false,
    direction: Direction::Auto,
    reorder: true,
    apply_bidi_controls: true,
};

fn render(text: &str, width: usize) -> Vec<String> {
    render_paragraph(text, width, PLAIN)
}

#[test]
fn arabic_is_reversed_and_flush_right() {
    assert_eq!(render("مرحبا بكم", 12), ["   مكب ابحرم"]);
}

#[test]
fn brackets_and_guillemets_are_mirrored() {
    assert_eq!(render("(رويترز)", 8), ["(زرتيور)"]);
    assert_eq!(render("«سانا»", 6), ["«اناس»"]);
    assert_eq!(render("قال [مصدر] إن", 13), ["نإ [ردصم] لاق"]);
}

#[test]
fn numbers_and_english_keep_their_order() {
    assert_eq!(render("عام 2014 م", 10), ["م 2014 ماع"]);
    assert_eq!(render("الساعة 11.30 مساء", 17), ["ءاسم 11.30 ةعاسلا"]);
    assert_eq!(
        render("قال U.S. officials اليوم", 24),
        ["مويلا U.S. officials لاق"]
    );
}

#[test]
fn ltr_paragraph_with_arabic_word() {
    assert_eq!(
        render("The word سلام means peace", 40),
        ["The word مالس means peace"]
    );
}

#[test]
fn harakat_stay_on_their_letter() {
    // شَنَّ reversed by cluster: نَّ then شَ.
    assert_eq!(render("شَنَّ", 2), ["نَّشَ"]);
}

#[test]
fn wrapping_keeps_logical_order_across_lines() {
    // First line holds the first words of the sentence (rightmost first).
    assert_eq!(
        render("واحد اثنان ثلاثة أربعة", 12),
        ["  نانثا دحاو", " ةعبرأ ةثالث"]
    );
}

#[test]
fn lam_alef_dense_lines_are_measured_per_cell() {
    // Every ال becomes alef+lam after reversal; each is two cells.
    let para = "الاستقلال الكامل لا الا لا";
    for w in 5..30 {
        for line in render(para, w) {
            assert_eq!(width::str_width(&line), w, "line {line:?} at width {w}");
        }
    }
}

#[test]
fn shaping_joins_letters() {
    let opts = Options::default();
    // سلام: seen initial, lam-alef final, meem isolated; reversed for display.
    assert_eq!(
        render_paragraph("سلام", 3, opts),
        ["\u{FEE1}\u{FEFC}\u{FEB3}"]
    );
}

#[test]
fn format_characters_are_not_printed() {
    let out = render("a\u{202E}bc\u{202C}d\u{200F}", 10);
    assert_eq!(out, ["acbd"]);
}

#[test]
fn lone_mark_gets_a_dotted_circle() {
    // No strong character: an LTR paragraph, flush left.
    assert_eq!(render("\u{064E}", 4), ["\u{25CC}\u{064E}"]);
    // A mark on the alef of lam-alef sits on the ligature: no circle.
    let shaped = render_paragraph("لاَ", 4, Options::default());
    assert_eq!(shaped, ["   \u{FEFB}\u{064E}"]);
}

#[test]
fn terminal_bidi_mode_keeps_logical_order() {
    let opts = Options {
        reorder: false,
        ..PLAIN
    };
    assert_eq!(render_paragraph("مرحبا (1)", 10, opts), [" مرحبا (1)"]);
}

#[test]
fn segments_map_back_to_logical_bytes() {
    let p = Prepared::new("ab سلام", PLAIN);
    let line = &p.lines(20)[0];
    // Visual: "ab مالس"; the leftmost Arabic cell is the last logical letter.
    assert_eq!(line.text, "ab مالس");
    let m = &line.segments[3];
    assert_eq!(&line.text[m.text.clone()], "م");
    assert_eq!(&"ab سلام"[m.logical.clone()], "م");
}

#[test]
fn one_line_cuts_with_an_ellipsis_on_the_logical_end() {
    let l = one_line("واحد اثنان ثلاثة", 11, PLAIN);
    // RTL: the text goes on to the left, so the ellipsis is leftmost.
    assert_eq!(l.text, "…نانثا دحاو");
    assert_eq!(l.cells, 11);
    let l = one_line("one two three", 8, PLAIN);
    assert_eq!(l.text, "one two…");
    assert_eq!(one_line("short", 8, PLAIN).text, "short");
}

#[test]
fn bidi_overrides_are_neutralised_and_marked_unless_applied() {
    // "Trojan Source": an RLO makes "abc" display as "cba".
    let text = "x \u{202E}abc\u{202C} y";
    let safe = Options {
        apply_bidi_controls: false,
        ..PLAIN
    };
    assert_eq!(render_paragraph(text, 20, safe), ["x ⁞abc⁞ y"]);
    assert_eq!(render_paragraph(text, 20, PLAIN), ["x cba y"]);
    // Offsets do not move: the mark maps back to the control's bytes.
    let p = Prepared::new(text, safe);
    let line = &p.lines(20)[0];
    let mark = &line.segments[2];
    assert_eq!(&text[mark.logical.clone()], "\u{202E}");
}

#[test]
fn a_space_after_a_prepended_mark_is_still_a_break() {
    // U+06DD (end of ayah) joins the following space into one grapheme
    // cluster; the space must still be where the line breaks, and dropped.
    assert_eq!(render("ab\u{06DD} cd", 3), ["ab\u{06DD}", "cd"]);
}

#[test]
fn an_applied_override_may_end_a_line_with_its_space() {
    // UAX #9: the LRO run (level 2) holds the space; the line reads
    // ى then the forced-LTR run, so the space meets the right edge. Only an
    // applied embedding or override does this; neutralised (the default),
    // every character is right to left and the space stays inside.
    assert_eq!(render("\u{202D}بت \u{202C}ى", 6), ["  ىبت "]);
    let neutral = Options {
        apply_bidi_controls: false,
        ..PLAIN
    };
    assert_eq!(
        render_paragraph("\u{202D}بت \u{202C}ى", 8, neutral),
        ["  ى⁞ تب⁞"]
    );
}
