#!/usr/bin/env python3
"""test_logs.py - the server's log: with --log-format json every line is one JSON object and
every request has one line with its method, path, route, status, bytes, duration, user and
address (with --access-log-sample 1); passwords, session tokens and CSRF tokens never appear in
the log, in either format; by default every error and 1 in 100 plain answers are logged.
Prints TAP. usage: test_logs.py INNOMON_BIN"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import testdb

BIN = sys.argv[1]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check
PASSWORD = "log-secret-password-42"


def serve(db, fmt, *extra):
    p = subprocess.Popen([BIN, "--db", db, "serve", "--port", "0", "--log-format", fmt, "--tick-interval", "0"] + list(extra),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    m = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", p.stdout.readline())
    return p, m.group(1) if m else None


def traffic(base):
    """Requests a person makes, with every secret the server sees; returns the secrets."""
    req = urllib.request.Request(base + "/api/v1/session", method="POST",
                                 data=json.dumps({"name": "admin", "password": PASSWORD}).encode())
    with urllib.request.urlopen(req) as r:
        token = r.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
        csrf = json.load(r)["csrf_token"]
    for path in ("/", "/plan", "/nope"):
        try:
            urllib.request.urlopen(base + path).read()
        except urllib.error.HTTPError:
            pass
    bad = urllib.request.Request(base + "/api/v1/session", method="POST",
                                 data=json.dumps({"name": "admin", "password": "wrong-" + PASSWORD}).encode())
    try:
        urllib.request.urlopen(bad)
    except urllib.error.HTTPError:
        pass
    out = urllib.request.Request(base + "/api/v1/session", method="DELETE",
                                 headers={"Cookie": "innomon_session=" + token, "X-CSRF-Token": csrf})
    urllib.request.urlopen(out).read()
    return [PASSWORD, token, csrf]


def main():
    tmp = tempfile.mkdtemp(prefix="innomon-logs-")
    db = testdb.new_db(tmp, "logs")
    subprocess.run([BIN, "--db", db, "init", "--plan-only"], env=dict(os.environ, INNOMON_ADMIN_PASSWORD=PASSWORD),
                   check=True, capture_output=True)
    T.plan(10)
    for fmt in ("json", "text"):
        server, base = serve(db, fmt, "--access-log-sample", "1")
        if not base:
            check(False, "%s: the server starts" % fmt)
            continue
        secrets = traffic(base)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log = server.stderr.read()
        lines = [l for l in log.splitlines() if l.strip()]
        if fmt == "json":
            objs = []
            for l in lines:
                try:
                    objs.append(json.loads(l))
                except ValueError:
                    objs.append(None)
            check(lines and all(o is not None for o in objs), "json: every log line is one JSON object")
            reqs = [o for o in objs if o and o.get("module") == "http" and o.get("msg") == "request"]
            check(len(reqs) == 6, "json: one line per request (%d)" % len(reqs))
            want = {"req", "method", "path", "route", "status", "bytes", "duration_ms", "user", "ip", "time", "level"}
            check(all(want <= set(o) for o in reqs), "json: each request line has its fields")
            nope = [o for o in reqs if o.get("path") == "/nope"]
            check(len(nope) == 1 and nope[0]["status"] == "404" and nope[0]["route"] == "not_found",
                  "json: a miss is logged with status 404 and route not_found")
        else:
            check(sum(1 for l in lines if " http: request " in l and " status=" in l) == 6,
                  "text: one key=value line per request")
            check(any(" user=admin " in l for l in lines), "text: the signed-in user is named")
        check(not any(s in log for s in secrets), "%s: no password, session token or CSRF token in the log" % fmt)
    sampled(db)
    T.done()


def sampled(db):
    """By default the access log keeps every error and 1 in 100 of the plain successes."""
    server, base = serve(db, "json")
    for _ in range(300):
        urllib.request.urlopen(base + "/healthz").read()
    for _ in range(3):
        try:
            urllib.request.urlopen(base + "/nope")
        except urllib.error.HTTPError:
            pass
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)
    reqs = [json.loads(l) for l in server.stderr.read().splitlines() if '"request"' in l]
    ok = [o for o in reqs if o.get("status") == "200"]
    check(len(ok) == 3, "default: 1 in 100 of 300 plain answers is logged (%d)" % len(ok))
    check(len([o for o in reqs if o.get("status") == "404"]) == 3, "default: every error is logged")


if __name__ == "__main__":
    sys.exit(main())
