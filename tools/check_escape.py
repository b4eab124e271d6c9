#!/usr/bin/env python3
"""check_escape.py - escape by default, checked (docs/escaping.md). In every file that writes
HTML or SVG (a .c file of src/ that includes "web/html.h" or "base/html_esc.h"), a value reaches
the output only through the escaping writers of base/html_esc.h:
  - bwf() is not used: hf() formats with every %s escaped (tf() for a plain-text scratch buffer),
    and hf()'s format is a string literal (or a choice between literals), never a value;
  - bw() takes string literals only (a literal, literals and UPPER_CASE macros pasted together,
    or a condition choosing between such literals); other markup goes through h_raw();
  - bwn(), buf_puts(), buf_printf(), buf_vprintf(), buf_append(), buf_putc() are not used, and
    bwc() takes a character literal only;
  - every h_raw() has a comment saying "raw:" why, on its line or the two lines before;
  - tf()/tw() (unescaped text) write only into a scratch buffer (&name), never the page
    (b, &r->out);
  - a function of another module that writes into the page buffer (b, &r->out) is one of the
    number or binary writers listed in FOREIGN_OK: text from elsewhere is escaped here.
Prints file:line: problem for each violation and exits 1 if there is any.
usage: tools/check_escape.py [FILE...]   (default: every HTML-writing file of src/)"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKERS = ('#include "web/html.h"', '#include "base/html_esc.h"')
EXEMPT = {"src/base/html_esc.c"}  # the escapers themselves
# a file that includes the headers for url_esc() only and writes no HTML says so in a comment
OPT_OUT = "check_escape: no HTML"
# writers of other modules allowed to write into the page buffer: numbers only, or binary files
FOREIGN_OK = {"fmt_value", "chart_format_compact", "chart_png"}
PAGE_BUFS = ("b", "&r->out", "r->out")
BANNED = {
    "bwf": "bwf() writes %s unescaped: use hf() (its %s escapes), or tf() into a plain-text scratch buffer",
    "bwn": "bwn() writes bytes unescaped: use html_escn(), or h_raw() with a raw: comment",
    "buf_puts": "buf_puts() in an HTML writer: use bw() for a literal, html_esc() for a value",
    "buf_printf": "buf_printf() in an HTML writer: use hf() (escapes %s) or tf() for scratch text",
    "buf_vprintf": "buf_vprintf() in an HTML writer: use hvf()",
    "buf_append": "buf_append() in an HTML writer: use html_escn() or h_raw()",
    "buf_putc": "buf_putc() in an HTML writer: use bwc() with a character literal",
}
VOCAB = {"buf_init", "buf_release", "buf_reset", "buf_str", "buf_status", "buf_detach", "hf", "hvf", "bw", "bwc", "bwn", "bwf", "html_esc", "html_escn", "url_esc", "h_raw", "tw", "tf"} | set(BANNED)

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>/\*.*?\*/)
  | (?P<pp>^[ \t]*\#(?:[^\n\\]|\\.)*)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<chr>'(?:[^'\\\n]|\\.)*')
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\d[\w.]*)
  | (?P<op>->|[^\s])
""", re.S | re.X | re.M)


def tokens(src):
    """[(kind, text, offset)] without whitespace; comments kept (kind 'comment')."""
    out = []
    for m in TOKEN.finditer(src):
        kind = m.lastgroup
        if kind == "ws":
            continue
        out.append((kind, m.group(), m.start()))
    return out


def calls(toks, names):
    """Each call of a function in names: (name, index of name token, [argument token lists], index after ')')."""
    code = [t for t in toks if t[0] not in ("comment", "pp")]
    found = []
    for i, t in enumerate(code):
        if t[0] != "id" or t[1] not in names or i + 1 >= len(code) or code[i + 1][1] != "(":
            continue
        if i > 0 and (code[i - 1][1] in (".", "->") or code[i - 1][0] == "id" and code[i - 1][1] not in ("return", "else")):
            continue  # a member, or the function's own definition/declaration
        depth, args, cur, j = 0, [], [], i + 1
        while j < len(code):
            x = code[j]
            if x[1] in "([{":
                depth += 1
                if depth > 1:
                    cur.append(x)
            elif x[1] in ")]}":
                depth -= 1
                if depth == 0:
                    args.append(cur)
                    break
                cur.append(x)
            elif x[1] == "," and depth == 1:
                args.append(cur)
                cur = []
            else:
                cur.append(x)
            j += 1
        found.append((t[1], code, i, args, j + 1))
    return found


def is_literal_expr(arg):
    """String literals (and UPPER_CASE macros pasted to them), or cond ? expr : expr of such."""
    while len(arg) >= 2 and arg[0][1] == "(" and arg[-1][1] == ")" and closes_at(arg, 0) == len(arg) - 1:
        arg = arg[1:-1]
    if not arg:
        return False
    depth, q, nest = 0, None, 0
    for k, t in enumerate(arg):
        if t[1] == "(":
            depth += 1
        elif t[1] == ")":
            depth -= 1
        elif depth == 0 and t[1] == "?":
            if q is None:
                q = k
            else:
                nest += 1
        elif depth == 0 and t[1] == ":" and q is not None:
            if nest:
                nest -= 1
            else:
                return is_literal_expr(arg[q + 1:k]) and is_literal_expr(arg[k + 1:])
    if q is not None:
        return False
    return any(t[0] == "str" for t in arg) and \
        all(t[0] == "str" or (t[0] == "id" and re.fullmatch(r"[A-Z][A-Z0-9_]*", t[1])) for t in arg)


def closes_at(arg, k):
    depth = 0
    for j in range(k, len(arg)):
        if arg[j][1] == "(":
            depth += 1
        elif arg[j][1] == ")":
            depth -= 1
            if depth == 0:
                return j
    return -1


def text(arg):
    return " ".join(t[1] for t in arg)


def line_of(src, off):
    return src.count("\n", 0, off) + 1


def defined_functions(src):
    return set(re.findall(r"^(?:static\s+)?(?:const\s+)?[a-z_][\w \t*]*?\b([a-z_]\w*)\([^;{]*\)\s*\n\{", src, re.M))


def html_files():
    out = []
    for d, _, names in os.walk(os.path.join(ROOT, "src")):
        for n in names:
            p = os.path.relpath(os.path.join(d, n), ROOT)
            if n.endswith(".c") and p not in EXEMPT:
                with open(os.path.join(ROOT, p), encoding="utf-8") as f:
                    src = f.read()
                    if any(m in src for m in MARKERS) and OPT_OUT not in src:
                        out.append(p)
    return sorted(out)


def check(path, own_defs):
    """The problems of one file (path relative to the tree, or absolute)."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        src = f.read()
    toks = tokens(src)
    problems = []
    lines = src.split("\n")

    def bad(off, msg):
        problems.append("%s:%d: %s" % (path, line_of(src, off), msg))

    ids = {t[1] for t in toks if t[0] == "id"}
    for name, code, i, args, _ in calls(toks, ids):
        off = code[i][2]
        first = "".join(t[1] for t in args[0]) if args else ""
        if name in BANNED:
            bad(off, BANNED[name])
        elif name == "bw":
            if len(args) != 2 or not is_literal_expr(args[1]):
                bad(off, "bw(%s) writes a value unescaped: html_esc() it, or h_raw() markup with a raw: comment"
                    % (text(args[1]) if len(args) > 1 else ""))
        elif name in ("hf", "hvf"):
            if len(args) < 2 or (name == "hf" and not is_literal_expr(args[1])):
                bad(off, "hf()'s format is markup written as is: it must be a string literal (or a choice "
                    "between literals), never a value")
        elif name == "bwc":
            if len(args) != 2 or len(args[1]) != 1 or args[1][0][0] != "chr":
                bad(off, "bwc() takes a character literal here: html_escn() a value")
        elif name == "h_raw":
            ln = line_of(src, off)
            near = "\n".join(lines[max(0, ln - 3):ln])
            if "raw:" not in near:
                bad(off, "h_raw() needs a /* raw: why */ comment on its line or the two before")
        elif name in ("tf", "tw"):
            if first in PAGE_BUFS or not first.startswith("&"):
                bad(off, "%s() writes unescaped text: only into a scratch buffer (&name), never the page" % name)
        elif name not in VOCAB and name not in own_defs and name not in FOREIGN_OK and first in PAGE_BUFS:
            bad(off, "%s() writes into the page buffer from outside the HTML writers: write into a scratch "
                "buffer and html_esc() it (or list a number writer in FOREIGN_OK of tools/check_escape.py)" % name)
    return problems


def main(argv):
    files = [os.path.abspath(p) for p in argv[1:]] or html_files()
    own = set()
    for p in html_files():
        with open(os.path.join(ROOT, p), encoding="utf-8") as f:
            own |= defined_functions(f.read())
    problems = []
    for p in files:
        problems += check(os.path.relpath(p, ROOT) if os.path.isabs(p) and p.startswith(ROOT + os.sep) else p, own)
    for x in problems:
        print(x)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
