#!/usr/bin/env python3
"""Nothing of one plan in code: no string literal in src/ may name a code of a shipped plan (its
plan, region, unit or indicator codes, read from every data/plans/*/ folder) or a Chinese name
of one of its regions, as a whole word. A code found there means the code knows one plan.
Run by tools/lint.sh; tests/lint/test_plan_codes.sh checks that it catches a planted one.
usage: check_plan_codes.py [FILE...]   (default: every .c and .h file under src/)"""
import csv
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shipped_words():
    """{word: "folder/file: what"} for every code and region name of every shipped plan."""
    words = {}
    columns = {"plan.csv": ["code"], "regions.csv": ["code", "name_zh"], "units.csv": ["code"],
               "indicators.csv": ["code"]}
    for folder in sorted(glob.glob(os.path.join(ROOT, "data", "plans", "*", ""))):
        name = os.path.basename(os.path.dirname(folder))
        for file, cols in columns.items():
            path = os.path.join(folder, file)
            if not os.path.exists(path):
                continue
            with open(path, encoding="utf-8-sig", newline="") as f:
                for row in csv.DictReader(f):
                    for col in cols:
                        w = (row.get(col) or "").strip()
                        if w:
                            words.setdefault(w, "data/plans/%s/%s %s" % (name, file, col))
    return words


LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def literals(text):
    """(line, body) of every string literal outside comments and character constants."""
    out, i, n, line = [], 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c == "'":
            m = re.compile(r"'(?:[^'\\\n]|\\.)*'").match(text, i)
            i = m.end() if m else i + 1
        elif c == '"':
            m = LITERAL.match(text, i)
            if not m:
                i += 1
                continue
            out.append((line, m.group(1)))
            i = m.end()
        else:
            i += 1
    return out


def found(word, body):
    """Whether word is in body as a whole word (no code character either side)."""
    start = 0
    while True:
        k = body.find(word, start)
        if k < 0:
            return False
        before = body[k - 1] if k else ""
        after = body[k + len(word)] if k + len(word) < len(body) else ""
        ascii_word = word.isascii()
        edge = re.compile(r"[A-Za-z0-9_-]") if ascii_word else None
        if not ascii_word or ((not before or not edge.match(before)) and (not after or not edge.match(after))):
            return True
        start = k + 1


def main(argv):
    files = argv[1:] or sorted(glob.glob(os.path.join(ROOT, "src", "**", "*.[ch]"), recursive=True))
    words = shipped_words()
    if not words:
        print("check_plan_codes: no shipped plan under data/plans/")
        return 1
    problems = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        rel = os.path.relpath(path, ROOT)
        for line, body in literals(text):
            for w, where in words.items():
                if found(w, body):
                    problems.append('%s:%d: "%s" names %s (%s): nothing of one plan in code' % (rel, line, body, w, where))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
