use super::*;

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// The row a terminal shows after `write_order` (spaces taken for
/// blank cells), laid out from the edge of its base direction, as
/// mlterm does a shorter row; `None` if nothing is found or mlterm
/// would have to keep more characters than the row has columns.
fn round_trip(visual: &str, how: Reorder) -> Option<String> {
    let v = chars(visual);
    let blank: Vec<bool> = v.iter().map(|&c| c == ' ').collect();
    let pieces = write_order(&v, &blank, how)?;
    let w = written(&v, &pieces);
    if how == Reorder::FirstStrong && w.len() > v.len() {
        return None;
    }
    let shown: String = shown(&w, how)
        .into_iter()
        .map(|(i, m)| if m { bidi::mirror(w[i]) } else { w[i] })
        .collect();
    let pad = " ".repeat(v.len() - shown.chars().count());
    Some(if how == Reorder::FirstStrong && mlterm_from_right(&w) {
        pad + &shown
    } else {
        shown + &pad
    })
}

#[test]
fn a_terminal_with_a_left_to_right_base_reverses_arabic() {
    // What Konsole does with the logical text of "قال." in a row: the
    // letters reversed, the full stop left at the right end.
    let row = chars("قال.");
    let shown: String = shown(&row, Reorder::LeftToRight)
        .into_iter()
        .map(|(i, _)| row[i])
        .collect();
    assert_eq!(shown, "لاق.");
    // mlterm takes the base from the first letter: the stop goes left.
    let shown: String = shown_fs(&row);
    assert_eq!(shown, ".لاق");
}

fn shown_fs(row: &[char]) -> String {
    shown(row, Reorder::FirstStrong)
        .into_iter()
        .map(|(i, m)| if m { bidi::mirror(row[i]) } else { row[i] })
        .collect()
}

#[test]
fn rows_come_out_as_meant_under_both_policies() {
    // Visual rows as the default mode draws them (checked by eye in
    // tmux): a flush-right line with a bracket, a number and Latin; a
    // line that starts with a number; chrome around text.
    let rows = [
        "      .(AFP) 2017 يف [اوحزن] اًصخش 1,500 نإ لاق",
        "                     لتق 2017",
        "┃ .ﺔﻳﺮﺼﻤﻟﺍ ﺔﻣﻮﻜﺤﻟﺍ ﺖﻟﺎﻗ                 │",
        " hamish · a.txt · ¶ 3/12            ",
        "  (1) ملاحظة: «نص»  ",
    ];
    for row in rows {
        for how in [Reorder::LeftToRight, Reorder::Konsole, Reorder::FirstStrong] {
            assert_eq!(round_trip(row, how).as_deref(), Some(row), "{how:?}");
        }
    }
}

#[test]
fn mlterm_takes_box_drawing_for_a_left_to_right_letter() {
    // As seen in mlterm 3.9: "┃ قال." is laid out left to right (the
    // Arabic word reversed in place, the bar first), "| قال." right to
    // left (the bar goes to the right end).
    let bar = chars("┃ قال.");
    assert_eq!(shown_fs(&bar), "┃ لاق.");
    let pipe = chars("| قال.");
    assert_eq!(shown_fs(&pipe), ".لاق |");
    // Rows with a popup border or the margin mark still come out right.
    for row in [
        "  ┃ .ﺔﻳﺮﺼﻤﻟﺍ ﺔﻣﻮﻜﺤﻟﺍ ﺖﻟﺎﻗ  │ ﻝﺎﻗ ",
        "│ .(AFP) 2017 يف │   ┃",
    ] {
        assert_eq!(round_trip(row, Reorder::FirstStrong).as_deref(), Some(row));
    }
}

#[test]
fn plain_rows_are_written_as_they_are() {
    let v = chars(" hamish — 12 articles ");
    let pieces = write_order(&v, &[false; 22], Reorder::LeftToRight).expect("found");
    assert!(pieces.iter().all(|p| matches!(
        p,
        Piece::Unit {
            mirrored: false,
            ..
        }
    )));
    assert!(pieces.iter().enumerate().all(|(k, p)| *p
        == Piece::Unit {
            index: k,
            mirrored: false
        }));
}

#[test]
fn a_number_at_the_edge_of_an_arabic_run_needs_a_mark() {
    // "2017 قتل" right to left: on screen the word left of the number.
    // No order of these characters alone gives that in a left-to-right
    // row; a right-to-left mark before the run does.
    let v = chars("   لتق 2017");
    let pieces = write_order(&v, &[false; 11], Reorder::LeftToRight).expect("found");
    assert!(pieces.contains(&Piece::Mark(RLM)));
    assert_eq!(
        round_trip("   لتق 2017", Reorder::LeftToRight).as_deref(),
        Some("   لتق 2017")
    );
}

#[test]
fn mlterm_cuts_a_row_at_box_drawing_and_lays_it_out_left_to_right() {
    // mlterm 3.9 (vt_bidi.c, and seen in a window): with a box-drawing
    // character anywhere in the row, every piece between them is laid
    // out left to right, even when the first letter is Arabic.
    assert_eq!(shown_fs(&chars("قال. ┃")), "لاق. ┃");
    assert_eq!(shown_fs(&chars("قال │ قيل")), "لاق │ ليق");
    // Without one, the first strong letter decides.
    assert_eq!(shown_fs(&chars("قال. |")), "| .لاق");
    // Nothing moves in a row without a right-to-left letter.
    assert_eq!(shown_fs(&chars("(a) ┃ b")), "(a) ┃ b");
}

#[test]
fn mlterm_mirrors_brackets_inside_right_to_left_runs() {
    // In "ا(b" the bracket goes with the Arabic letter (right to left)
    // and is mirrored; in "(a) ┃ ا" it is in a left-to-right piece.
    assert_eq!(shown_fs(&chars("ا(b")), "b)ا");
    assert_eq!(shown_fs(&chars("ب (ا)")), "(ا) ب");
    assert_eq!(shown_fs(&chars("(a) ┃ ا")), "(a) ┃ ا");
}

#[test]
fn rows_with_marks_fit_in_as_many_characters_as_columns() {
    // A paragraph's first row in the reader: a blank margin, the text
    // right to left, the tag letters right of it. mlterm needs a mark
    // to take a right-to-left base (the row's first letter written is
    // K), and keeps no more characters than columns: the blank margin
    // at the left makes room for it.
    let row = " ﻕﻼﻄﻧﺍ ﻝﺎﻗﻭ KS  ";
    let v = chars(row);
    let blank: Vec<bool> = v.iter().map(|&c| c == ' ').collect();
    let pieces = write_order(&v, &blank, Reorder::FirstStrong).expect("found");
    assert!(pieces.len() <= v.len(), "{pieces:?}");
    assert!(pieces.iter().any(|p| matches!(p, Piece::Mark(_))));
    assert_eq!(round_trip(row, Reorder::FirstStrong).as_deref(), Some(row));
    // With no blank cell to give up, no order that needs a mark fits.
    let full = "ﻕﻼﻄﻧﺍ ﻝﺎﻗﻭ KS";
    let v = chars(full);
    let blank: Vec<bool> = v.iter().map(|&c| c == ' ').collect();
    if let Some(p) = write_order(&v, &blank, Reorder::FirstStrong) {
        assert!(p.len() <= v.len());
    }
}

#[test]
fn konsole_mirrors_nothing_and_takes_box_drawing_for_letters() {
    // Konsole 22.12 shows "(رويترز)" in a row as ")زرتيور(": the
    // brackets moved with the word but not turned (seen in a window).
    let row = chars("ا(زو)ر");
    let seen: String = shown(&row, Reorder::Konsole)
        .into_iter()
        .map(|(i, m)| {
            assert!(!m);
            row[i]
        })
        .collect();
    assert_eq!(seen, "ر)وز(ا");
    // A border between two Arabic words keeps them apart.
    let row = chars("قال │ قيل");
    let seen: String = shown(&row, Reorder::Konsole)
        .into_iter()
        .map(|(i, _)| row[i])
        .collect();
    assert_eq!(seen, "لاق │ ليق");
    // What hamish writes for it comes out as meant, brackets and all.
    let meant = "      .(AFP) 2017 يف [اوحزن] اًصخش 1,500 نإ لاق";
    assert_eq!(round_trip(meant, Reorder::Konsole).as_deref(), Some(meant));
}
