#!/usr/bin/env bash
# Screenshots of hamish in real terminal windows under a virtual X display:
# the library, the reader with annotations, the tag picker and the note
# editor, on a dark and a light background, each terminal in hamish's
# automatic bidi mode (--bidi auto). Not run by CI; run it by hand after a
# change to what the reader draws, and look at every picture.
#
# Needs (Debian): xvfb xterm mlterm sakura kitty imagemagick xdotool
# fonts-dejavu-core; a terminal that is missing is skipped. kitty runs with
# force_ltr=yes, as the README advises (without it, it turns Arabic runs
# around as it draws them).
#
# Usage: [TERMINALS="xterm mlterm"] scripts/screenshots.sh [OUT_DIR]
#        (default: all four, into target/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-target/screenshots}")
mkdir -p "$out"
cargo build --release --quiet
bin=$PWD/target/release/hamish

work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/home/config XDG_DATA_HOME=$work/home/data \
    XDG_STATE_HOME=$work/home/state LANG=C.UTF-8
mkdir -p "$HOME" "$work/corpus"
cp seeds/*.txt "$work/corpus/"
# Annotations to look at: tags, and notes with brackets, numbers and Latin.
a=$work/corpus/004_60d1107e2fb93d1c.txt
"$bin" annotate "$a" -p 2 -t claim --note 'قال (AFP) إن 1,500 شخص نزحوا في 2017.' >/dev/null
"$bin" annotate "$a" -p 4 -t casualties -t source --note 'رقم [غير مؤكد] — unverified' >/dev/null
"$bin" annotate "$a" -p 5 -t actor >/dev/null

Xvfb :99 -screen 0 1400x900x24 -nolisten tcp &
xvfb=$!
export DISPLAY=:99
sleep 1

# The command each terminal runs: hamish on the corpus, opened at the library.
run="$bin $work/corpus"

start_terminal() { # name theme -> the terminal in the background
    local fg=white bg=black
    [ "$2" = light ] && fg=black bg=white
    case $1 in
    xterm) xterm -fa 'DejaVu Sans Mono' -fs 11 -geometry 100x30+0+0 -fg $fg -bg $bg -e $run & ;;
    mlterm) mlterm -g 100x30+0+0 -f $fg -b $bg --fontsize=15 -e $run & ;;
    sakura)
        mkdir -p "$XDG_CONFIG_HOME/sakura"
        if [ "$2" = light ]; then c='rgb(0,0,0)' b='rgb(255,255,255)'; else c='rgb(255,255,255)' b='rgb(0,0,0)'; fi
        printf '[sakura]\ncolorset1_fore=%s\ncolorset1_back=%s\nfont=DejaVu Sans Mono 11\nscrollbar=false\n' "$c" "$b" >"$XDG_CONFIG_HOME/sakura/sakura.conf"
        sakura --columns 100 --rows 30 -x "$run" & ;;
    kitty) LIBGL_ALWAYS_SOFTWARE=1 kitty -o font_family='DejaVu Sans Mono' -o font_size=11 \
        -o foreground=$fg -o background=$bg -o remember_window_size=no -o force_ltr=yes \
        -o initial_window_width=100c -o initial_window_height=30c $run & ;;
    esac
}

shot() { # file
    sleep 1.5
    import -window root -crop 1000x720+0+0 "$out/$1.png"
    echo "$out/$1.png"
}

keys() { xdotool key --delay 120 "$@"; sleep 0.5; }

for term in ${TERMINALS:-xterm mlterm sakura kitty}; do
    command -v $term >/dev/null || { echo "no $term: skipped"; continue; }
    for theme in dark light; do
        start_terminal $term $theme
        pid=$!
        sleep 3
        wid=$(xdotool search --sync --onlyvisible --pid $pid 2>/dev/null | head -1 || true)
        [ -n "$wid" ] && xdotool windowfocus "$wid" 2>/dev/null || true
        shot "$term-$theme-1-library"
        # Open seed 004 (the 4th article), go to the annotated paragraphs.
        keys j j j j Return
        keys j j j
        shot "$term-$theme-2-reader"
        keys t
        shot "$term-$theme-3-tags"
        keys Escape
        sleep 0.5
        keys k k a
        shot "$term-$theme-4-note"
        keys Escape
        sleep 0.5
        keys question
        shot "$term-$theme-5-help"
        keys question q q
        sleep 1
        kill $pid 2>/dev/null || true
        wait $pid 2>/dev/null || true
    done
done
