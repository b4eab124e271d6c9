#!/usr/bin/env python3
"""test_slow.py - slow clients and heavy reports do not take the server down. With --threads 2:
while 300 connections from ten loopback addresses trickle their headers in (a line every
second) and 4 PDF reports are being built, /healthz and GET / answer within 1 s each time;
a connection that keeps sending header lines is cut at the request deadline (MHD's own
timeout measures silence only), so one address cannot hold its connections forever; a new
connection sending binary garbage instead of a request line is answered 400, not held; with
every report worker and queue place taken a report request is answered 503 with Retry-After;
one value with a 60,000-byte unbroken source makes a PDF whose table shows a shortened text
with a reference to the annex, which holds the full text. Prints TAP.
usage: test_slow.py INNOMON_BIN SOURCE_ROOT"""
import os
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from seclib import IND, Client, Server, Tap, free_tmp, make_store, raw  # noqa: E402

BIN = sys.argv[1]
T = Tap()


class Trickler:
    """n connections from the given source addresses sending a header line every period s,
    never finishing; records when each was closed by the server."""

    def __init__(self, port, sources, n, period=1.0):
        self.socks = []
        self.closed_at = {}
        self.started = time.monotonic()
        for i in range(n):
            s = socket.socket()
            s.bind((sources[i % len(sources)], 0))
            s.settimeout(5)
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            s.setblocking(False)
            self.socks.append(s)
        self.stop = threading.Event()
        self.t = threading.Thread(target=self.run, args=(period,), daemon=True)
        self.t.start()

    def run(self, period):
        k = 0
        while not self.stop.wait(period):
            k += 1
            for i, s in enumerate(self.socks):
                if i in self.closed_at:
                    continue
                try:
                    if s.recv(1024) == b"":
                        self.closed_at[i] = time.monotonic() - self.started
                        continue
                except BlockingIOError:
                    pass
                except OSError:
                    self.closed_at[i] = time.monotonic() - self.started
                    continue
                try:
                    s.sendall(b"X-Slow-%d: %d\r\n" % (k, k))
                except OSError:
                    self.closed_at[i] = time.monotonic() - self.started

    def close(self):
        self.stop.set()
        self.t.join()
        for s in self.socks:
            s.close()


def timed(port, path):
    t0 = time.monotonic()
    try:
        r = raw(port, "GET", path, timeout=10)
        return r.status, time.monotonic() - t0
    except OSError as e:
        return repr(e), time.monotonic() - t0


def under_load(db):
    srv = Server(BIN, db, "--threads", "2", "--request-deadline", "60")
    try:
        analyst = Client(srv.port, "analyst")
        sources = ["127.0.0.%d" % i for i in range(2, 12)]
        tr = Trickler(srv.port, sources, 300)
        pdfs = []

        def pdf():
            r = analyst.get("/reports/evaluation?period=2025&format=pdf", timeout=120)
            pdfs.append(r.status)

        ths = [threading.Thread(target=pdf) for _ in range(4)]
        for t in ths:
            t.start()
        time.sleep(0.3)
        worst, bad = 0.0, []
        for _ in range(5):
            for path in ("/healthz", "/"):
                st, dt = timed(srv.port, path)
                worst = max(worst, dt)
                if st != 200 or dt > 1.0:
                    bad.append("%s: %s in %.2fs" % (path, st, dt))
            time.sleep(0.2)
        T.note("slowest /healthz or / under load: %.3f s" % worst)
        T.check(not bad, "with 300 slow-header connections and 4 PDF builds, /healthz and / answer within 1 s",
                "\n".join(bad))
        T.check(len(tr.closed_at) == 0, "the slow connections are still open (the test held them)",
                len(tr.closed_at))
        for t in ths:
            t.join()
        T.check(pdfs == [200] * 4, "the 4 PDF reports are delivered", pdfs)
        tr.close()
    finally:
        srv.stop()


def deadline(db):
    srv = Server(BIN, db, "--request-deadline", "3", "--request-timeout", "60")
    try:
        # one address, its whole per-address allowance, each connection sending a line every 0.5 s
        tr = Trickler(srv.port, ["127.0.0.20"], 64, period=0.5)
        time.sleep(6)
        closed = sorted(tr.closed_at.values())
        T.check(len(closed) == 64 and closed[-1] < 5.5,
                "64 connections that keep sending header lines are cut at the 3 s deadline",
                "%d closed, last at %s" % (len(closed), closed[-1:] or None))
        tr.close()
        st, _ = timed(srv.port, "/healthz")
        T.check(st == 200, "that address may connect again afterwards", st)
        # a body: a trickle is cut at the deadline; a large declared body gets 1 s per 256 KiB more
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000\r\n\r\n")
        t0, cut = time.monotonic(), None
        s.settimeout(0.5)
        while time.monotonic() - t0 < 8:
            try:
                s.sendall(b" ")
                if s.recv(100) == b"":
                    cut = time.monotonic() - t0
                    break
            except socket.timeout:
                continue
            except OSError:
                cut = time.monotonic() - t0
                break
        s.close()
        T.check(cut is not None and cut < 5, "a body trickled a byte at a time is cut at the deadline", cut)
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
        body = b"{" + b" " * ((1 << 20) - 2) + b"}"
        s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
        t0 = time.monotonic()
        for i in range(0, len(body), 64 << 10):  # 1 MiB over about 4.5 s: past 3 s, within 3 + 4 s
            s.sendall(body[i:i + (64 << 10)])
            time.sleep(0.28)
        got = s.recv(100)
        s.close()
        T.check(got.startswith(b"HTTP/1.1 4"), "a 1 MiB body sent steadily over %.1f s is read whole and answered"
                % (time.monotonic() - t0), got[:40])
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        t0 = time.monotonic()
        s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")  # a TLS hello: no line end
        got = s.recv(100)
        dt = time.monotonic() - t0
        s.close()
        T.check(got.startswith(b"HTTP/1.1 400") and dt < 4.5, "binary garbage instead of a request line is answered "
                "400 within the deadline", "%r after %.1fs" % (got[:30], dt))
    finally:
        srv.stop()


def busy(db):
    srv = Server(BIN, db, "--report-workers", "1", "--report-queue", "0")
    try:
        analyst = Client(srv.port, "analyst")
        out = []

        def pdf():
            r = analyst.get("/reports/evaluation?period=2025&format=pdf", timeout=120)
            out.append((r.status, r.header("Retry-After")))

        ths = [threading.Thread(target=pdf) for _ in range(3)]
        for t in ths:
            t.start()
        for t in ths:
            t.join()
        statuses = sorted(s for s, _ in out)
        T.check(statuses[0] == 200 and 503 in statuses, "with one report worker and no queue, a report asked "
                "while another is built is answered 503", out)
        T.check(all(ra == "10" for s, ra in out if s == 503), "a 503 says Retry-After", out)
        r = Client(srv.port).get("/api/v1/export?format=json")
        T.check(r.status == 200, "the export runs on the report worker too, once it is free", r.status)
    finally:
        srv.stop()


def long_text(db):
    srv = Server(BIN, db)
    try:
        analyst = Client(srv.port, "analyst")
        src = "长" + "x" * 60000 + "END"
        r = analyst.call("POST", "/api/v1/values", {"values": [{"indicator": IND, "region": "changsha", "period": "2025",
                                                                "value": 77.5, "source": src}], "submit": True})
        oid = r.json()["values"][0]["id"]
        r = Client(srv.port, "admin").call("POST", "/api/v1/observations/%d/approve" % oid, {})  # four eyes
        T.check(r.status == 200, "setup: a value with a 60,000-byte source is approved", r.status)
        r = analyst.get("/reports/evaluation?period=2025&format=pdf&lang=zh", timeout=300)
        text = subprocess.run(["pdftotext", "-", "-"], input=r.body, capture_output=True).stdout.decode("utf-8", "replace")
        T.check(r.status == 200 and "见附注 1" in text and "附：表格和段落中截短文字的全文" in text,
                "the PDF shortens the cell and refers to its annex", text[-300:])
        T.check(text.count("x") >= 60000 and "END" in text, "the annex holds the full text")
    finally:
        srv.stop()


def main():
    tmp = free_tmp("innomon-slow-")
    db = make_store(BIN, tmp)
    long_text(db)
    under_load(db)
    deadline(db)
    busy(db)
    T.done()


main()
