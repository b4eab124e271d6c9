#!/usr/bin/env python3
"""test_cluster.py - several servers on one store, as behind a load balancer (on PostgreSQL under
tools/pg-test.sh, else on one SQLite file): a session opened on one server works on the other
(write there, read on both, sign out there and the first refuses it); an upload checked on one
is committed on the other; two imports at once, and an import while values are being approved,
lose and double nothing (every cell's revisions run 1, 2, 3, ... without a gap or a repeat, and
every accepted write is there once); two edits of one value that both started from the same
revision: the second is refused with 409 and the value as it now is. Both servers run the
supervision tick every second meanwhile. On PostgreSQL, the database then drops every
connection (as a restart or a failover does) and both servers go on answering. Prints TAP.
Also: four processes opening a new, empty store at once all start (each migration applied once,
under the store's write lock). usage: test_cluster.py INNOMON_BIN"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request

import testdb

BIN = sys.argv[1]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check
IND = "invention_patents_per_10k"  # owned by unit amr; an analyst writes it anywhere
ENV = dict(os.environ, INNOMON_ADMIN_PASSWORD="admin-pass-2025x")


def call(base, method, path, cred, body=None, ctype="application/json"):
    """cred: {'token': ...} or {'cookie': ..., 'csrf': ...}. Returns (status, JSON or text)."""
    headers = {}
    if "token" in cred:
        headers["Authorization"] = "Bearer " + cred["token"]
    if "cookie" in cred:
        headers["Cookie"] = "innomon_session=" + cred["cookie"]
        headers["X-CSRF-Token"] = cred["csrf"]
    if body is not None:
        headers["Content-Type"] = ctype
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
    req = urllib.request.Request(base + path, method=method, data=body, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        text = e.read().decode(errors="replace")
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, text


def innomon(db, *args, stdin=None):
    return subprocess.run([BIN, "--db", db] + list(args), input=stdin, capture_output=True, text=True, env=ENV)


def serve(db, log):
    p = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "1s", "--log-level", "error"],
                         stdout=subprocess.PIPE, stderr=open(log, "w"), text=True, env=ENV)
    m = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", p.stdout.readline())
    if not m:
        raise SystemExit("the server did not start: see " + log)
    return p, m.group(1)


def revisions(db, cells):
    """{cell: [revision, ...]} of every revision of the given cells (indicator IND, region, period)."""
    out = {}
    for region, period in cells:
        r = innomon(db, "values", IND, "--region", region, "--revisions", "--json")
        out[(region, period)] = None if r.returncode else sorted(
            v["revision"] for v in json.loads(r.stdout) if v["period"] == period)
    return out


def contiguous(revs):
    return all(v is not None and v == list(range(1, len(v) + 1)) for v in revs.values())


def csv_of(cells, value):
    return ("indicator,region,period,value\n" + "".join("%s,%s,%s,%s\n" % (IND, r, p, value) for r, p in cells)).encode()


def parallel(*fns):
    results = [None] * len(fns)

    def run(i, fn):
        results[i] = fn()
    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def upload_and_commit(base_up, base_commit, cred, body):
    st, j = call(base_up, "POST", "/api/v1/imports?name=f.csv", cred, body, "text/csv")
    if st != 201:
        return st, j
    return call(base_commit, "POST", "/api/v1/imports/%d/commit" % j["id"], cred, b"")


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-cluster-")
    db = testdb.new_db(tmp, "cluster")
    r = innomon(db, "init")
    if r.returncode != 0:
        check(False, "init", r.stderr)
        T.done()
    innomon(db, "user", "add", "ana", "--role", "analyst", "--password-stdin", stdin="ana-pass-2025x\n")
    ana = {"token": innomon(db, "token", "create", "ana", "--name", "t").stdout.strip().splitlines()[-1]}
    admin = {"token": innomon(db, "token", "create", "admin", "--name", "t").stdout.strip().splitlines()[-1]}
    T.plan(18)
    # ---- servers (here: commands) starting together on a new store apply each migration once
    fresh = testdb.new_db(tmp, "fresh")
    if not testdb.is_postgres():
        open(fresh, "w").close()  # an existing empty file, as an empty database
    starts = parallel(*[lambda: innomon(fresh, "audit", "verify") for _ in range(4)])
    check(all(r.returncode == 0 for r in starts), "four processes opening a new store at once all start",
          [r.stderr for r in starts])

    (pa, a), (pb, b) = serve(db, os.path.join(tmp, "a.log")), serve(db, os.path.join(tmp, "b.log"))
    try:
        # ---- one session, two servers
        req = urllib.request.Request(a + "/api/v1/session", method="POST", headers={"Content-Type": "application/json"},
                                     data=json.dumps({"name": "ana", "password": "ana-pass-2025x"}).encode())
        with urllib.request.urlopen(req) as resp:
            cookie = re.search(r"innomon_session=([^;]+)", resp.headers["Set-Cookie"]).group(1)
            session = {"cookie": cookie, "csrf": json.load(resp)["csrf_token"]}
        st, j = call(b, "POST", "/api/v1/values", session,
                     {"values": [{"indicator": IND, "region": "zhuzhou", "period": "2040-01", "value": 7.5}]})
        check(st == 201, "signed in on server A, a value written through server B", (st, j))
        seen = [call(s, "GET", "/api/v1/values?indicator=%s&region=zhuzhou&period=2040-01" % IND, session)
                for s in (a, b)]
        check(all(st == 200 and [v["value"] for v in j["values"]] == [7.5] for st, j in seen),
              "and read back on both", seen)

        st, up = call(a, "POST", "/api/v1/imports?name=one.csv", ana, csv_of([("xiangtan", "2040-01")], 3), "text/csv")
        st2, j = call(b, "POST", "/api/v1/imports/%d/commit" % up.get("id", 0), ana, b"")
        check(st == 201 and st2 == 200 and j.get("new") == 1, "an upload checked on A is committed on B", (st, up, st2, j))

        st, j = call(b, "DELETE", "/api/v1/session", session)
        st2, j2 = call(a, "GET", "/api/v1/session", session)
        check(st == 200 and st2 == 401, "signed out on B, the session is refused on A", (st, j, st2, j2))

        # ---- two imports at once: other cells, then the same cells
        one = [("changsha", "2041-%02d" % m) for m in range(1, 13)]
        two = [("zhuzhou", "2041-%02d" % m) for m in range(1, 13)]
        before = int(innomon(db, "audit", "verify").stdout.split()[3].rstrip(";"))
        res = parallel(lambda: upload_and_commit(a, a, ana, csv_of(one, 1)), lambda: upload_and_commit(b, b, ana, csv_of(two, 2)))
        check(all(st == 200 and j.get("new") == 12 for st, j in res), "two imports of other cells at once: both in", res)
        revs = revisions(db, one + two)
        check(all(v == [1] for v in revs.values()), "each of their cells holds one revision", revs)

        same = [("xiangtan", "2042-%02d" % m) for m in range(1, 13)]
        outcomes = []
        for round_ in range(3):
            res = parallel(lambda: upload_and_commit(a, a, ana, csv_of(same, 10 + round_)),
                           lambda: upload_and_commit(b, b, ana, csv_of(same, 20 + round_)))
            outcomes += res
        ok = [j for st, j in outcomes if st == 200]
        print("# the six imports of the same cells: %s" % " ".join(str(st) for st, j in outcomes))
        check(all(st in (200, 409) for st, j in outcomes) and ok, "the same cells imported twice at once, three times:"
              " each import is in whole or refused with 409", [(st, j if st != 200 else "") for st, j in outcomes])
        revs = revisions(db, same)
        written = sum(j.get("new", 0) + j.get("revised", 0) for j in ok)
        check(contiguous(revs) and sum(len(v) for v in revs.values()) == written,
              "every cell's revisions run 1..n, one per accepted write: nothing lost, nothing doubled", (revs, written))

        # ---- an import while the same cells' values are approved one by one
        cells = [("changsha", "2043-%02d" % m) for m in range(1, 13)]
        st, j = call(a, "POST", "/api/v1/values", ana,
                     {"values": [{"indicator": IND, "region": r_, "period": p, "value": 1} for r_, p in cells], "submit": True})
        ids = [v["id"] for v in j.get("values", [])] if st == 201 else []

        def approve_all():
            return [call(a, "POST", "/api/v1/observations/%d/approve" % i, admin, b"")[0] for i in ids]
        approvals, (ist, ij) = parallel(approve_all, lambda: upload_and_commit(b, b, ana, csv_of(cells, 5)))
        print("# approvals %s; the import %d" % (" ".join(map(str, approvals)), ist))
        revs = revisions(db, cells)
        expect = len(cells) + approvals.count(200) + (ij.get("new", 0) + ij.get("revised", 0) if ist == 200 else 0)
        check(len(ids) == 12 and all(s in (200, 409) for s in approvals) and ist in (200, 409),
              "approvals and an import of the same cells at once: each done or refused with 409", (approvals, ist, ij))
        check(contiguous(revs) and sum(len(v) for v in revs.values()) == expect,
              "no revision lost or doubled", (revs, expect))

        # ---- two edits of one value from the same revision
        cell = {"indicator": IND, "region": "zhuzhou", "period": "2044-01"}
        st, j = call(a, "POST", "/api/v1/values", ana, {"values": [dict(cell, value=10, revision=0)]})
        check(st == 201 and j["values"][0]["revision"] == 1, "a new value, said to be new (revision 0)", (st, j))
        st, j = call(a, "POST", "/api/v1/values", ana, {"values": [dict(cell, value=11, revision=1)]})
        st2, j2 = call(b, "POST", "/api/v1/values", ana, {"values": [dict(cell, value=12, revision=1)]})
        cur = (j2.get("error", {}).get("details") or [{}])[0].get("current") or {} if isinstance(j2, dict) else {}
        check(st == 201 and st2 == 409 and j2["error"]["code"] == "conflict" and cur.get("value") == 11 and
              cur.get("revision") == 2, "the second edit from revision 1 is refused with 409 and the current value",
              (st, j, st2, j2))
        res = parallel(lambda: call(a, "POST", "/api/v1/values", ana, {"values": [dict(cell, value=13, revision=2)]}),
                       lambda: call(b, "POST", "/api/v1/values", ana, {"values": [dict(cell, value=14, revision=2)]}))
        check(sorted(st for st, j in res) == [201, 409], "two edits from revision 2 at once: one in, one 409", res)
        st, j = call(b, "GET", "/api/v1/values?indicator=%s&region=zhuzhou&period=2044-01" % IND, ana)
        check(st == 200 and [v["revision"] for v in j["values"]] == [1, 2, 3], "the value's revisions: 1, 2, 3", j)

        # ---- the database drops every connection (a restart, a failover): the servers go on
        if testdb.is_postgres():
            subprocess.run(["psql", "-qXAt", "-c", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            " WHERE application_name = 'innomon' AND pid <> pg_backend_pid()"],
                           check=True, capture_output=True)
        answers = [call(s, "GET", "/api/v1/values?indicator=%s&region=zhuzhou&period=2044-01" % IND, ana)[0]
                   for s in (a, b) * 20]
        check(answers == [200] * 40, "every connection to the database dropped: the next requests are answered",
              answers)

        r = innomon(db, "audit", "verify")
        after = int(r.stdout.split()[3].rstrip(";")) if r.returncode == 0 else 0
        check(r.returncode == 0 and after > before, "the audit trail is intact after it all", r.stdout + r.stderr)
    finally:
        for p in (pa, pb):
            p.send_signal(signal.SIGTERM)
        codes = [p.wait(timeout=60) for p in (pa, pb)]
    check(codes == [0, 0], "both servers stop cleanly", codes)
    T.done()


if __name__ == "__main__":
    sys.exit(main())
