#!/usr/bin/python3
"""Time to first screen of a full-screen program, as a user sees it.

Runs COMMAND (through sh) in a pseudo-terminal of 100x30, feeds what it
writes to a terminal emulator (pyte) and stops the clock when the screen
is full: for `less`, its 29 lines and the prompt; for `hamish` on a
library, a title on every row of the list. Prints the milliseconds from
the start to that screen, the median of RUNS runs. Not run by CI: the
README's Performance section and issue 15's figures come from it.

Needs (Debian): python3-pyte.

Usage: scripts/first-screen.py less|library|scanned RUNS COMMAND
  e.g. scripts/first-screen.py less 9 'head -qn1 * | less'
       scripts/first-screen.py scanned 1 'hamish --bidi app .'  # fills the cache
       scripts/first-screen.py library 9 'hamish --bidi app .'
"""

import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import fcntl
import time

import pyte

COLS, ROWS = 100, 30


def less_ready(screen):
    """29 lines of text and less's prompt on the last row."""
    lines = screen.display
    return all(lines[r].strip() for r in range(ROWS - 1)) and lines[ROWS - 1].startswith(":")


def library_ready(screen):
    """Every row of the list (rows 2 to 28) has a title: at least five
    characters in the title column (its right 40 columns)."""
    lines = screen.display
    for r in range(2, ROWS - 1):
        title = lines[r][COLS - 40 :]
        if sum(1 for c in title if not c.isspace()) < 5:
            return False
    return True


def scanned(screen):
    """The library has read every article ("N/N articles" in its title
    bar): run once to fill the titles cache."""
    return library_ready(screen) and " articles" in screen.display[0]


def once(command, ready):
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.environ.update(TERM="xterm-256color", COLORFGBG="15;0", LANG="C.UTF-8")
        os.execvp("sh", ["sh", "-c", command])
    start = time.perf_counter()
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    took = None
    deadline = start + 30
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            data = os.read(fd, 1 << 16)
        except OSError:
            break
        if not data:
            break
        stream.feed(data)
        if ready(screen):
            took = time.perf_counter() - start
            break
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    if took is None:
        sys.exit("the screen never filled:\n" + "\n".join(screen.display))
    return took * 1000


def main():
    kind, runs, command = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    ready = {"less": less_ready, "library": library_ready, "scanned": scanned}[kind]
    times = [once(command, ready) for _ in range(runs)]
    print(
        f"{statistics.median(times):.1f} ms median of {runs} "
        f"(min {min(times):.1f}, max {max(times):.1f}): {command}"
    )


if __name__ == "__main__":
    main()
