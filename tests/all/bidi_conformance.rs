//! Unicode's BidiCharacterTest.txt (15.0.0, vendored gzipped from Debian's
//! unicode-data) drives level resolution and the reorder step (L1, L2).

use std::io::Read;

use hamish::text::bidi::{self, Direction, l1_class};

const DATA: &[u8] = include_bytes!("../data/BidiCharacterTest-15.0.0.txt.gz");

#[test]
fn bidi_character_test_passes() {
    let mut text = String::new();
    flate2::read::GzDecoder::new(DATA)
        .read_to_string(&mut text)
        .expect("the vendored file decompresses");
    let mut cases = 0;
    let mut failures = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split(';').collect();
        assert_eq!(f.len(), 5, "line {}: malformed", n + 1);
        let chars: Vec<char> = f[0]
            .split_whitespace()
            .map(|h| char::from_u32(u32::from_str_radix(h, 16).expect("hex")).expect("scalar"))
            .collect();
        let direction = match f[1] {
            "0" => Direction::Ltr,
            "1" => Direction::Rtl,
            _ => Direction::Auto,
        };
        let para_level: u8 = f[2].parse().expect("level");
        let expected_levels: Vec<Option<u8>> =
            f[3].split_whitespace().map(|l| l.parse().ok()).collect();
        let expected_order: Vec<usize> = f[4]
            .split_whitespace()
            .map(|i| i.parse().expect("index"))
            .collect();
        cases += 1;

        let s: String = chars.iter().collect();
        let (byte_levels, rtl) = bidi::resolve(&s, direction);
        let mut levels: Vec<u8> = s.char_indices().map(|(i, _)| byte_levels[i]).collect();
        bidi::line_levels(&mut levels, u8::from(rtl), |i| l1_class(chars[i]));
        let order: Vec<usize> = bidi::visual_order(&levels)
            .into_iter()
            .filter(|&i| expected_levels[i].is_some())
            .collect();
        let levels_ok = expected_levels
            .iter()
            .zip(&levels)
            .all(|(e, got)| e.is_none_or(|e| e == *got));
        if u8::from(rtl) != para_level || !levels_ok || order != expected_order {
            failures.push(n + 1);
        }
    }
    assert!(cases > 90_000, "only {cases} cases read");
    // No deliberate exceptions: every case must pass.
    assert!(
        failures.is_empty(),
        "{} of {cases} cases fail, first lines: {:?}",
        failures.len(),
        &failures[..failures.len().min(20)]
    );
}
