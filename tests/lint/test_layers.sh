#!/bin/sh
# test_layers.sh - the layer check cannot be fooled: on a copy of the build, an object added to
# core that calls store_open through a prototype it declares itself (no #include of store/) and
# one that includes "../store/store.h" must both fail tools/layers.py; so must an object added to
# web that calls a state-changing store function (store_user_add: a front end calls app/'s
# operation), while one that calls a store read (store_user_get) passes; and an object added to the
# CLI that imports values through ingest/ itself (import_sheet) instead of app/'s operation; and a
# read page's renderer (a `renderers:` object) that reads the store itself (store_obs_current,
# a read allowed to other web objects) instead of its view model; and a new page object that no
# `renderers:` line names; the build as it is passes.
# usage: test_layers.sh BUILD_DIR SOURCE_ROOT   (prints TAP)
set -u
BUILD=$(cd "$1" && pwd)
ROOT=$(cd "$2" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-layers-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
echo "1..8"
if python3 "$ROOT/tools/layers.py" "$BUILD" >"$TMP/out" 2>&1; then echo "ok 1 - the build as it is passes"; else
	echo "not ok 1 - the build as it is passes"; sed 's/^/# /' "$TMP/out"; fi

copy() {
	rm -rf "$TMP/b"
	mkdir -p "$TMP/b/innomon.p"
	for lib in "$BUILD"/src/*/lib*.a; do
		m=$(basename "$(dirname "$lib")")
		mkdir -p "$TMP/b/src/$m"
		# meson's archives are thin: the members stay in lib*.a.p beside them
		cp -r "$lib" "$lib.p" "$TMP/b/src/$m/"
	done
	cp "$BUILD"/innomon.p/src_cli_*.o "$TMP/b/innomon.p/"
	cp "$BUILD/innomon" "$TMP/b/"
}

# a hand-written prototype: no include names store/, so an include grep passes it
copy
cat >"$TMP/sneaky.c" <<'C'
struct store;
int store_open(const char *path, struct store **out);
int core_sneaky(void);
int core_sneaky(void) { struct store *s; return store_open("x.db", &s); }
C
cc -c -o "$TMP/sneaky.o" "$TMP/sneaky.c" && cp "$TMP/sneaky.o" "$TMP/b/src/core/libcore.a.p/" && ar rT "$TMP/b/src/core/libcore.a" "$TMP/b/src/core/libcore.a.p/sneaky.o" 2>/dev/null
if python3 "$ROOT/tools/layers.py" "$TMP/b" >"$TMP/out" 2>&1; then echo "not ok 2 - core calling store through its own prototype fails"
elif grep -q "src/core (sneaky.o): store_open: calls src/store/" "$TMP/out"; then echo "ok 2 - core calling store through its own prototype fails, naming the symbol"
else echo "not ok 2 - core calling store through its own prototype fails, naming the symbol"; sed 's/^/# /' "$TMP/out"; fi

# a relative include that a grep for #include "store/ misses
copy
cat >"$TMP/relative.c" <<C
#include "$ROOT/src/core/../store/store.h"
int core_relative(void);
int core_relative(void) { store_close(0); return 0; }
C
cc -I"$ROOT/src" -c -o "$TMP/relative.o" "$TMP/relative.c" && cp "$TMP/relative.o" "$TMP/b/src/core/libcore.a.p/" && ar rT "$TMP/b/src/core/libcore.a" "$TMP/b/src/core/libcore.a.p/relative.o" 2>/dev/null
if python3 "$ROOT/tools/layers.py" "$TMP/b" >"$TMP/out" 2>&1; then echo "not ok 3 - core including ../store/store.h fails"
elif grep -q "store_close: calls src/store/" "$TMP/out"; then echo "ok 3 - core including ../store/store.h fails"
else echo "not ok 3 - core including ../store/store.h fails"; sed 's/^/# /' "$TMP/out"; fi

# a front end writing through the store itself instead of calling the operation
copy
cat >"$TMP/frontend.c" <<'C'
struct store;
struct user;
int store_user_add(struct store *s, const struct user *u, const char *hash, long long *id);
int web_sneaky_user(struct store *s, const struct user *u);
int web_sneaky_user(struct store *s, const struct user *u) { long long id; return store_user_add(s, u, "x", &id); }
C
cc -c -o "$TMP/frontend.o" "$TMP/frontend.c" && cp "$TMP/frontend.o" "$TMP/b/src/web/libweb.a.p/" && ar rT "$TMP/b/src/web/libweb.a" "$TMP/b/src/web/libweb.a.p/frontend.o" 2>/dev/null
if python3 "$ROOT/tools/layers.py" "$TMP/b" >"$TMP/out" 2>&1; then echo "not ok 4 - web calling store_user_add fails"
elif grep -q "src/web (frontend.o): store_user_add: a function of src/store/ only app/ calls" "$TMP/out"; then echo "ok 4 - web calling store_user_add fails, naming the function"
else echo "not ok 4 - web calling store_user_add fails, naming the function"; sed 's/^/# /' "$TMP/out"; fi

# a store read from a front end is allowed (the positive control of 4)
copy
cat >"$TMP/reader.c" <<'C'
struct store;
struct arena;
struct user;
int store_user_get(struct store *s, struct arena *a, const char *name, struct user **out, const char **hash);
int web_reads_user(struct store *s, struct arena *a, struct user **u);
int web_reads_user(struct store *s, struct arena *a, struct user **u) { return store_user_get(s, a, "x", u, 0); }
C
cc -c -o "$TMP/reader.o" "$TMP/reader.c" && cp "$TMP/reader.o" "$TMP/b/src/web/libweb.a.p/" && ar rT "$TMP/b/src/web/libweb.a" "$TMP/b/src/web/libweb.a.p/reader.o" 2>/dev/null
if python3 "$ROOT/tools/layers.py" "$TMP/b" >"$TMP/out" 2>&1; then echo "ok 5 - web reading through store_user_get passes"
else echo "not ok 5 - web reading through store_user_get passes"; sed 's/^/# /' "$TMP/out"; fi

# a front end importing through ingest/ itself: the writing import is app/'s to call
copy
cat >"$TMP/importer.c" <<'C'
struct store;
int import_sheet(struct store *s, void *a, const void *p, const void *sh, const void *o, void *res, void *d);
int cli_sneaky_import(struct store *s);
int cli_sneaky_import(struct store *s) { return import_sheet(s, 0, 0, 0, 0, 0, 0); }
C
cc -c -o "$TMP/b/innomon.p/src_cli_sneaky.c.o" "$TMP/importer.c"
if python3 "$ROOT/tools/layers.py" "$TMP/b" >"$TMP/out" 2>&1; then echo "not ok 6 - the CLI calling import_sheet fails"
elif grep -q "src/cli (src_cli_sneaky.c.o): import_sheet: a function of src/ingest/ only app/ calls" "$TMP/out"; then
	echo "ok 6 - the CLI calling import_sheet fails, naming the function"
else echo "not ok 6 - the CLI calling import_sheet fails, naming the function"; sed 's/^/# /' "$TMP/out"; fi

# a read page reading the store itself: its view model (app/view_*.h) is where reads happen
copy
cat >"$TMP/renderer.c" <<'C'
struct store;
int store_obs_current(struct store *s, void *a, const char *ind, const char *reg, int view, void **out, unsigned long *n);
int page_region(struct store *s);
int page_region(struct store *s) { void *o; unsigned long n; return store_obs_current(s, 0, 0, 0, 0, &o, &n); }
C
cc -c -o "$TMP/b/src/web/libweb.a.p/page_region.c.o" "$TMP/renderer.c"
if python3 "$ROOT/tools/layers.py" "$TMP/b" >"$TMP/out" 2>&1; then echo "not ok 7 - a renderer calling store_obs_current fails"
elif grep -q "src/web (page_region.c.o): store_obs_current: a renderer reads its view model" "$TMP/out"; then
	echo "ok 7 - a renderer calling store_obs_current fails, naming the function"
else echo "not ok 7 - a renderer calling store_obs_current fails, naming the function"; sed 's/^/# /' "$TMP/out"; fi

# a new page the renderers: lines do not name: the rule would not see it, so the check fails
copy
cat >"$TMP/newpage.c" <<'C'
#include <string.h>
size_t page_new(const char *s);
size_t page_new(const char *s) { return strlen(s); }
C
cc -c -o "$TMP/b/src/web/libweb.a.p/page_new.c.o" "$TMP/newpage.c" && ar rT "$TMP/b/src/web/libweb.a" "$TMP/b/src/web/libweb.a.p/page_new.c.o" 2>/dev/null
if python3 "$ROOT/tools/layers.py" "$TMP/b" >"$TMP/out" 2>&1; then echo "not ok 8 - a page no renderers: line names fails"
elif grep -q "src/web/page_new.c writes a page but no renderers: line names it" "$TMP/out"; then
	echo "ok 8 - a page no renderers: line names fails, naming the file"
else echo "not ok 8 - a page no renderers: line names fails, naming the file"; sed 's/^/# /' "$TMP/out"; fi
