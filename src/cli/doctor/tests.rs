use super::*;

#[test]
fn copies_are_known_by_their_exact_names() {
    let s = "a.txt.annotations.jsonl";
    let conflict = |n: &str| copy_of(n) == Some((s.to_string(), Copy::Conflict));
    assert!(conflict("a.txt.annotations.jsonl.orig"));
    assert!(conflict("a.txt.annotations.jsonl~HEAD"));
    assert!(conflict("a.txt.annotations_LOCAL_1234.jsonl"));
    assert!(conflict("a.txt.annotations_REMOTE_99.jsonl"));
    assert!(conflict(
        "a.txt.annotations.sync-conflict-20261101-101010-ABCDEFG.jsonl"
    ));
    assert!(conflict("a.txt.annotations (conflicted copy).jsonl"));
    assert!(conflict(
        "a.txt.annotations (Laila's conflicted copy 2026-11-01).jsonl"
    ));
    assert_eq!(
        copy_of(".a.txt.annotations.jsonl.Ab3dE6gH.tmp"),
        Some((s.to_string(), Copy::Leftover))
    );
    assert_eq!(
        copy_of(".a.txt.annotations.jsonl.tmp-4242"),
        Some((s.to_string(), Copy::Leftover))
    );
    assert_eq!(
        copy_of(".a.txt.annotations.jsonl.bak.Ab3dE6gH.tmp"),
        Some((s.to_string(), Copy::StaleBak))
    );
    // Look-alikes are not copies.
    for n in [
        "report.txt.annotations.md",
        "a.txt.annotations.jsonl",
        "a.txt.annotations.jsonl.bak",
        "a.txt.annotations.jsonl.lock",
        ".a.txt.annotations.jsonl.short.tmp",
        "a.txt.annotations_LOCAL_x.jsonl",
        "a.txt.annotations.jsonl.merged",
        "notes.jsonl",
    ] {
        let got = copy_of(n);
        assert!(
            got.is_none() || got.as_ref().is_some_and(|(side, _)| side != s),
            "{n}: {got:?}"
        );
    }
}

/// Work done on every core comes back whole and in the items' order,
/// whatever the items take (some slow ones among them).
#[test]
fn parallel_checks_keep_the_order() {
    let items: Vec<usize> = (0..1000).collect();
    let out = super::in_parallel(items, |i| {
        if i % 97 == 0 {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        i * 3
    });
    assert_eq!(out, (0..1000).map(|i| i * 3).collect::<Vec<_>>());
    assert_eq!(super::in_parallel(vec![7], |i: usize| i + 1), [8]);
    assert!(super::in_parallel(Vec::<usize>::new(), |i| i).is_empty());
}
