#!/usr/bin/env python3
"""test_commit_atomic.py - an import commit and its "committed" mark are one transaction
(issue 11 #8), shown without luck: a trigger makes the mark fail as a crash between the two
would (kill -9 lands in that window only now and then); the commit must then have written
nothing, and the upload stays uncommitted. Once the trigger is gone the same commit imports
every row and marks the upload, and a second commit is refused with 409 and writes nothing.
Prints TAP. usage: test_commit_atomic.py INNOMON_BIN SOURCE_ROOT"""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "security"))
from seclib import IND, Client, Server, Tap, free_tmp, make_store, sql  # noqa: E402

BIN = sys.argv[1]
T = Tap()


def execute(db, statement):
    c = sqlite3.connect(db, timeout=30)
    try:
        c.execute(statement)
        c.commit()
    finally:
        c.close()


def main():
    tmp = free_tmp("innomon-atomic-")
    db = make_store(BIN, tmp, plan_only=True)
    srv = Server(BIN, db)
    try:
        c = Client(srv.port, "analyst")
        body = "indicator,region,period,value,source\n" + "".join(
            "%s,%s,2025,%d,atomic-%d\n" % (IND, reg, i + 1, i) for i, reg in enumerate(("changsha", "zhuzhou", "xiangtan")))
        r = c.request("POST", "/api/v1/imports?name=atomic.csv", body.encode(), "text/csv")
        T.check(r.status == 201, "a file of three values is checked and kept", r.status)
        uid = r.json()["id"]
        execute(db, "CREATE TRIGGER crash_here BEFORE UPDATE OF committed_at ON uploads "
                    "BEGIN SELECT RAISE(ABORT, 'the process died here'); END")
        r = c.request("POST", "/api/v1/imports/%d/commit" % uid)
        rows = sql(db, "SELECT count(*) FROM observations WHERE source LIKE 'atomic-%'")[0][0]
        T.check(r.status >= 500, "the commit fails when its mark cannot be written", r.status)
        T.check(rows == 0, "and writes no row (the rows and the mark are one transaction)", rows)
        T.check(sql(db, "SELECT committed_at FROM uploads WHERE id = ?", uid) == [(None,)], "the upload is not committed")
        execute(db, "DROP TRIGGER crash_here")
        r = c.request("POST", "/api/v1/imports/%d/commit" % uid)
        rows = sql(db, "SELECT count(*) FROM observations WHERE source LIKE 'atomic-%'")[0][0]
        T.check(r.status == 200 and rows == 3, "the same commit then imports every row", (r.status, rows))
        marked = sql(db, "SELECT committed_at IS NOT NULL, batch_id FROM uploads WHERE id = ?", uid)[0]
        batch = sql(db, "SELECT DISTINCT batch_id FROM observations WHERE source LIKE 'atomic-%'")
        T.check(marked[0] == 1 and batch == [(marked[1],)], "and marks the upload committed with the rows' batch",
                (marked, batch))
        r = c.request("POST", "/api/v1/imports/%d/commit" % uid)
        rows = sql(db, "SELECT count(*) FROM observations WHERE source LIKE 'atomic-%'")[0][0]
        T.check(r.status == 409 and rows == 3, "a second commit is refused and writes nothing", (r.status, rows))
    finally:
        srv.stop()
    T.done()


main()
