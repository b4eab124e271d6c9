#!/usr/bin/env python3
"""test_concurrency.py - many requests at once against one server whose supervision tick runs
every second: readers, a writer posting values and the tick share the pool of store
connections. Every answer must be a success and the server must still be alive and stop
cleanly afterwards. (A connection handed back to the pool while its statements were still being
finalized once crashed the server under exactly this load.) Prints TAP.
usage: test_concurrency.py INNOMON_BIN"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import testdb

BIN = sys.argv[1]
READERS, READS_EACH, WRITES = 6, 60, 80


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="innomon-conc-")
    db = testdb.new_db(tmp, "conc")
    env = dict(os.environ, INNOMON_ADMIN_PASSWORD="admin-pass-2025x", INNOMON_NOW="2025-12-01T00:00:00Z")
    subprocess.run([BIN, "--db", db, "init"], env=env, check=True, capture_output=True)
    subprocess.run([BIN, "--db", db, "cycle", "open", "2025Q3", "--deadline", "2025-10-15"], env=env, check=True,
                   capture_output=True)
    server = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--tick-interval", "1s", "--log-level", "error"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    m = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", line)
    print("1..4")
    if not m:
        print("not ok 1 - the server starts: %r" % line)
        return 1
    base = m.group(1)
    print("ok 1 - the server starts")

    req = urllib.request.Request(base + "/api/v1/session", method="POST",
                                 data=json.dumps({"name": "admin", "password": "admin-pass-2025x"}).encode())
    with urllib.request.urlopen(req) as resp:
        cookie = resp.headers["Set-Cookie"].split(";")[0]
        csrf = json.load(resp)["csrf_token"]

    failures = []

    def reader():
        for _ in range(READS_EACH):
            for path in ("/api/v1/progress", "/", "/indicators/hnte_count", "/healthz"):
                try:
                    with urllib.request.urlopen(base + path, timeout=30) as r:
                        r.read()
                except Exception as e:  # noqa: BLE001 - every failure is a test failure
                    failures.append("%s: %s" % (path, e))

    def writer():
        for i in range(WRITES):
            body = {"values": [{"indicator": "hnte_count", "region": "zhuzhou", "period": "2024", "value": 1000 + i}]}
            r = urllib.request.Request(base + "/api/v1/values", method="POST", data=json.dumps(body).encode(),
                                       headers={"Cookie": cookie, "X-CSRF-Token": csrf})
            try:
                with urllib.request.urlopen(r, timeout=30) as resp:
                    resp.read()
            except Exception as e:  # noqa: BLE001
                failures.append("write %d: %s" % (i, e))

    threads = [threading.Thread(target=reader) for _ in range(READERS)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(("ok" if not failures else "not ok") + " 2 - %d reads and %d writes all succeed%s" %
          (READERS * READS_EACH * 4, WRITES, "" if not failures else ": " + "; ".join(failures[:5])))
    alive = server.poll() is None
    print(("ok" if alive else "not ok") + " 3 - the server is still running")
    if alive:
        server.send_signal(signal.SIGTERM)
        try:
            rc = server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            rc = -1
    else:
        rc = server.returncode
    err = server.stderr.read()
    print(("ok" if rc == 0 else "not ok") + " 4 - it stops cleanly on SIGTERM (exit %d)%s" %
          (rc, "" if rc == 0 else ": " + err[-500:]))
    return 0 if not failures and alive and rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
