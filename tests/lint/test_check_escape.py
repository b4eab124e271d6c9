#!/usr/bin/env python3
"""test_check_escape.py - the escape-by-default check (tools/check_escape.py) passes on src/ as it
is, fails on each way a value could reach a page unescaped (a planted file per way, naming its
line), and lets the named ways through (hf, html_esc, literal bw, h_raw with a raw: comment,
text writers into a scratch buffer). Prints TAP.
usage: test_check_escape.py SOURCE_ROOT"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(sys.argv[1])
CHECK = os.path.join(ROOT, "tools", "check_escape.py")
n = [0]
failed = [0]


def tap(ok, what, detail=""):
    n[0] += 1
    print("%sok %d - %s" % ("" if ok else "not ", n[0], what))
    if not ok:
        failed[0] += 1
        for line in str(detail).splitlines()[:20]:
            print("# " + line)


def run(*files):
    p = subprocess.run([sys.executable, CHECK, *files], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


rc, out = run()
tap(rc == 0, "every HTML-writing file of src/ escapes by default", out)

HEAD = '/* planted.c - a test file. */\n#include "web/html.h"\n#include "base/banned.h"\n\nstatic void f(struct req *r, const char *v, struct buf *b)\n{\n'
BAD = {
    "bwf with a value": 'bwf(b, "<td>%s</td>", v);',
    "bwf with numbers only": 'bwf(b, "<td>%d</td>", 3);',
    "bw of a value": 'bw(b, v);',
    "bw of a choice with a value": 'bw(b, v ? v : "");',
    "bwn of a value": 'bwn(b, v, 3);',
    "bwc of a variable": 'bwc(b, *v);',
    "buf_printf into the page": '(void)buf_printf(b, "%s", v);',
    "buf_puts into the page": '(void)buf_puts(&r->out, v);',
    "hf with a value as format": 'hf(b, v);',
    "h_raw without a reason": 'h_raw(b, v);',
    "tf into the page": 'tf(b, "%s", v);',
    "tw into the page": 'tw(&r->out, v);',
    "text from another module into the page": 'fmt_target(b, LANG_ZH, t, d);',
}
GOOD = [
    'hf(b, "<td class=\\"%s\\">%s %d</td>", v, v, 3);',
    'hf(b, v ? "<b>%s</b>" : "<i>%s</i>", v);',
    'bw(b, "<p>");',
    'bw(b, v ? " aria-current=\\"page\\">" : (r ? ">" : "/>"));',
    'bw(b, "<p>" MACRO_NAME "</p>");',
    'bwc(b, \'>\');',
    'html_esc(b, v);',
    'url_esc(b, v);',
    '/* raw: built by html_esc above */\n\th_raw(b, v);',
    'struct buf t;\n\ttf(&t, "%s", v);\n\ttw(&t, v);\n\thtml_esc(b, buf_str(&t));',
    'fmt_value(b, 3.5, 1);',
]
with tempfile.TemporaryDirectory() as tmp:
    for what, line in BAD.items():
        path = os.path.join(tmp, "planted.c")
        with open(path, "w") as f:
            f.write(HEAD + "\t" + line + "\n}\n")
        rc, out = run(path)
        tap(rc == 1 and "planted.c:7:" in out, "the check refuses %s (and names the line)" % what, out)
    path = os.path.join(tmp, "planted.c")
    with open(path, "w") as f:
        f.write(HEAD + "".join("\t" + g + "\n" for g in GOOD) + "}\n")
    rc, out = run(path)
    tap(rc == 0, "the check lets the named ways through", out)
print("1..%d" % n[0])
sys.exit(1 if failed[0] else 0)
