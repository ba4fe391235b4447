//! The sidecar parser on any bytes: no panic, and what it reads survives a
//! save (every record and every unreadable line comes back).
#![no_main]

use hamish::notes::sidecar::{parse, serialize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let first = parse(data);
    let bytes = serialize("article.txt", &first.records, &first.bad);
    let again = parse(&bytes);
    assert_eq!(again.records.len(), first.records.len());
    assert_eq!(again.bad.len(), first.bad.len());
    for b in &first.bad {
        assert!(again.bad.iter().any(|x| x.bytes == b.bytes), "lost an unreadable line");
    }
});
