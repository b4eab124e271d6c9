#!/usr/bin/env python3
"""test_cache.py - answers of public reads kept per store version (web/cache.h), as a browser,
a reader and another process see them: the same read twice gives the same ETag and, asked with
If-None-Match, 304 with no body; a change made by another process (the CLI importing into the
same store while the server runs) is in the very next answer, under a new ETag; a value only a
signed-in reader may see (approved, not published) reaches the reader and never the public,
whichever asks first, and the two never share an ETag; anonymous answers say no-cache, a
reader's private, no-cache; the cache can be turned off (cache_max 0) and answers the same.
Connections: 256 held open at once from one address are all answered (the default per-address
limit is sized for many clients); per_ip_conn_limit turns away the one past it; behind a
trusted_proxy (nginx, whose connections all come from one address) it does not apply.
Prints TAP. usage: test_cache.py INNOMON_BIN"""
import http.client
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

BIN = sys.argv[1]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check
NOW = "2026-03-01T02:00:00Z"


def get(base, path, token=None, etag=None):
    """status, headers, body of a GET."""
    headers = {}
    if token:
        headers["Authorization"] = "Bearer " + token
    if etag:
        headers["If-None-Match"] = etag
    req = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8", "replace")


def innomon(db, *args, stdin=None):
    return subprocess.run([BIN, "--db", db] + list(args), input=stdin, capture_output=True, text=True,
                          env=dict(os.environ, INNOMON_NOW=NOW, INNOMON_ADMIN_PASSWORD="admin-pass-2025x"))


def import_value(db, tmp, value, status):
    path = os.path.join(tmp, "v-%s-%s.csv" % (value, status))
    with open(path, "w", encoding="utf-8") as f:
        f.write("indicator,region,period,value,source\ntech_contract_turnover,changsha,2026,%s,test\n" % value)
    return innomon(db, "import", "values", path, "--status", status)


def serve(db, *extra):
    # the log goes to a file: a pipe nobody reads fills (256 connections, slow-request lines on
    # a loaded machine) and the server would block writing to it, then not stop in time
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "0"] + list(extra),
                              stdout=subprocess.PIPE, stderr=tempfile.TemporaryFile(), text=True,
                              env=dict(os.environ, INNOMON_NOW=NOW))
    m = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline())
    return server, m.group(1)


def held_open(base, n):
    """Open n connections at once, then send a GET /healthz on each: how many got 200."""
    host, port = base.rsplit("/", 1)[-1].split(":")
    conns = [http.client.HTTPConnection(host, int(port), timeout=10) for _ in range(n)]
    ok = 0
    try:
        for c in conns:
            c.connect()
        for c in conns:
            try:
                c.request("GET", "/healthz")
                r = c.getresponse()
                r.read()
                ok += r.status == 200
            except (OSError, http.client.HTTPException):
                pass
    finally:
        for c in conns:
            c.close()
    return ok


VALUES = "/api/v1/values?indicator=tech_contract_turnover&region=changsha&period=2026"


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-cache-")
    db = os.path.join(tmp, "s.db")
    r = innomon(db, "init")
    if r.returncode != 0:
        check(False, "init", r.stderr)
        T.done()
    innomon(db, "user", "add", "rita", "--role", "reader", "--password-stdin", stdin="rita-pass-2025x\n")
    rita = innomon(db, "token", "create", "rita").stdout.strip().splitlines()[-1]
    server, base = serve(db)
    T.plan(20)
    try:
        st, h, body = get(base, "/api/v1/progress")
        st2, h2, body2 = get(base, "/api/v1/progress")
        check(st == 200 and h.get("ETag") and h.get("ETag") == h2.get("ETag") and body == body2,
              "the same read twice: the same answer under the same ETag", (st, h.get("ETag"), h2.get("ETag")))
        check(h.get("Cache-Control") == "no-cache", "a public answer may be kept but must be revalidated", h.get("Cache-Control"))
        st, h3, body3 = get(base, "/api/v1/progress", etag=h.get("ETag"))
        check(st == 304 and body3 == "" and h3.get("ETag") == h.get("ETag"), "If-None-Match with that ETag: 304, no body", (st, body3[:80]))
        st, hp, page = get(base, "/")
        check(st == 200 and hp.get("ETag") and "<html" in page, "the dashboard is answered with an ETag too")
        # one argument holding "&x=1" is not two arguments: each answer is its own
        ind = "/indicators/tech_contract_turnover?tab="  # no lang=: its cookie would keep the answer out
        get(base, ind + "meta%26x%3D1")
        st0, _, plain = get(base, ind + "meta%26x%3D1")  # asked twice: kept
        st, _, meta = get(base, ind + "meta&x=1")
        check(st0 == 200 and "数据来源机构" not in plain and st == 200 and "数据来源机构" in meta,
              "a query whose value holds an '&' does not answer for the two-argument query it spells", (st0, st, meta[-300:]))

        # another process writes: the next answer has it
        st, h, before = get(base, VALUES)
        check(st == 200 and "2026" not in before, "no 2026 figure yet", before[:200])
        r = import_value(db, tmp, "1234.5", "published")
        check(r.returncode == 0, "the CLI imports a published 2026 figure while the server runs", r.stderr[-300:])
        st, h2, after = get(base, VALUES)
        check(st == 200 and "1234.5" in after and h2.get("ETag") != h.get("ETag"),
              "the very next public answer has it, under a new ETag", after[:300])
        st, _, _ = get(base, VALUES, etag=h.get("ETag"))
        check(st == 200, "the old ETag no longer gets a 304")

        # a value only a signed-in reader sees: approved, not published
        r = import_value(db, tmp, "2345.6", "approved")
        check(r.returncode == 0, "the CLI imports an approved revision", r.stderr[-300:])
        st, hr, as_reader = get(base, VALUES, token=rita)
        st2, hpub, as_public = get(base, VALUES)
        check("2345.6" in as_reader, "the reader sees the approved figure", as_reader[:300])
        check("2345.6" not in as_public and "1234.5" in as_public, "the public after the reader: the published one only",
              as_public[:300])
        st3, _, again_reader = get(base, VALUES, token=rita)
        check("2345.6" in again_reader, "the reader after the public: still the approved one")
        check(hr.get("ETag") != hpub.get("ETag"), "the reader's answer and the public's never share an ETag")
        check(hr.get("Cache-Control") == "private, no-cache", "a reader's answer is private", hr.get("Cache-Control"))
        st, _, _ = get(base, VALUES, etag=hr.get("ETag"))
        check(st == 200, "the reader's ETag gets no 304 for the public")
    finally:
        server.terminate()
        server.wait(timeout=10)
    # the cache off: the same answers
    server, base = serve(db, "--cache-max", "0")
    try:
        st, h, body = get(base, VALUES, token=rita)
        check(st == 200 and "2345.6" in body, "with cache_max 0 the answers are the same", body[:200])
    finally:
        server.terminate()
        server.wait(timeout=10)
    # connections from one address
    server, base = serve(db)
    try:
        got = held_open(base, 256)
        check(got == 256, "256 connections from one address at once: every one answered", got)
    finally:
        server.terminate()
        server.wait(timeout=10)
    server, base = serve(db, "--per-ip-conn-limit", "4")
    try:
        got = held_open(base, 5)
        check(got == 4, "per_ip_conn_limit 4: the fifth connection from the address is turned away", got)
    finally:
        server.terminate()
        server.wait(timeout=10)
    server, base = serve(db, "--per-ip-conn-limit", "4", "--trusted-proxy", "127.0.0.1")
    try:
        got = held_open(base, 8)
        check(got == 8, "behind a trusted proxy (one address for every client) no per-address limit", got)
    finally:
        server.terminate()
        server.wait(timeout=10)
    T.note("%d checks" % T.n)
    T.done()


if __name__ == "__main__":
    sys.exit(main())
