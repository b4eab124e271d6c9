#!/usr/bin/env python3
"""test_signin.py - sign-in does not tell which names exist, throttles guessing, and the
password policy. Timing: unknown names and known names with a wrong password, interleaved, take
the same time within noise (medians within 25%, and the two distributions overlap); throttling:
after the account's and the address's failure limits even the right password is refused (429)
and a throttled answer is the same for a known and an unknown name; policy: one of the 10,000
most common passwords is refused in any letter case, the length limit counts characters (500
Chinese characters are accepted, 1,025 letters are not). Prints TAP.
usage: test_signin.py INNOMON_BIN SOURCE_ROOT"""
import statistics
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from seclib import PW, Client, Server, Tap, free_tmp, make_store  # noqa: E402

BIN = sys.argv[1]
T = Tap()
ROUNDS = 15


def signin(port, name, password):
    c = Client(port)
    t0 = time.perf_counter()
    r = c.call("POST", "/api/v1/session", {"name": name, "password": password})
    return r, time.perf_counter() - t0


def measure(port, attempt):
    unknown, known = [], []
    for i in range(ROUNDS):
        # interleaved, in alternating order, so both see the same load on the machine
        pair = [("nobody-%d-%d" % (attempt, i), unknown), ("reader", known)]
        if i % 2:
            pair.reverse()
        for name, out in pair:
            r, t = signin(port, name, "wrong-password-%d" % i)
            if r.status != 401:
                return None, None
            out.append(t)
    return unknown, known


def timing(port):
    # A real oracle costs a second argon2 run (about twice the time) every time; the noise of a
    # shared machine does not repeat. Up to three measurements: one within 25% passes.
    for attempt in range(3):
        unknown, known = measure(port, attempt)
        if unknown is None:
            T.check(False, "timing: wrong sign-ins answer 401")
            return
        mu, mk = statistics.median(unknown), statistics.median(known)
        T.note("sign-in medians (attempt %d): unknown name %.1f ms, known name %.1f ms" % (attempt + 1, mu * 1e3, mk * 1e3))
        if abs(mu - mk) / max(mu, mk) < 0.25:
            break
    T.check(abs(mu - mk) / max(mu, mk) < 0.25, "an unknown name and a wrong password take the same time (medians)",
            "%.1f ms vs %.1f ms" % (mu * 1e3, mk * 1e3))
    T.check(min(unknown) < max(known) and min(known) < max(unknown), "the two time distributions overlap")


def throttling(port):
    # the account limit (5 by default): the right password is refused afterwards
    for i in range(5):
        r, _ = signin(port, "analyst", "not-the-password-%d" % i)
    r, _ = signin(port, "analyst", PW)
    T.check(r.status == 429, "after 5 failures the right password of that account answers 429", r.status)
    r2 = [signin(port, "ghost", "not-the-password-%d" % i)[0].status for i in range(6)]
    T.check(r2[-1] == 429, "an unknown name is throttled the same way (no oracle)", r2)


def policy(port):
    admin = Client(port, "admin")
    for pw, why in (("Password123", "common"), ("QWERTYUIOP", "common"), ("x" * 1025, "too long")):
        r = admin.call("POST", "/api/v1/account/password", {"current": PW, "new": pw})
        T.check(r.status == 422, "a new password refused: %s (%s...)" % (why, pw[:12]), (r.status, r.text()))
    r = admin.call("POST", "/api/v1/account/password", {"current": PW, "new": "创新" * 250})
    T.check(r.status == 200, "500 Chinese characters (1,500 bytes) are within the limit of characters",
            (r.status, r.text()))
    r = Client(port).call("POST", "/api/v1/session", {"name": "admin", "password": "创新" * 250})
    T.check(r.status in (200, 201), "and sign in", r.status)
    r = admin.call("POST", "/api/v1/users", {"name": "weakling", "role": "reader", "password": "1234567890"})
    T.check(r.status == 422, "a user made with a common password is refused", (r.status, r.text()))


def main():
    tmp = free_tmp("innomon-signin-")
    db = make_store(BIN, tmp, plan_only=True)
    srv = Server(BIN, db, "--signin-max-failures-account", "1000", "--signin-max-failures-ip", "1000")
    try:
        timing(srv.port)
        policy(srv.port)
    finally:
        srv.stop()
    srv = Server(BIN, db)
    try:
        throttling(srv.port)
    finally:
        srv.stop()
    T.done()


main()
