# lib.sh - the helpers every tests/cli/test_*.sh script shares, sourced (not run) after the
# script has set SRC: `. "$SRC/tests/cli/lib.sh"`, then `tap_begin NAME "$1"`. TAP output:
# ok/not_ok number the checks; the script ends with `echo "1..$N"` and `[ "$FAILED" -eq 0 ]`.
# Sets BIN, TMP, OUT, ERR, DB, N, FAILED and RC; reads RUN_ON_DB and SERVER_PID. POSIX sh.

# tap_begin NAME BINARY: BIN the binary's absolute path (the tests run in SRC); TMP a fresh
# folder removed on exit, with the server SERVER_PID (when set) stopped; OUT and ERR the last
# run's standard output and error; DB the store; the counters at 0.
tap_begin() {
	BIN=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/innomon-$1-XXXXXX")
	trap tap_cleanup EXIT INT TERM
	OUT=$TMP/out
	ERR=$TMP/err
	DB=$TMP/store.db
	N=0
	FAILED=0
	RC=0
}

tap_cleanup() {
	[ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null
	rm -rf "$TMP"
}

# run ARGS...: run innomon (on the store $DB when RUN_ON_DB=1), keeping stdout, stderr and the
# exit code ($RC).
run() {
	if [ "${RUN_ON_DB:-0}" = 1 ]; then
		"$BIN" --db "$DB" "$@" >"$OUT" 2>"$ERR"
	else
		"$BIN" "$@" >"$OUT" 2>"$ERR"
	fi
	RC=$?
}

ok() {
	N=$((N + 1))
	echo "ok $N - $1"
}

# not_ok DESCRIPTION [LINE]...: a failed check, with the lines, $RC and the last run's output.
not_ok() {
	N=$((N + 1))
	FAILED=$((FAILED + 1))
	echo "not ok $N - $1"
	shift
	for line in "$@"; do echo "# $line"; done
	echo "# exit code: $RC"
	sed 's/^/# stdout: /' "$OUT" 2>/dev/null | head -20
	sed 's/^/# stderr: /' "$ERR" 2>/dev/null | head -20
}

# check DESCRIPTION EXPECTED_EXIT [out|err FIXED_TEXT]...: the last run's exit code and texts.
check() {
	desc=$1
	want=$2
	shift 2
	if [ "$RC" -ne "$want" ]; then
		not_ok "$desc" "expected exit code $want"
		return
	fi
	while [ $# -ge 2 ]; do
		stream=$OUT
		[ "$1" = err ] && stream=$ERR
		if ! grep -qF -- "$2" "$stream"; then
			not_ok "$desc" "expected on std$1: $2"
			return
		fi
		shift 2
	done
	ok "$desc"
}

# The store as bytes: the database and, should one be left behind, its WAL.
db_hash() {
	cat "$DB" "$DB-wal" 2>/dev/null | sha256sum | cut -d' ' -f1
}

# same_db DESCRIPTION HASH_BEFORE
same_db() {
	if [ "$(db_hash)" = "$2" ]; then ok "$1"; else not_ok "$1" "the store changed"; fi
}

# The namespace of a worksheet's XML (xl/worksheets/sheetN.xml).
NS_MAIN=http://schemas.openxmlformats.org/spreadsheetml/2006/main

# xlsx_book DIR SHEET_NAME...: a workbook's parts in DIR, to zip, but for its sheets: the
# content types, the package and workbook relationships and xl/workbook.xml naming the sheets
# in order; sheet N is DIR/xl/worksheets/sheetN.xml (in NS_MAIN), which the caller writes.
xlsx_book() {
	dir=$1
	shift
	ns_rel=http://schemas.openxmlformats.org/officeDocument/2006/relationships
	ns_pkg=http://schemas.openxmlformats.org/package/2006/relationships
	decl='<?xml version="1.0" encoding="UTF-8"?>'
	sheets=
	rels=
	i=0
	for name in "$@"; do
		i=$((i + 1))
		sheets="$sheets<sheet name=\"$name\" sheetId=\"$i\" r:id=\"rId$i\"/>"
		rels="$rels<Relationship Id=\"rId$i\" Type=\"$ns_rel/worksheet\" Target=\"worksheets/sheet$i.xml\"/>"
	done
	mkdir -p "$dir/_rels" "$dir/xl/_rels" "$dir/xl/worksheets"
	printf '%s\n%s\n' "$decl" '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>' \
		>"$dir/[Content_Types].xml"
	printf '%s\n%s\n' "$decl" "<Relationships xmlns=\"$ns_pkg\"><Relationship Id=\"rId1\" Type=\"$ns_rel/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>" \
		>"$dir/_rels/.rels"
	printf '%s\n%s\n' "$decl" "<workbook xmlns=\"$NS_MAIN\" xmlns:r=\"$ns_rel\"><sheets>$sheets</sheets></workbook>" >"$dir/xl/workbook.xml"
	printf '%s\n%s\n' "$decl" "<Relationships xmlns=\"$ns_pkg\">$rels</Relationships>" >"$dir/xl/_rels/workbook.xml.rels"
}
