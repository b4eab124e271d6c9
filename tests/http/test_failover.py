#!/usr/bin/env python3
"""test_failover.py - docs/deploy.md's streaming standby, done for real (PostgreSQL only: under
tools/pg-test.sh, else skipped): a primary and a standby made with pg_basebackup -R, a server
whose store URL names both hosts with target_session_attrs=read-write; a value written through
the server is on the standby; the primary is killed and the standby promoted; the same server,
not restarted, writes again (its connections are made again, to the new primary) and the audit
trail is intact. Prints TAP.
usage: test_failover.py INNOMON_BIN"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

BIN = sys.argv[1]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check


def pg_bin():
    out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
    return out if out and os.path.exists(os.path.join(out, "initdb")) else "/usr/lib/postgresql/15/bin"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Cluster:
    """A cluster in its own folder, run as 'nobody' when we are root (PostgreSQL refuses root)."""

    def __init__(self, root, name):
        self.dir = os.path.join(root, name)
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        os.makedirs(self.dir)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "nobody")
        os.chmod(self.dir, 0o700)

    def run(self, *argv):
        prefix = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        return subprocess.run(prefix + [os.path.join(pg_bin(), argv[0])] + list(argv[1:]), capture_output=True,
                              text=True)

    def configure(self):
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write("listen_addresses = ''\nunix_socket_directories = '%s'\nport = %d\nfsync = off\n"
                    "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n" % (self.dir, self.port))

    def start(self):
        return self.run("pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "log"), "-w", "-t", "60", "start")

    def psql(self, sql, db="postgres"):
        return subprocess.run(["psql", "-qXAt", "-h", self.dir, "-p", str(self.port), "-U", "postgres", "-d", db,
                               "-c", sql], capture_output=True, text=True)


def main():
    if not os.environ.get("INNOMON_TEST_PG"):
        print("1..0 # SKIP a standby needs PostgreSQL: run under tools/pg-test.sh")
        return 0
    tmp = tempfile.mkdtemp(prefix="innomon-failover-")
    if os.geteuid() == 0:
        os.chmod(tmp, 0o755)
    primary, standby = Cluster(tmp, "db1"), Cluster(tmp, "db2")
    server = None
    T.plan(6)
    try:
        r = primary.run("initdb", "-D", primary.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync")
        primary.configure()
        with open(os.path.join(primary.data, "pg_hba.conf"), "a") as f:
            f.write("local replication all trust\n")
        r = primary.start()
        primary.psql("CREATE DATABASE innomon")
        primary.psql("SELECT pg_create_physical_replication_slot('db2')")
        r = standby.run("pg_basebackup", "-h", primary.dir, "-p", str(primary.port), "-U", "postgres", "-D", standby.data,
                        "-X", "stream", "-S", "db2", "-R", "--checkpoint=fast")
        standby.configure()
        r2 = standby.start()
        check(r.returncode == 0 and r2.returncode == 0 and standby.psql("SELECT pg_is_in_recovery()").stdout.strip() == "t",
              "a standby made with pg_basebackup -R follows the primary", r.stderr + r2.stderr)

        url = ("postgresql:///innomon?host=%s,%s&port=%d,%d&user=postgres&target_session_attrs=read-write"
               % (primary.dir, standby.dir, primary.port, standby.port))
        env = dict(os.environ, INNOMON_ADMIN_PASSWORD="admin-pass-2025x")
        for k in ("PGHOST", "PGPORT", "PGDATABASE"):
            env.pop(k, None)  # the URL alone says where the store is
        subprocess.run([BIN, "--db", url, "init"], env=env, capture_output=True, check=True)
        token = subprocess.run([BIN, "--db", url, "token", "create", "admin", "--name", "t"], env=env,
                               capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        server = subprocess.Popen([BIN, "--db", url, "serve", "--port", "0", "--tick-interval", "0", "--log-level",
                                   "warn"], stdout=subprocess.PIPE, stderr=open(os.path.join(tmp, "serve.log"), "w"),
                                  text=True, env=env)
        base = re.match(r"innomon: serving on (http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)

        def write(period, value):
            body = json.dumps({"values": [{"indicator": "invention_patents_per_10k", "region": "zhuzhou",
                                           "period": period, "value": value}]}).encode()
            req = urllib.request.Request(base + "/api/v1/values", data=body, method="POST",
                                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    return resp.status
            except urllib.error.HTTPError as e:
                print("# %d %s" % (e.code, e.read()[:300]))
                return e.code

        st = write("2050-01", 1.5)
        seen = ""
        for _ in range(100):  # streaming: the standby has it within moments
            seen = standby.psql("SELECT count(*) FROM observations WHERE period = '2050-01'", "innomon").stdout.strip()
            if seen == "1":
                break
            time.sleep(0.1)
        check(st == 201 and seen == "1", "a value written through the server is on the standby", (st, seen))

        primary.run("pg_ctl", "-D", primary.data, "-m", "immediate", "-w", "stop")
        r = standby.run("pg_ctl", "-D", standby.data, "-w", "promote")
        check(r.returncode == 0 and standby.psql("SELECT pg_is_in_recovery()").stdout.strip() == "f",
              "the primary lost, the standby is promoted", r.stderr)

        answers = [write("2050-%02d" % m, m) for m in range(2, 8)]
        check(answers == [201] * 6, "the same server writes again, to the new primary, without a restart", answers)
        r = subprocess.run([BIN, "--db", url, "audit", "verify"], env=env, capture_output=True, text=True)
        check(r.returncode == 0 and "intact" in r.stdout, "the audit trail on the new primary is intact",
              r.stdout + r.stderr)
        server.send_signal(signal.SIGTERM)
        check(server.wait(timeout=60) == 0, "the server stops cleanly")
        server = None
    finally:
        if server:
            server.kill()
        for c in (standby, primary):
            if os.path.exists(os.path.join(c.data, "postmaster.pid")):
                c.run("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(tmp, ignore_errors=True)
    T.done()


if __name__ == "__main__":
    sys.exit(main())
