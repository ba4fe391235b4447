#!/usr/bin/env bash
# Does hamish come out right in a terminal that reorders rows itself?
# Runs hamish twice in real windows of that terminal under a virtual X
# display, side by side, with the same keys: once with the terminal's own
# bidi on (hamish in --bidi auto: first-strong in mlterm, konsole in
# Konsole), once with it off (mlterm --ctl=false; a Konsole profile with
# BidiRenderingEnabled=false), hamish in --bidi app: the picture hamish
# means. At each step it takes both windows' pictures and counts the pixels
# that differ. Not run by CI; run it by hand after a change to what the
# reader draws or to text::terminal.
#
# Needs (Debian): xvfb imagemagick xdotool fonts-dejavu-core, and mlterm
# or konsole.
#
# Usage: [TERMINAL=mlterm|konsole] scripts/reorder-check.sh [OUT_DIR] [COLSxROWS ...]
#        (default: mlterm, target/reorder-check, sizes 100x30 60x24 40x20)
set -euo pipefail
cd "$(dirname "$0")/.."
terminal=${TERMINAL:-mlterm}
out=$(realpath -m "${1:-target/reorder-check}")
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
    # The same terminal twice: reordering, and drawing what it is sent.
    fresh "$work/one"
    fresh "$work/two"
    for d in one two; do
        # Konsole's profile without its bidi, for the reference window.
        mkdir -p "$work/$d/home/data/konsole"
        printf '[General]\nName=nobidi\nParent=FALLBACK/\n\n[Terminal Features]\nBidiRenderingEnabled=false\n' \
            >"$work/$d/home/data/konsole/nobidi.profile"
    done
    start() { # dir x bidi-on|bidi-off
        local on=() off=()
        case $terminal in
        mlterm)
            [ "$3" = bidi-off ] && off=(--ctl=false)
            on=(mlterm -g "${cols}x${rows}+$2+0" --fontsize=15 "${off[@]}" -e) ;;
        konsole)
            [ "$3" = bidi-off ] && off=(--profile nobidi)
            on=(konsole --nofork "${off[@]}" -p "TerminalColumns=$cols" -p "TerminalRows=$rows" -e) ;;
        esac
        local mode=()
        [ "$3" = bidi-off ] && mode=(--bidi app)
        env HOME="$1/home" XDG_CONFIG_HOME="$1/home/config" XDG_DATA_HOME="$1/home/data" \
            XDG_STATE_HOME="$1/home/state" "${on[@]}" "$bin" "${mode[@]}" "$1/corpus" &
    }
    start "$work/one" 0 bidi-on
    one=$!
    start "$work/two" 1300 bidi-off
    two=$!
    sleep 3
    w1=$(xdotool search --sync --onlyvisible --pid $one | head -1)
    w2=$(xdotool search --sync --onlyvisible --pid $two | head -1)
    # Side by side (Konsole places its windows itself).
    xdotool windowmove "$w1" 0 0 windowmove "$w2" 1300 0
    sleep 1
    step=0
    look() { # name: both pictures, and how many pixels differ
        sleep 1.2
        step=$((step + 1))
        local base=$out/$size-$step-$1
        import -window "$w1" "$base-$terminal.png"
        import -window "$w2" "$base-meant.png"
        local n
        n=$(compare -metric AE "$base-$terminal.png" "$base-meant.png" "$base-diff.png" 2>&1 || true)
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
