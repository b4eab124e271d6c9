#!/usr/bin/env python3
"""layers.py - the layer check on symbols, not includes (docs/architecture.md): for every module's
built objects, every undefined symbol must be defined by a module or a shared library that
tools/layers.txt lets that module call. A forbidden call fails however it was written (an include
of "../store/store.h" from core, a prototype declared by hand, a macro), because the linker's
view cannot be fooled. Also: an object of a front end (the modules of the `frontends:` line) may
not call a function of a `frontend_forbidden:` line (the store's writes, the imports of ingest/
that write, the assessment of progress): it calls an operation of src/app/ instead. A name ending in `*`
stands for every function it begins (`import_values*`), so a new variant of a writer is covered.
And: an object named on a `renderers:` line (a page whose view model app/ builds) may call no
function of a `renderer_forbidden:` line (the store, the rights): it reads its view. Every
page_*.c object of src/web/ must be named there.
usage: tools/layers.py BUILD_DIR    (prints file: symbol: problem; exits 1 on any)"""
import fnmatch
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def nm(path, *flags):
    r = subprocess.run(["nm", "--format=posix", *flags, path], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("layers: nm %s failed: %s" % (path, r.stderr.strip()))
    out = []
    obj = os.path.basename(path)
    for line in r.stdout.splitlines():
        if line.endswith(":") and "[" in line:  # "libcore.a[plan.c.o]:" (thin archives give paths)
            obj = os.path.basename(line[line.index("[") + 1:-2])
            continue
        parts = line.split()
        if len(parts) >= 2:
            out.append((obj, parts[0], parts[1]))
    return out


def read_table():
    mods, libs, order = {}, {}, []
    frontends, forbidden = set(), set()
    renderers, renderer_forbidden = set(), set()
    for n, raw in enumerate(open(os.path.join(ROOT, "tools/layers.txt"), encoding="utf-8"), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(frontends|frontend_forbidden|renderers|renderer_forbidden)\s*:\s*([\w\s*.]+)$", line)
        if m:
            {"frontends": frontends, "frontend_forbidden": forbidden, "renderers": renderers,
             "renderer_forbidden": renderer_forbidden}[m.group(1)].update(m.group(2).split())
            continue
        m = re.match(r"^(\w+)\s*:\s*modules\s*=\s*([\w\s]*?)\s*;\s*libs\s*=\s*([\w.\-+\s]*)$", line)
        if not m:
            raise SystemExit("tools/layers.txt:%d: expected 'module: modules = a b; libs = c d', 'frontends: a b'"
                             " or 'frontend_forbidden: f g'" % n)
        name = m.group(1)
        order.append(name)
        mods[name] = set(m.group(2).split()) | {name}
        libs[name] = set(m.group(3).split())
    unknown = frontends - set(order)
    if unknown:
        raise SystemExit("tools/layers.txt: frontends names unknown modules: %s" % " ".join(sorted(unknown)))
    return order, mods, libs, frontends, forbidden, renderers, renderer_forbidden


def module_objects(build, name):
    lib = os.path.join(build, "src", name, "lib%s.a" % name)
    if os.path.exists(lib):
        return [lib]
    if name == "cli":
        return sorted(glob.glob(os.path.join(build, "innomon.p", "src_cli_*.o")))
    return []


def shared_libraries(build):
    """soname stem ("sqlite3", "c", "m") -> set of defined dynamic symbols of every library the
    program links directly (its NEEDED entries), located by ldd."""
    prog = os.path.join(build, "innomon")
    dyn = subprocess.run(["readelf", "-d", prog], capture_output=True, text=True).stdout
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dyn))
    r = subprocess.run(["ldd", prog], capture_output=True, text=True)
    out = {}
    for line in r.stdout.splitlines():
        m = re.match(r"\s*lib([\w.\-+]+?)\.so[.\d]*\s+=>\s+(\S+)", line)
        if not m or line.split()[0] not in needed:
            continue
        stem = re.sub(r"-[\d.]+$", "", m.group(1))
        out[stem] = {sym.split("@")[0] for (_, sym, _) in nm(m.group(2), "-D", "--defined-only")}
    return out


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    build = sys.argv[1]
    order, allowed_mods, allowed_libs, frontends, forbidden, renderers, renderer_forbidden = read_table()
    defined = {}   # symbol -> module
    undefined = {}  # module -> [(object, symbol)]
    for name in order:
        objs = module_objects(build, name)
        if not objs and name != "app":
            raise SystemExit("layers: no objects for module '%s' in %s (build first)" % (name, build))
        undefined[name] = []
        for path in objs:
            for obj, sym, typ in nm(path):
                if typ in "TDBRVWC" and not sym.startswith("."):
                    defined.setdefault(sym, name)
                elif typ == "U":
                    undefined[name].append((obj, sym))
    libs = shared_libraries(build)
    problems = []
    # what a front end may not call is a function of a module the front ends' operations wrap:
    # neither a front end nor app/ itself
    below = {sym: mod for sym, mod in defined.items() if mod not in frontends and mod != "app"}
    for pat in sorted(forbidden):
        if not any(fnmatch.fnmatchcase(sym, pat) for sym in below):
            problems.append("tools/layers.txt: frontend_forbidden names %s, which no module below src/app/ defines" % pat)

    def is_forbidden(sym):
        return sym in below and any(fnmatch.fnmatchcase(sym, pat) for pat in forbidden)
    seen_renderers = set()
    for name in order:
        for obj, sym in undefined[name]:
            if obj in renderers:
                seen_renderers.add(obj)
                if any(fnmatch.fnmatchcase(sym, pat) for pat in renderer_forbidden):
                    problems.append("src/%s (%s): %s: a renderer reads its view model (app/view_*.h), not the store"
                                    " or the rights" % (name, obj, sym))
                    continue
            if name in frontends and is_forbidden(sym):
                problems.append("src/%s (%s): %s: a function of src/%s/ only app/ calls: a front end calls its"
                                " operation in src/app/" % (name, obj, sym, below[sym]))
                continue
            if sym in defined:
                owner = defined[sym]
                if owner not in allowed_mods[name]:
                    problems.append("src/%s (%s): %s: calls src/%s/, which src/%s may not call" % (name, obj, sym, owner, name))
                continue
            where = [stem for stem, syms in libs.items() if sym in syms]
            if not where:
                continue  # linker-provided (_GLOBAL_OFFSET_TABLE_, __dso_handle ...)
            if not any(stem in allowed_libs[name] for stem in where):
                problems.append("src/%s (%s): %s: from lib%s, which src/%s may not use" % (name, obj, sym, where[0], name))
    for obj in sorted(renderers - seen_renderers):
        problems.append("tools/layers.txt: renderers names %s, which no module's objects hold" % obj)
    # a new page cannot slip past the rule: every page object of web is a renderer
    for obj in sorted({o for o, _ in undefined.get("web", []) if fnmatch.fnmatchcase(o, "page_*.c.o")} - renderers):
        problems.append("tools/layers.txt: src/web/%s writes a page but no renderers: line names it" % obj[:-2])
    for p in sorted(set(problems)):
        print(p)
    if problems:
        print("layers: %d problem(s); the table is tools/layers.txt (docs/architecture.md)" % len(set(problems)), file=sys.stderr)
        sys.exit(1)
    n_forbidden = sum(1 for sym in below if is_forbidden(sym))
    print("layers: ok (%d modules, %d symbols checked, %d functions only app/ calls)"
          % (len(order), sum(len(v) for v in undefined.values()), n_forbidden))


main()
