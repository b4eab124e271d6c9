#!/usr/bin/env python3
"""crash.py - seeded kill -9 trials. Each trial copies a prepared store, starts innomon serve on
it (or runs an `innomon import` command), starts one kind of write, kills the process with
SIGKILL after a delay drawn from the trial's seed, then checks the store as a new process finds
it:
  - SQLite's integrity check and foreign keys pass; `innomon audit verify` passes (the chain);
  - every write the client saw acknowledged is there (201/200 received => its rows exist);
  - no import is half in: the rows of a file are all there or none, and an upload's rows are
    there exactly when it is marked committed (issue 11 #8);
  - the server starts again on the store and answers /healthz.
Kinds (cycled by trial number): a value import committed over the API, a registry import over
the API, a value import by the CLI, a stream of single-value API writes. Prints TAP; the seed
of each trial is in its line, so a failure reruns with --seed S --trials 1.
usage: crash.py INNOMON_BIN SOURCE_ROOT [--trials N] [--seed S] [--summary FILE]"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "security"))
from seclib import IND, PW, Client, Server, Tap, env, free_tmp, innomon, make_store, sql  # noqa: E402

KINDS = ["commit", "registry", "cli", "stream"]
REGIONS = ["changsha", "zhuzhou", "xiangtan", "cs-hitech", "zz-hitech", "xt-hitech", "hunan", "czt", "zcq"]
ROWS = 1500  # rows of an imported file


def values_csv(tag, n, period_base=2000):
    lines = ["indicator,region,period,value,source"]
    for i in range(n):
        lines.append("%s,%s,%d,%d.5,%s-%d" % (IND, REGIONS[i % len(REGIONS)], period_base + i // len(REGIONS),
                                               i + 1, tag, i))
    return ("\n".join(lines) + "\n").encode()


def talents_csv(tag, n):
    lines = ["编号,人才计划,入选年度,地区"]
    for i in range(n):
        lines.append("%s-%05d,湖湘英才,%d,%s" % (tag, i, 2021 + i % 5, ("长沙", "株洲", "湘潭")[i % 3]))
    return ("\n".join(lines) + "\n").encode()


class Trial:
    def __init__(self, binary, template, seed, kind, span=None):
        self.bin = binary
        self.seed = seed
        self.kind = kind
        self.rng = random.Random(seed)
        self.span = span      # how long the write takes unhindered (calibrated); None: never kill
        self.op_seconds = 0.0
        self.dir = free_tmp("innomon-crash-")
        self.db = os.path.join(self.dir, "s.db")
        shutil.copy(template, self.db)
        self.tag = "crash%d" % seed
        self.acked = []      # source markers of acknowledged single writes
        self.acked_files = []  # tags of files whose import was acknowledged
        self.problems = []
        self.outcome = ""  # what the kill caught: none / all of the file, acknowledged or not

    def delay(self):
        """When to kill, from the trial's seed: anywhere from the start of the write to a little
        past its usual end."""
        return self.rng.uniform(0.0, 1.15 * self.span) if self.span is not None else None

    def kill_after(self, proc, delay):
        self.op_started = time.monotonic()
        if delay is None:
            return None

        def k():
            time.sleep(delay)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
        t = threading.Thread(target=k, daemon=True)
        t.start()
        return t

    # ---- the writes -------------------------------------------------------------------
    def run_commit(self):
        srv = Server(self.bin, self.db)
        c = Client(srv.port, "analyst")
        r = c.request("POST", "/api/v1/imports?name=%s.csv" % self.tag, values_csv(self.tag, ROWS), "text/csv")
        if r.status != 201:
            self.problems.append("setup upload: %d %s" % (r.status, r.text()[:200]))
            srv.stop()
            return
        uid = r.json()["id"]
        self.kill_after(srv.p, self.delay())
        try:
            r = c.request("POST", "/api/v1/imports/%d/commit" % uid, timeout=30)
            self.op_seconds = time.monotonic() - self.op_started
            if r.status == 200:
                self.acked_files.append(self.tag)
        except OSError:
            pass
        if self.span is None:
            srv.stop()
        srv.p.wait()

    def run_registry(self):
        srv = Server(self.bin, self.db)
        c = Client(srv.port, "analyst")
        self.kill_after(srv.p, self.delay())
        try:
            r = c.request("POST", "/api/v1/registries/talents?name=%s.csv" % self.tag, talents_csv(self.tag, ROWS),
                          "text/csv", timeout=30)
            self.op_seconds = time.monotonic() - self.op_started
            if r.status in (200, 201):
                self.acked_files.append(self.tag)
            elif r.status < 500:
                self.problems.append("registry import refused: %d %s" % (r.status, r.text()[:300]))
        except OSError:
            pass
        if self.span is None:
            srv.stop()
        srv.p.wait()

    def run_cli(self):
        path = os.path.join(self.dir, "v.csv")
        with open(path, "wb") as f:
            f.write(values_csv(self.tag, ROWS))
        p = subprocess.Popen([self.bin, "--db", self.db, "import", "values", path, "--quiet"], env=env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.kill_after(p, self.delay())
        out, err = p.communicate()
        self.op_seconds = time.monotonic() - self.op_started
        if p.returncode == 0:
            self.acked_files.append(self.tag)

    def run_stream(self):
        srv = Server(self.bin, self.db)
        c = Client(srv.port, "analyst")
        self.kill_after(srv.p, self.delay())
        for i in range(10000 if self.span is not None else 40):
            src = "%s-s%d" % (self.tag, i)
            try:
                r = c.call("POST", "/api/v1/values", {"values": [{"indicator": IND, "region": REGIONS[i % len(REGIONS)],
                                                                  "period": str(1900 + i // len(REGIONS)),
                                                                  "value": i + 0.25, "source": src}]}, timeout=10)
            except OSError:
                break
            if r.status == 201:
                self.acked.append(src)
                self.op_seconds = time.monotonic() - self.op_started
            else:
                self.problems.append("stream write %d: %d %s" % (i, r.status, r.text()[:200]))
                break
        if self.span is None:
            srv.stop()
        srv.p.wait()

    # ---- the checks ---------------------------------------------------------------------
    def check(self):
        db = self.db
        if sql(db, "PRAGMA integrity_check") != [("ok",)]:
            self.problems.append("integrity_check: %s" % sql(db, "PRAGMA integrity_check")[:3])
        fk = sql(db, "PRAGMA foreign_key_check")
        if fk:
            self.problems.append("foreign_key_check: %s" % fk[:3])
        p = innomon(self.bin, db, "audit", "verify", check=False)
        if p.returncode != 0:
            self.problems.append("audit verify: %s" % (p.stdout + p.stderr)[:300])
        if self.kind == "stream":
            n = sql(db, "SELECT count(*) FROM observations WHERE source LIKE ?", self.tag + "-s%")[0][0]
            extra = n - len(self.acked)  # written but killed before the answer: allowed, never less
            self.outcome = "%d acknowledged, %s" % (len(self.acked), "all in" if extra == 0 else "%+d in" % extra)
            if extra not in (0, 1):  # one write at a time: at most the one in flight is in unanswered
                self.problems.append("%d writes in for %d acknowledged" % (n, len(self.acked)))
        # every acknowledged single write is there
        for src in self.acked:
            if sql(db, "SELECT count(*) FROM observations WHERE source = ?", src)[0][0] != 1:
                self.problems.append("acknowledged write lost: %s" % src)
        # files: all rows or none; acknowledged ones all
        if self.kind in ("commit", "cli"):
            n = sql(db, "SELECT count(*) FROM observations WHERE source LIKE ?", self.tag + "-%")[0][0]
            self.outcome = "%s, %s" % ("in" if n else "not in", "acknowledged" if self.acked_files else "not acknowledged")
            if n not in (0, ROWS):
                self.problems.append("value import half in: %d of %d rows" % (n, ROWS))
            if self.acked_files and n != ROWS:
                self.problems.append("acknowledged import has %d of %d rows" % (n, ROWS))
            if self.kind == "commit":
                up = sql(db, "SELECT count(committed_at) FROM uploads WHERE file_name = ?", self.tag + ".csv")
                marked = up[0][0] if up else 0
                if (n == ROWS) != (marked == 1):
                    self.problems.append("upload marked committed %d time(s) but %d rows in" % (marked, n))
        if self.kind == "registry":
            n = sql(db, 'SELECT count(DISTINCT "id_no") FROM registry_talents WHERE "id_no" LIKE ?', self.tag + "-%")[0][0]
            self.outcome = "%s, %s" % ("in" if n else "not in", "acknowledged" if self.acked_files else "not acknowledged")
            if n not in (0, ROWS):
                self.problems.append("registry import half in: %d of %d records" % (n, ROWS))
            if self.acked_files and n != ROWS:
                self.problems.append("acknowledged registry import has %d of %d records" % (n, ROWS))
        # the server comes back
        try:
            srv = Server(self.bin, db)
            try:
                c = Client(srv.port)
                r = c.get("/healthz")
                if r.status != 200:
                    self.problems.append("healthz after restart: %d" % r.status)
            finally:
                srv.stop()
        except RuntimeError as e:
            self.problems.append("restart: %s" % e)

    def run(self):
        getattr(self, "run_" + self.kind)()
        self.check()
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("root")
    ap.add_argument("--trials", type=int, default=8)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--summary")
    a = ap.parse_args()
    T = Tap()
    tmp = free_tmp("innomon-crash-template-")
    template = make_store(a.bin, tmp)
    base = a.seed if a.seed is not None else int(os.environ.get("INNOMON_CRASH_SEED", "1"))
    counts = {k: 0 for k in KINDS}
    outcomes = {}
    # how long each write takes when nothing stops it: the kills fall within that span
    spans = {}
    for k in KINDS:
        took = []
        for _ in range(2):  # the shorter of two: the first may pay for cold caches
            cal = Trial(a.bin, template, 0, k)
            problems = cal.run()
            took.append(cal.op_seconds)
        T.check(not problems, "calibration: %s runs whole in %.2f s and passes the checks" % (k, min(took)),
                "\n".join(problems))
        spans[k] = max(min(took), 0.05)
    failed = 0
    t0 = time.monotonic()
    for i in range(a.trials):
        seed = base + i
        kind = KINDS[seed % len(KINDS)]
        counts[kind] += 1
        trial = Trial(a.bin, template, seed, kind, spans[kind])
        problems = trial.run()
        failed += bool(problems)
        outcomes[kind + ": " + re.sub(r"\d+", "N", trial.outcome)] = outcomes.get(kind + ": " + re.sub(r"\d+", "N", trial.outcome), 0) + 1
        T.check(not problems, "trial %d seed %d (%s; %s): integrity, audit chain, acknowledged writes, no half import"
                % (i + 1, seed, kind, trial.outcome), "\n".join(problems))
    dt = time.monotonic() - t0
    T.note("%d trials in %.0f s: %s; %d failed" % (a.trials, dt, counts, failed))
    for k in sorted(outcomes):
        T.note("  %s: %d" % (k, outcomes[k]))
    if a.summary:
        with open(a.summary, "w") as f:
            json.dump({"trials": a.trials, "seconds": round(dt), "kinds": counts, "outcomes": outcomes, "failed": failed,
                       "seed": base}, f, ensure_ascii=False, indent=1)
    shutil.rmtree(tmp, ignore_errors=True)
    T.done()


main()
