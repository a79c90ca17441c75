#!/usr/bin/env python3
"""Regenerate the expected output of the Python conformance corpus.

Usage (from anywhere):
    python3 tests/python/generate.py            # every program
    python3 tests/python/generate.py lang/x.py  # only the named programs

Each program is run twice with CPython; if the two runs differ, the
script names the program and exits non-zero without writing anything.
"""

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.abspath(__file__))
AREAS = ("lang", "builtins", "errors", "asyncio", "modules", "lessons", "threads")
TIMEOUT = 20
JOBS = 2
# Programs CPython never finishes (a deadlock it cannot detect): they are named in HANGS, run for
# HANG_SECONDS with unbuffered output, and recorded as what they printed until then, with a .err
# file that says "exit hang". The interpreter must print the same and then report the deadlock.
HANG_SECONDS = 5
STDLIB = None  # set by probe(), e.g. "/usr/lib/python3.11"
# A lesson's listing is also run with every printed line timed, and the times are written to
# <name>.times, so that a test can hold the interpreter's virtual times to CPython's real ones.
# Real clocks jitter: two timed runs must agree within this tolerance, and a .times file is only
# rewritten when the new times leave it (the Rust test uses the same rule).
TIME_SLACK_MS = 20
TIME_SLACK_RATIO = 0.02
# The timed run: the program runs under runpy with stdout replaced by a writer that stamps each
# line with the milliseconds since the program started. The modules the lessons import are
# imported before the clock starts, because the interpreter's imports take no virtual time.
TIMED = r"""
import asyncio, contextvars, random, runpy, sys, time
real = sys.stdout
class Timed:
    def __init__(self):
        self.pending = ""
    def write(self, text):
        self.pending += text
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            real.write(f"{(time.monotonic() - t0) * 1000:.0f}\t| {line}\n")
            real.flush()
        return len(text)
    def flush(self):
        pass
sys.stdout = Timed()
path = sys.argv[1]
sys.argv = [path]
t0 = time.monotonic()
try:
    runpy.run_path(path, run_name="__main__")
finally:
    ms = (time.monotonic() - t0) * 1000
    if sys.stdout.pending:
        real.write(f"{ms:.0f}\t| {sys.stdout.pending}\n")
    real.write(f"{ms:.0f}\tend\n")
"""


def environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def hangs():
    """The programs listed in HANGS: CPython waits in them forever."""
    try:
        with open(os.path.join(ROOT, "HANGS"), encoding="utf-8") as f:
            return {l.strip() for l in f if l.strip() and not l.startswith("#")}
    except FileNotFoundError:
        return set()


def run(rel):
    """Run one program; return (exit code, stdout bytes, stderr bytes)."""
    hang = rel in hangs()
    try:
        p = subprocess.run(
            ["python3", "-X", "utf8"] + (["-u"] if hang else []) + [rel],
            cwd=ROOT,
            env=environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=HANG_SECONDS if hang else TIMEOUT,
        )
    except subprocess.TimeoutExpired as e:
        if hang:
            return ("hang", portable(e.stdout or b""), b"")
        return ("timeout", b"", b"")
    if hang:
        return ("finished, but HANGS says it hangs", b"", b"")
    return (p.returncode, portable(p.stdout), portable(p.stderr))


def portable(data):
    """Make output independent of where the repository and Python live.

    CPython 3.9+ makes the script path absolute, so tracebacks name
    "/somewhere/tests/python/errors/x.py"; that becomes "errors/x.py".
    Frames inside the standard library (asyncio.run's own frames, for
    example) name "/usr/lib/python3.11/asyncio/runners.py"; that becomes
    "<stdlib>/asyncio/runners.py".
    """
    data = data.replace((ROOT + os.sep).encode(), b"")
    data = data.replace((STDLIB + os.sep).encode(), b"<stdlib>/")
    # A client's port is whatever free one the OS picks (Linux picks from 32768 up), so no two
    # runs print the same address; it is written as <port>, and the corpus test does the same.
    return re.sub(rb"(\('[0-9.]+', )(3[2-9][0-9]{3}|[4-6][0-9]{4})\)", rb"\1<port>)", data)


def run_timed(rel):
    """Run a lesson's listing with its lines timed; return [(ms, line)], ending with (ms, None)
    when the program ended (a program in HANGS has no end)."""
    hang = rel in hangs()
    try:
        p = subprocess.run(
            ["python3", "-X", "utf8", "-u", "-c", TIMED, rel],
            cwd=ROOT,
            env=environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=HANG_SECONDS if hang else TIMEOUT,
        )
        out = p.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout or b""
    # A printed line is "| text", so that a program printing "end" is not taken for its end.
    records = []
    for raw in portable(out).decode("utf-8").split("\n")[:-1]:
        ms, rest = raw.split("\t", 1)
        records.append((int(ms), None if rest == "end" else rest[2:]))
    return records


def times_agree(a, b):
    """Whether two timed runs printed the same lines at times within the tolerance."""
    def close(x, y):
        return abs(x - y) <= TIME_SLACK_MS + TIME_SLACK_RATIO * max(x, y)
    return len(a) == len(b) and all(la == lb and close(ta, tb) for (ta, la), (tb, lb) in zip(a, b))


def times_text(records):
    lines = ["# When CPython printed each line, in ms after the program started (generate.py's timed run)."]
    lines += [f"{ms}\t{'end' if line is None else '| ' + line}" for ms, line in records]
    return ("\n".join(lines) + "\n").encode()


def read_times(path):
    try:
        with open(path, encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t", 1) for l in f if not l.startswith("#")]
    except FileNotFoundError:
        return None
    return [(int(ms), None if rest == "end" else rest[2:]) for ms, rest in rows]


def run_twice(rel):
    timed = (run_timed(rel), run_timed(rel)) if rel.startswith("lessons/") else None
    return rel, run(rel), run(rel), timed


def all_programs():
    found = []
    for area in AREAS:
        d = os.path.join(ROOT, area)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".py"):
                found.append(f"{area}/{name}")
    return found


def normalise(arg):
    """Turn a path given on the command line into area/name.py."""
    path = os.path.abspath(arg)
    if not os.path.exists(path):
        # Also accept paths relative to tests/python, like "lang/x.py".
        path = os.path.abspath(os.path.join(ROOT, arg))
    rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
    if rel.startswith("..") or rel.split("/")[0] not in AREAS or not rel.endswith(".py"):
        sys.exit(f"generate.py: not a corpus program: {arg}")
    if not os.path.isfile(path):
        sys.exit(f"generate.py: no such file: {arg}")
    return rel


def check_header(rel):
    # A lesson's listing is the program exactly as the page shows it; the lesson says what it
    # teaches, so its listing carries no header of its own.
    if rel.startswith("lessons/"):
        return True
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        first = f.readline()
    return first.startswith("# ")


def probe():
    """Check that python3 is CPython 3.11 and return its stdlib directory."""
    code = "import sys, sysconfig; print(*sys.version_info[:2]); print(sysconfig.get_paths()['stdlib'])"
    lines = subprocess.run(["python3", "-c", code], capture_output=True, text=True,
                           env=environment()).stdout.splitlines()
    if not lines or lines[0] != "3 11":
        sys.exit(f"generate.py: python3 must be CPython 3.11, found {lines[0] if lines else 'nothing'}")
    return lines[1]


def main():
    start = time.monotonic()
    global STDLIB
    STDLIB = probe()
    programs = [normalise(a) for a in sys.argv[1:]] or all_programs()
    problems = []
    for rel in programs:
        if not check_header(rel):
            problems.append(f"{rel}: the first line must be a '# ' comment saying what it checks")

    # Servers listen on a fixed port, so two of them cannot run at once: they run one after
    # another in one job, beside the other programs.
    def serves(rel):
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            return "start_server" in f.read()
    servers = [rel for rel in programs if serves(rel)]
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        served = pool.submit(lambda: [run_twice(rel) for rel in servers])
        results = list(pool.map(run_twice, [rel for rel in programs if rel not in servers]))
        results += served.result()

    for rel, first, second, timed in results:
        if timed is not None:
            printed = [line for _, line in timed[0] if line is not None]
            if printed != first[1].decode("utf-8").split("\n")[:-1]:
                problems.append(f"{rel}: the timed run printed other lines than the plain run")
            elif not times_agree(*timed):
                problems.append(f"{rel}: NONDETERMINISTIC, two timed runs differ beyond the tolerance: {timed}")
        if isinstance(first[0], str) and first[0].startswith("finished"):
            problems.append(f"{rel}: {first[0]}")
        elif first[0] == "timeout" or second[0] == "timeout":
            problems.append(f"{rel}: timed out after {TIMEOUT} s")
        elif first != second:
            what = [n for n, a, b in zip(("exit code", "stdout", "stderr"), first, second) if a != b]
            problems.append(f"{rel}: NONDETERMINISTIC, two runs differ in {', '.join(what)}")

    if problems:
        for p in problems:
            print("FAIL", p, file=sys.stderr)
        print(f"generate.py: {len(problems)} problem(s); nothing written", file=sys.stderr)
        sys.exit(1)

    counts = {}
    with_err = 0
    changed = 0
    for rel, (code, out, err), _, timed in results:
        base = os.path.join(ROOT, rel[:-3])
        changed += write_if_different(base + ".out", out)
        if timed is not None:
            old = read_times(base + ".times")
            if old is None or not times_agree(old, timed[0]):
                changed += write_if_different(base + ".times", times_text(timed[0]))
        err_path = base + ".err"
        if code != 0 or err:
            with_err += 1
            changed += write_if_different(err_path, f"exit {code}\n".encode() + err)
        elif os.path.exists(err_path):
            os.remove(err_path)
            changed += 1
        area = rel.split("/")[0]
        counts[area] = counts.get(area, 0) + 1

    # .out/.err files whose program is gone are stale too.
    stale = 0
    if not sys.argv[1:]:
        for area in AREAS:
            d = os.path.join(ROOT, area)
            for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                stem, ext = os.path.splitext(name)
                if ext in (".out", ".err", ".times") and not os.path.exists(os.path.join(d, stem + ".py")):
                    os.remove(os.path.join(d, name))
                    stale += 1

    elapsed = time.monotonic() - start
    summary = ", ".join(f"{a} {counts[a]}" for a in AREAS if a in counts)
    print(f"generate.py: {len(results)} programs ({summary}), each run twice and identical")
    print(f"generate.py: {with_err} with a .err file, {changed} file(s) changed, {stale} stale file(s) removed")
    print(f"generate.py: {elapsed:.1f} s with {sys.version.split()[0]}")


def write_if_different(path, data):
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return 0
    except FileNotFoundError:
        pass
    with open(path, "wb") as f:
        f.write(data)
    return 1


if __name__ == "__main__":
    main()
