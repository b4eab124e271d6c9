"""seclib.py - what the security and crash suites share: TAP output, a store made by `innomon
init` with one user of every role, the server as a child on a free port, and a raw HTTP client
(http.client: nothing is normalised, so NULs, odd methods and bad headers reach the server as
sent) with sign-in, cookies and CSRF tokens."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

PW = "sec-suite-Passw0rd"  # every user the suites make has this password
NOW = "2026-11-27T02:00:00Z"
IND = "invention_patents_per_10k"  # owned by unit amr in data/plans/czt-2024

# name -> (role, unit, region)
USERS = {
    "admin": ("admin", None, None),
    "analyst": ("analyst", None, None),
    "amr_rep": ("unit_reporter", "amr", None),
    "kjt_rep": ("unit_reporter", "kjt", None),
    "zz_rep": ("region_reporter", None, "zhuzhou"),
    "cs_rep": ("region_reporter", None, "changsha"),
    "reader": ("reader", None, None),
}


# every GET route of src/web/route.c, as paths to request (a suite fails when a GET route is missing
# here): the pages, report formats and exports the suites walk
GET_PATHS = {
    "/": ["/"], "/plan": ["/plan"], "/plans": ["/plans"], "/api/v1/plans": ["/api/v1/plans"], "/regions/:code": ["/regions/changsha", "/regions/xiangtan", "/regions/zhuzhou"],
    "/measures/:n": ["/measures/1", "/measures/5"], "/units": ["/units"], "/units/:code": ["/units/amr"],
    "/indicators/:code": ["/indicators/" + IND, "/indicators/" + IND + "?lang=en", "/indicators/" + IND + "?tab=meta",
                          "/indicators/" + IND + "?tab=meta&lang=en"],
    "/indicators/:code/chart.svg": ["/indicators/" + IND + "/chart.svg?region=" + r for r in ("changsha", "czt", "nobody")],
    "/indicators/:code/chart.png": ["/indicators/" + IND + "/chart.png?region=czt&lang=en"],
    "/reporting-status": ["/reporting-status", "/reporting-status?lang=en"],
    "/map": ["/map", "/map?lang=en", "/map?indicator=" + IND, "/map?indicator=nothing"],
    "/signin": ["/signin"], "/account": ["/account"],
    "/entry": ["/entry", "/entry?region=changsha&period=2025", "/entry?region=xiangtan&period=2025",
               "/entry?region=zhuzhou&period=2025"],
    "/entry/template.xlsx": ["/entry/template.xlsx", "/entry/template.xlsx?region=changsha&period=2025"],
    "/entry/import": ["/entry/import"], "/entry/imports/:id": ["/entry/imports/1"], "/review": ["/review"],
    "/admin/users": ["/admin/users"], "/admin/plan": ["/admin/plan"], "/admin/plans/new": ["/admin/plans/new"],
    "/admin/plans/template.xlsx": ["/admin/plans/template.xlsx"], "/admin/plans/uploads/:id": ["/admin/plans/uploads/1"],
    "/admin/plan/indicators/:code": ["/admin/plan/indicators/" + IND], "/admin/supervision": ["/admin/supervision"],
    "/admin/audit": ["/admin/audit"], "/reporting": ["/reporting"],
    "/reporting/:period/:measure/:unit": ["/reporting/2025/1/amr"], "/supervision": ["/supervision"],
    "/notices": ["/notices"], "/notices/:id": ["/notices/1"], "/inbox": ["/inbox"], "/scorecards": ["/scorecards"],
    "/matrix": ["/matrix", "/matrix?period=2025", "/matrix?action=1&unit=kjt", "/matrix?print=1"],
    "/search": ["/search", "/search?q=%E6%8A%80%E6%9C%AF%E5%90%88%E5%90%8C", "/search?q=%E7%A7%91", "/search?q=amr&lang=en"], "/registries": ["/registries"], "/reports": ["/reports"],
    "/reports/evaluation": ["/reports/evaluation?period=2025&format=" + f for f in ("html", "md", "xlsx", "pdf")] +
                           ["/reports/evaluation?period=2025&format=md&lang=en"],
    "/api/v1/plan": ["/api/v1/plan"], "/api/v1/indicators": ["/api/v1/indicators"],
    "/api/v1/indicators/:code": ["/api/v1/indicators/" + IND], "/api/v1/progress": ["/api/v1/progress"],
    "/api/v1/export": ["/api/v1/export?format=" + f for f in ("csv", "json", "xlsx")],
    "/api/v1/openapi.json": ["/api/v1/openapi.json"], "/api/v1/session": ["/api/v1/session"],
    "/api/v1/values": ["/api/v1/values", "/api/v1/values?status=draft", "/api/v1/values?status=submitted",
                       "/api/v1/values?status=returned", "/api/v1/values?indicator=" + IND],
    "/api/v1/review": ["/api/v1/review", "/api/v1/review?status=draft", "/api/v1/review?status=returned"],
    "/api/v1/imports/:id": ["/api/v1/imports/1"], "/api/v1/users": ["/api/v1/users"], "/api/v1/audit": ["/api/v1/audit"],
    "/api/v1/cycles": ["/api/v1/cycles"], "/api/v1/cycles/:period": ["/api/v1/cycles/2025"],
    "/api/v1/progress-reports": ["/api/v1/progress-reports"],
    "/api/v1/progress-reports/:period/:measure/:unit": ["/api/v1/progress-reports/2025/1/amr"],
    "/api/v1/evidence/:id": ["/api/v1/evidence/1"], "/api/v1/milestones": ["/api/v1/milestones"],
    "/api/v1/notices": ["/api/v1/notices"], "/api/v1/notices/:id": ["/api/v1/notices/1"],
    "/api/v1/notice-rules": ["/api/v1/notice-rules"], "/api/v1/inbox": ["/api/v1/inbox"],
    "/api/v1/scorecards": ["/api/v1/scorecards"], "/api/v1/registries": ["/api/v1/registries"],
    "/api/v1/registries/:kind": ["/api/v1/registries/patents"], "/healthz": ["/healthz"], "/metrics": ["/metrics"],
    "/static/:file": ["/static/style.css"],
    "/pipeline": ["/pipeline", "/pipeline?region=changsha"], "/firms": ["/firms", "/firms?region=xiangtan"],
    "/firms/:code": ["/firms/91430100MA4L000000"], "/api/v1/pipeline": ["/api/v1/pipeline"],
    "/api/v1/firms": ["/api/v1/firms"], "/api/v1/firms/:code": ["/api/v1/firms/91430100MA4L000000"],
}


class Tap:
    """TAP lines; the plan is printed at the end (1..N), unless plan() declared it first."""

    def __init__(self):
        self.n = 0
        self.failed = 0
        self.planned = False

    def plan(self, count):
        """Declare up front how many checks run: the TAP reader then fails a run with fewer or more."""
        self.planned = True
        print("1..%d" % count, flush=True)

    def check(self, cond, desc, got=None):
        self.n += 1
        if not cond:
            self.failed += 1
            if got is not None:
                for line in str(got)[:2000].splitlines():
                    print("# got: " + line)
        print(("ok" if cond else "not ok") + " %d - %s" % (self.n, desc.replace("\n", " ")), flush=True)
        return cond

    def note(self, text):
        print("# " + text, flush=True)

    def done(self):
        if not self.planned:
            print("1..%d" % self.n)
        sys.exit(1 if self.failed or self.n == 0 else 0)


def env(**more):
    e = dict(os.environ, INNOMON_NOW=NOW, INNOMON_ADMIN_PASSWORD=PW)
    e.update(more)
    return e


def innomon(binary, db, *args, stdin=None, check=True):
    p = subprocess.run([binary, "--db", db] + list(args), input=stdin, capture_output=True, text=True, env=env())
    if check and p.returncode != 0:
        raise RuntimeError("innomon %s: %s" % (" ".join(args), p.stderr))
    return p


def make_store(binary, tmp, plan_only=False):
    """A store with the shipped plan (and its published figures unless plan_only) and USERS."""
    db = os.path.join(tmp, "s.db")
    innomon(binary, db, "init", *(["--plan-only"] if plan_only else []))
    for name, (role, unit, region) in USERS.items():
        if name == "admin":
            continue
        args = ["user", "add", name, "--role", role, "--password-stdin"]
        if unit:
            args += ["--unit", unit]
        if region:
            args += ["--region", region]
        innomon(binary, db, *args, stdin=PW + "\n")
    return db


class Server:
    """innomon serve on a free port of 127.0.0.1, as a child; stop() sends SIGTERM. Its log goes
    to the file INNOMON_SERVER_LOG names (appended), else nowhere."""

    def __init__(self, binary, db, *extra, log=None):
        self.log = log or open(os.environ.get("INNOMON_SERVER_LOG") or os.devnull, "a")
        self.p = subprocess.Popen([binary, "--db", db, "serve", "--port", "0", "--tick-interval", "0"] + list(extra),
                                  stdout=subprocess.PIPE, stderr=self.log, text=True, env=env())
        line = self.p.stdout.readline()
        m = re.match(r"innomon: serving on http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.p.kill()
            raise RuntimeError("the server did not start: %r" % line)
        self.port = int(m.group(1))

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def raw(port, method, path, headers=None, body=None, timeout=60, source=None):
    """One request on its own connection; the path is sent byte for byte."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                   source_address=(source, 0) if source else None)
    try:
        c.putrequest(method, path, skip_accept_encoding=True)
        h = dict(headers or {})
        if body is not None:
            if isinstance(body, str):
                body = body.encode()
            h.setdefault("Content-Length", str(len(body)))
        for k, v in h.items():
            c.putheader(k, v)
        c.endheaders(body)
        r = c.getresponse()
        return Resp(r.status, r.getheaders(), r.read())
    finally:
        c.close()


class Client:
    """A person: anonymous, or signed in with a session cookie and its CSRF token."""

    def __init__(self, port, name=None, password=PW):
        self.port = port
        self.name = name
        self.cookie = None
        self.csrf = None
        self.bearer = None
        if name:
            r = self.call("POST", "/api/v1/session", {"name": name, "password": password})
            if r.status != 201 and r.status != 200:
                raise RuntimeError("sign-in of %s: %d %s" % (name, r.status, r.text()))
            self.cookie = r.header("Set-Cookie").split(";")[0]
            self.csrf = r.json()["csrf_token"]

    def request(self, method, path, body=None, ctype=None, headers=None, csrf=True, timeout=120):
        h = {}
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.bearer:
            h["Authorization"] = "Bearer " + self.bearer
        if self.csrf and csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        if ctype:
            h["Content-Type"] = ctype
        h.update(headers or {})
        return raw(self.port, method, path, h, body, timeout=timeout)

    def call(self, method, path, obj=None, **kw):
        body = json.dumps(obj).encode() if obj is not None else None
        return self.request(method, path, body, "application/json" if body is not None else None, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def form(self, path, fields, **kw):
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            "application/x-www-form-urlencoded", **kw)

    def multipart(self, path, fields, files, **kw):
        """files: [(field, filename, bytes, content type)]"""
        boundary = "----innomonsec%d" % time.monotonic_ns()
        out = []
        for k, v in fields.items():
            out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
        for field, fname, data, ctype in files:
            out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                        "Content-Type: %s\r\n\r\n" % (boundary, field, fname, ctype)).encode() + data + b"\r\n")
        out.append(("--%s--\r\n" % boundary).encode())
        return self.request("POST", path, b"".join(out), "multipart/form-data; boundary=" + boundary, **kw)


def routes(root):
    """The route table of src/web/route.c: [(method, pattern, kind, action, name)]."""
    text = open(os.path.join(root, "src/web/route.c"), encoding="utf-8").read()
    rx = re.compile(r'\{"(GET|POST|PUT|PATCH|DELETE)", "([^"]+)", (\w+), (ROUTE_\w+), (\w+), "(\w+)"(?:, \w+)?\}')
    return [(m.group(1), m.group(2), m.group(4), m.group(5), m.group(6)) for m in rx.finditer(text)]


def _web_sources(root):
    for dirpath, _, files in os.walk(os.path.join(root, "src/web")):
        for f in sorted(files):
            if f.endswith(".c"):
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    yield fh.read()


def query_params(root):
    """Every query parameter a handler in src/web reads (its req_query calls)."""
    return sorted({n for text in _web_sources(root) for n in re.findall(r'req_query\(r, "([a-z_]+)"\)', text)})


def body_fields(root):
    """Every form field and JSON member a handler in src/web reads (req_form calls, fields[] lists)."""
    names = set()
    for text in _web_sources(root):
        names.update(re.findall(r'req_form(?:_all)?\(r, "([a-z_]+)"', text))
        for m in re.findall(r'fields\[\] = \{([^}]*)\}', text):
            names.update(re.findall(r'"([a-z_]+)"', m))
    return sorted(names - {"csrf"})


def sql(db, query, *args):
    import sqlite3
    c = sqlite3.connect(db, timeout=30)
    try:
        return c.execute(query, args).fetchall()
    finally:
        c.close()


def free_tmp(prefix):
    return tempfile.mkdtemp(prefix=prefix)


def wait_port_closed(port, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", port))
        except OSError:
            return True
        finally:
            s.close()
        time.sleep(0.05)
    return False
