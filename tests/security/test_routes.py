#!/usr/bin/env python3
"""test_routes.py - every route of src/web/route.c x every role x every kind of credential. The
rights each role has are written out here, apart from the code (the test's own reading of
docs/ARCHITECTURE "Security model"): a principal without the route's action is refused (an
anonymous visitor 401, or 303 to /signin for a page it reads; a signed-in one 403), one with it
is let through (never 401, never 403 csrf/forbidden from the gate), and nothing is a 5xx.
Credentials: a session cookie with and without its CSRF token and with a wrong one, a signed-out
session's cookie, a bearer token, a revoked token. A batch of refused requests leaves every
table as it was (the sign-in records aside). CSRF: a state change from a foreign Origin is
refused even with the right token. Open redirect: /signin's next= never sends a person to
another site. Prints TAP. usage: test_routes.py INNOMON_BIN SOURCE_ROOT"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from seclib import IND, PW, Client, Server, Tap, free_tmp, innomon, make_store, routes, sql  # noqa: E402

BIN, ROOT = sys.argv[1], sys.argv[2]
T = Tap()

# which roles hold each action (any scope): the test's own table
RIGHTS = {
    "ACT_READ_PUBLIC": {"anonymous", "admin", "analyst", "unit_reporter", "region_reporter", "reader"},
    "PUB": {"anonymous", "admin", "analyst", "unit_reporter", "region_reporter", "reader"},
    "ACT_READ_INTERNAL": {"admin", "analyst", "unit_reporter", "region_reporter", "reader"},
    "ACT_OWN_ACCOUNT": {"admin", "analyst", "unit_reporter", "region_reporter", "reader"},
    "ACT_READ_SCOPED": {"admin", "analyst", "unit_reporter", "region_reporter"},
    "ACT_WRITE_VALUES": {"admin", "analyst", "unit_reporter", "region_reporter"},
    "ACT_WRITE_REPORT": {"admin", "analyst", "unit_reporter"},
    "ACT_REVIEW_VALUES": {"admin", "analyst"},
    "ACT_PUBLISH_VALUES": {"admin", "analyst"},
    "ACT_SUPERVISE": {"admin", "analyst"},
    "ACT_EDIT_PLAN": {"admin"},
    "ACT_MANAGE_USERS": {"admin"},
    "ACT_READ_AUDIT": {"admin"},
}
PARAMS = {":code": "changsha", ":n": "1", ":id": "1", ":name": "nobody", ":indicator": IND, ":region": "changsha",
          ":year": "2025", ":period": "2026Q3", ":measure": "22", ":unit": "amr", ":kind": "talents", ":file": "style.css"}
SIGN_IN = {"signin_post", "api_session_create"}  # their 401 is "wrong name or password", not the gate
ENDS_SESSION = {"api_session_delete", "signout", "api_account_password", "account_password"}
QUIET = ("signin_attempts", "signin_failures", "sessions", "audit_events")  # sign-ins may touch these


def path_of(pattern):
    return re.sub(r":[a-z_]+", lambda m: PARAMS[m.group(0)], pattern)


def send(c, method, path, kind):
    if method in ("GET", "DELETE"):
        return c.request(method, path)
    if kind == "ROUTE_API":
        return c.call(method, path, {})
    return c.form(path, {})


def digest(db):
    out = {}
    for (t,) in sql(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"):
        if t in QUIET or "signin" in t:
            continue
        out[t] = sql(db, 'SELECT count(*) FROM "%s"' % t)[0]
    return out


def gate_refused(r):
    code = ((r.json() or {}).get("error") or {}).get("code") if r.body[:1] == b"{" else None
    return r.status == 401 or (r.status == 403 and code in ("forbidden", "csrf", None)) or \
        (r.status == 303 and "/signin" in (r.header("Location") or ""))


def main():
    tmp = free_tmp("innomon-routes-")
    db = make_store(BIN, tmp)
    innomon(BIN, db, "cycle", "open", "2026Q3", "--deadline", "2026-12-15")
    tok = innomon(BIN, db, "token", "create", "analyst", "--name", "sec").stdout.strip().splitlines()[-1]
    revoked_out = innomon(BIN, db, "token", "create", "admin", "--name", "gone").stdout
    revoked = revoked_out.strip().splitlines()[-1]
    rid = re.search(r"token (\d+)", revoked_out).group(1)
    innomon(BIN, db, "token", "revoke", rid)
    srv = Server(BIN, db, "--signin-max-failures-ip", "100000", "--signin-max-failures-account", "1000")
    table = routes(ROOT)
    T.check(len(table) > 100, "the route table is read (%d routes)" % len(table))
    try:
        port = srv.port
        # ---- refused credentials: nothing changes -----------------------------------------
        expired = Client(port, "admin")
        expired.request("DELETE", "/api/v1/session")
        no_csrf = Client(port, "admin")
        no_csrf.csrf = None
        bad_csrf = Client(port, "admin")
        bad_csrf.csrf = "A" * 43
        gone = Client(port)
        gone.bearer = revoked
        before = digest(db)
        bad = []
        n = 0
        for name, c, state_only in (("signed-out session", expired, False), ("revoked token", gone, False),
                                    ("cookie without CSRF token", no_csrf, True),
                                    ("cookie with a wrong CSRF token", bad_csrf, True)):
            for method, pattern, kind, need, rname in table:
                if state_only and method == "GET":
                    continue
                if kind == "ROUTE_STATIC" or (c is expired and "anonymous" in RIGHTS[need]):
                    continue  # a signed-out session is an anonymous visitor, who may read these
                r = send(c, method, path_of(pattern), kind)
                n += 1
                if not gate_refused(r):
                    bad.append("%s: %s %s -> %d %s" % (name, method, pattern, r.status, r.text()[:80]))
        T.check(not bad, "%d requests with a signed-out session, a revoked token or a missing/wrong CSRF token are "
                "all refused" % n, "\n".join(bad[:30]))
        after = digest(db)
        T.check(before == after, "and change no table", {k: (before[k], after.get(k)) for k in before if before[k] != after.get(k)})

        # ---- every role ---------------------------------------------------------------------
        people = [("anonymous", Client(port)), ("reader", Client(port, "reader")),
                  ("unit_reporter", Client(port, "amr_rep")), ("region_reporter", Client(port, "zz_rep")),
                  ("analyst", Client(port, "analyst")), ("admin", Client(port, "admin"))]
        bearer = Client(port)
        bearer.bearer = tok
        people.append(("analyst (bearer token)", bearer))
        for who, c in people:
            role = who.split(" ")[0]
            wrong, fivexx, m = [], [], 0
            for method, pattern, kind, need, rname in table:
                if rname in ENDS_SESSION:
                    continue
                path = path_of(pattern)
                r = send(c, method, path, kind)
                m += 1
                allowed = role in RIGHTS[need]
                if r.status >= 500:
                    fivexx.append("%s %s -> %d" % (method, path, r.status))
                elif allowed and r.status == 401 and rname not in SIGN_IN:
                    wrong.append("%s %s: admitted, got %d" % (method, pattern, r.status))
                elif not allowed:
                    want = (303 if kind == "ROUTE_PAGE" and method == "GET" else 401) if role == "anonymous" else 403
                    if r.status != want:
                        wrong.append("%s %s: want %d, got %d" % (method, pattern, want, r.status))
            T.check(not wrong and not fivexx, "%s: %d routes answer as its rights say, no 5xx" % (who, m),
                    "\n".join((wrong + fivexx)[:30]))

        # ---- CSRF from another site --------------------------------------------------------
        admin = Client(port, "admin")
        before = digest(db)
        for method, path, body in (("POST", "/api/v1/users", {"name": "csrf-victim", "role": "reader"}),
                                   ("PATCH", "/api/v1/users/reader", {"disabled": True})):
            r = admin.call(method, path, body, headers={"Origin": "http://evil.example"})
            T.check(r.status == 403, "%s %s from Origin evil.example is refused even with the token" % (method, path),
                    r.status)
        r = admin.form("/admin/users", {"name": "csrf-victim2", "role": "reader"}, csrf=False)
        T.check(r.status == 403, "a cross-site form post without the token is refused", r.status)
        T.check(digest(db) == before, "and nothing changed")

        # ---- open redirect --------------------------------------------------------------------
        for nxt in ("//evil.example/", "https://evil.example/", "/\\evil.example", "/%2F%2Fevil.example",
                    "http:evil.example", "\\\\evil.example", "/\t/evil.example", "javascript:alert(1)",
                    "/signin?x=1\r\nLocation: http://evil.example"):
            r = Client(port).form("/signin", {"name": "reader", "password": PW, "next": nxt})
            loc = r.header("Location") or ""
            host = urllib.parse.urlsplit(loc).netloc
            T.check(r.status == 303 and loc.startswith("/") and not loc.startswith("//") and not loc.startswith("/\\")
                    and not host and "\n" not in loc, "sign-in with next=%r goes to a local page (%s)" % (nxt, loc),
                    (r.status, loc))
        r = Client(port).get("/signin?next=" + urllib.parse.quote("//evil.example/"))
        T.check("evil.example" not in r.text(), "the sign-in form does not carry a foreign next")
    finally:
        srv.stop()
    T.done()


main()
