#!/usr/bin/env bash
# Does hamish come out right in a terminal that reorders rows itself?
# Runs hamish twice in real mlterm windows under a virtual X display, side
# by side, with the same keys: once in mlterm's own bidi mode (hamish in
# --bidi auto, which picks first-strong there), once with mlterm's bidi off
# (--ctl=false, hamish in --bidi app, the picture hamish means). At each
# step it takes both windows' pictures and counts the pixels that differ.
# Not run by CI; run it by hand after a change to what the reader draws or
# to text::terminal.
#
# Needs (Debian): xvfb mlterm imagemagick xdotool fonts-dejavu-core.
#
# Usage: scripts/mlterm-check.sh [OUT_DIR] [COLSxROWS ...]
#        (default: target/mlterm-check, sizes 100x30 60x24 40x20)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-target/mlterm-check}")
shift || true
sizes=${*:-100x30 60x24 40x20}
mkdir -p "$out"
cargo build --release --quiet
bin=$PWD/target/release/hamish

work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
export LANG=C.UTF-8
in_home() { # dir command...: run a command with dir's home (exec'd by env,
    # so a command started in the background has its own pid in $!)
    local d=$1
    shift
    env HOME="$d/home" XDG_CONFIG_HOME="$d/home/config" XDG_DATA_HOME="$d/home/data" \
        XDG_STATE_HOME="$d/home/state" "$@"
}
# A fresh corpus and home for each window, so neither sees the other's
# notes, drafts or settings.
fresh() { # dir
    rm -rf "$1"
    mkdir -p "$1/home" "$1/corpus"
    cp seeds/*.txt "$1/corpus/"
    local a=$1/corpus/004_60d1107e2fb93d1c.txt
    in_home "$1" "$bin" annotate "$a" -p 2 -t claim \
        --note 'قال (AFP) إن 1,500 شخص نزحوا في 2017.' >/dev/null
    in_home "$1" "$bin" annotate "$a" -p 4 -t casualties -t source \
        --note 'رقم [غير مؤكد] — unverified' >/dev/null
    in_home "$1" "$bin" annotate "$a" -p 5 -t actor >/dev/null
}

Xvfb :96 -screen 0 2600x1100x24 -nolisten tcp &
xvfb=$!
export DISPLAY=:96
sleep 1

differ=0
for size in $sizes; do
    cols=${size%x*} rows=${size#*x}
    # The same window twice: mlterm reordering, and mlterm drawing as sent.
    fresh "$work/one"
    fresh "$work/two"
    env HOME="$work/one/home" XDG_CONFIG_HOME="$work/one/home/config" \
        XDG_DATA_HOME="$work/one/home/data" XDG_STATE_HOME="$work/one/home/state" \
        mlterm -g "${cols}x${rows}+0+0" --fontsize=15 --title=reorders \
        -e "$bin" "$work/one/corpus" &
    one=$!
    env HOME="$work/two/home" XDG_CONFIG_HOME="$work/two/home/config" \
        XDG_DATA_HOME="$work/two/home/data" XDG_STATE_HOME="$work/two/home/state" \
        mlterm -g "${cols}x${rows}+1300+0" --fontsize=15 --title=plain \
        --ctl=false -e "$bin" --bidi app "$work/two/corpus" &
    two=$!
    sleep 3
    w1=$(xdotool search --sync --onlyvisible --pid $one | head -1)
    w2=$(xdotool search --sync --onlyvisible --pid $two | head -1)
    step=0
    look() { # name: both pictures, and how many pixels differ
        sleep 1.2
        step=$((step + 1))
        local base=$out/$size-$step-$1
        import -window "$w1" "$base-mlterm.png"
        import -window "$w2" "$base-meant.png"
        local n
        n=$(compare -metric AE "$base-mlterm.png" "$base-meant.png" "$base-diff.png" 2>&1 || true)
        # A character out of place changes hundreds of pixels; a few come
        # from mlterm drawing a glyph's edge differently in its bidi mode.
        # The help's Modes line names the mode, so it differs by design.
        if [ "$1" = help ]; then
            echo "$size $1: $n pixels differ (the Modes line names the mode)"
        elif [ "$n" -le 40 ]; then
            echo "$size $1: same ($n pixels of glyph edges differ)"
        else
            echo "$size $1: DIFFERENT, $n pixels"
            differ=1
        fi
    }
    keys() { # keys for both windows
        for w in "$w1" "$w2"; do
            xdotool windowfocus --sync "$w" key --delay 80 "$@"
        done
    }
    look library
    keys j j j j Return
    look reader
    keys j j j
    look annotated
    keys t
    look tags
    keys Escape
    keys a
    look note
    for w in "$w1" "$w2"; do
        xdotool windowfocus --sync "$w" type --delay 60 'قال (AFP) إن 1,500 نزحوا في 2017.'
    done
    look typed
    # Leave the editor: Esc, and y to discard what was typed.
    keys Escape
    keys y
    keys A
    look list
    keys Escape question
    look help
    keys question q q
    sleep 0.5
    kill $one $two 2>/dev/null || true
    wait $one $two 2>/dev/null || true
done
echo "pictures in $out"
exit $differ
