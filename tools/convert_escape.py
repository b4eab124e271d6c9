#!/usr/bin/env python3
"""convert_escape.py - ONE-OFF: the mechanical part of moving the HTML writers to escape by
default (docs/escaping.md). Kept so the conversion can be re-run on code written before it (a
branch merged later); safe to run twice. In every file tools/check_escape.py checks:
  - bwf(&scratch, ...) (a local buffer, not the page) becomes tf(): plain text escaped later;
  - every other bwf() becomes hf(): its %s arguments are escaped from now on. A %s whose
    argument is a string literal holding markup (" aria-current=\"page\"", or a condition
    choosing between such literals) is split out of the format into its own bw(), so markup
    stays markup; a statement split in two gets braces where it is the body of an if/else;
  - what it cannot decide (a format that is not a literal, %s with a width) it leaves as
    bwf() and lists: tools/check_escape.py then fails on it until a person converts it.
Prints what it changed and what is left. Review the diff: an hf() whose %s argument held
markup built elsewhere must become h_raw() of that markup, with a raw: comment.
usage: tools/convert_escape.py [FILE...]   (default: every HTML-writing file of src/)"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_escape as ce  # noqa: E402

CONV = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|z|j|t|L)?([diouxXfFeEgGaAcsp%])")
MARKUP = re.compile(r"""[<>&"']|\\["']""")


def src_of(src, toks):
    return src[toks[0][2]:toks[-1][2] + len(toks[-1][1])] if toks else ""


def literal_markup(arg):
    """A %s argument that is literal text holding markup characters (so escaping would change it)."""
    return ce.is_literal_expr(arg) and any(t[0] == "str" and MARKUP.search(t[1][1:-1]) for t in arg)


def convert_call(src, code, i, args, end):
    """(replacement, how): the text of one bwf call from its name to its ')' ("hf"/"tf"), or
    the statements replacing it ("split"), or (None, why) to leave it."""
    buf_arg, fmt, rest = args[0], args[1], args[2:]
    first = src_of(src, buf_arg)
    call = src[code[i][2] + 3:code[end - 1][2] + 1]  # from the '(' to the ')'
    if first.startswith("&") and first not in ce.PAGE_BUFS:
        return "tf" + call, "tf"
    if not fmt or any(t[0] != "str" for t in fmt):
        return None, "the format is not a string literal"
    text = "".join(t[1][1:-1] for t in fmt)
    stmts, cur_fmt, cur_args, last, k, split = [], "", [], 0, 0, False

    def flush():
        if cur_args:
            stmts.append('hf(%s, "%s", %s)' % (first, cur_fmt, ", ".join(cur_args)))
        elif cur_fmt:
            stmts.append('bw(%s, "%s")' % (first, cur_fmt.replace("%%", "%")))
    for m in CONV.finditer(text):
        if m.group(5) == "%":
            continue
        n_star = (m.group(2) == "*") + (m.group(3) == "*")
        k += n_star
        if k >= len(rest):
            return None, "more conversions than arguments"
        if m.group(5) == "s" and (m.group(1) or m.group(2)):
            return None, "%s with flags or width"
        if m.group(5) == "s" and literal_markup(rest[k]):
            cur_fmt += text[last:m.start()]
            flush()
            cur_fmt, cur_args = "", []
            stmts.append("bw(%s, %s)" % (first, src_of(src, rest[k])))
            split = True
        else:
            cur_fmt += text[last:m.end()]
            cur_args += [src_of(src, a) for a in rest[k - n_star:k + 1]]
        last = m.end()
        k += 1
    if not split:
        return "hf" + call, "hf"
    cur_fmt += text[last:]
    flush()
    return stmts, "split"


def indent_of(src, off):
    ls = src.rfind("\n", 0, off) + 1
    return re.match(r"[ \t]*", src[ls:]).group()


def convert(path):
    with open(os.path.join(ce.ROOT, path), encoding="utf-8") as f:
        src = f.read()
    toks = ce.tokens(src)
    edits, left, n = [], [], {"hf": 0, "tf": 0, "split": 0}
    for name, code, i, args, end in ce.calls(toks, {"bwf"}):
        if len(args) < 2:
            left.append((code[i][2], "bwf with one argument"))
            continue
        rep, how = convert_call(src, code, i, args, end)
        if rep is None:
            left.append((code[i][2], how))
            continue
        start, stop = code[i][2], code[end - 1][2] + 1
        if isinstance(rep, list):
            semi = src.index(";", stop)  # the statement ends at the ';' after the call
            prev = code[i - 1] if i > 0 else (None, ";", 0)
            ind = indent_of(src, start)
            edits.append((start, semi + 1, (";\n" + ind).join(rep) + ";"))
            if prev[1] not in (";", "{", "}", ":"):
                # the body of an if/else/for: brace it
                edits.append((prev[2] + len(prev[1]), prev[2] + len(prev[1]), " {"))
                edits.append((semi + 1, semi + 1, "\n" + ind[:-1] + "}"))
        else:
            edits.append((start, stop, rep))
        n[how] += 1
    left = [(ce.line_of(src, off), why) for off, why in left]
    for a, b, t in sorted(edits, reverse=True):
        src = src[:a] + t + src[b:]
    if edits:
        with open(os.path.join(ce.ROOT, path), "w", encoding="utf-8") as f:
            f.write(src)
    return n, left


def main(argv):
    files = argv[1:] or ce.html_files()
    total = {"hf": 0, "tf": 0, "split": 0}
    for p in files:
        n, left = convert(p)
        for k in total:
            total[k] += n[k]
        if any(n.values()):
            print("%s: %d hf, %d tf, %d split" % (p, n["hf"], n["tf"], n["split"]))
        for ln, why in left:
            print("%s:%d: left as bwf: %s" % (p, ln, why))
    print("converted: %d bwf -> hf, %d -> tf (scratch text), %d split around literal markup"
          % (total["hf"], total["tf"], total["split"]))


if __name__ == "__main__":
    main(sys.argv)
