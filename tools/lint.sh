#!/bin/sh
# lint.sh - what the compiler cannot check (STYLE.md 2.9), like curl's checksrc: every file in
# src/ opens with a /* header comment; every .c file includes "base/banned.h" as its last
# #include; SQL appears only in src/store/; core/ prints nothing; only /* */ comments; files
# stay under 900 lines (a warning); no string literal names a code of a shipped plan
# (tools/check_plan_codes.py); HTML writers escape by default (tools/check_escape.py). Prints file:line: problem and exits 1 on any violation.
# usage: tools/lint.sh   (from anywhere; checks the tree it belongs to)
set -u
cd "$(dirname "$0")/.." || exit 2

MAX_LINES=900
OUT=$(mktemp "${TMPDIR:-/tmp}/innomon-lint-XXXXXX")
trap 'rm -f "$OUT"' EXIT INT TERM

FILES=$(find src -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
C_FILES=$(find src -type f -name '*.c' | LC_ALL=C sort)

for f in $FILES; do
	# a header comment first
	head -n 1 "$f" | grep -q '^/\*' || echo "$f:1: the file must start with a /* header comment */ saying what it is for" >>"$OUT"

	# // comments, outside string and character literals and /* */ comments
	awk -v file="$f" '
	{
		line = $0
		n = length(line)
		in_str = 0; in_chr = 0
		for (i = 1; i <= n; i++) {
			c = substr(line, i, 1)
			d = substr(line, i, 2)
			if (in_block) {
				if (d == "*/") { in_block = 0; i++ }
				continue
			}
			if (in_str) {
				if (c == "\\") i++
				else if (c == "\"") in_str = 0
				continue
			}
			if (in_chr) {
				if (c == "\\") i++
				else if (c == "\047") in_chr = 0
				continue
			}
			if (d == "/*") { in_block = 1; i++; continue }
			if (d == "//") { printf "%s:%d: a // comment: use /* */ comments only\n", file, NR; break }
			if (c == "\"") in_str = 1
			else if (c == "\047") in_chr = 1
		}
	}' "$f" >>"$OUT"

	lines=$(wc -l <"$f")
	if [ "$lines" -gt "$MAX_LINES" ]; then
		echo "$f:$lines: warning: $lines lines, more than $MAX_LINES: consider splitting the file" >&2
	fi
done

for f in $C_FILES; do
	awk -v file="$f" '
	/^[ \t]*#[ \t]*include/ { last = $0; last_nr = NR }
	END {
		if (!last_nr)
			printf "%s:1: #include \"base/banned.h\" is missing (it must be the last #include)\n", file
		else if (last !~ /^#include "base\/banned\.h"[ \t]*$/)
			printf "%s:%d: the last #include must be \"base/banned.h\"\n", file, last_nr
	}' "$f" >>"$OUT"
done

# SQL only in src/store/
for f in $FILES; do
	case $f in src/store/*) continue ;; esac
	grep -nE '"(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER) ' "$f" |
		sed "s|^\([0-9]*\):.*|$f:\1: SQL outside src/store/: go through store/store.h|" >>"$OUT"
done

# core/ computes; it never prints (it returns diagnostics)
for f in $(find src/core -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort); do
	grep -nE '(^|[^A-Za-z0-9_])(printf|fprintf|vprintf|vfprintf|puts|fputs|putchar|fputc|perror)[ \t]*\(' "$f" |
		sed "s|^\([0-9]*\):.*|$f:\1: output in src/core/: core returns diagnostics and never prints|" >>"$OUT"
done

# dependencies point one way (ARCHITECTURE.md "Modules"): a module includes only the modules it may call
for m in base core store ingest supervise report app web cli; do
	case $m in
	base) allowed="base" ;;
	core) allowed="base core" ;;
	store) allowed="base core store" ;;
	ingest) allowed="base core store ingest" ;;
	supervise) allowed="base core store supervise" ;;
	report) allowed="base core store report" ;;
	app) allowed="base core store ingest supervise report app" ;;
	web) allowed="base core store ingest supervise report app web" ;;
	cli) allowed="base core store ingest supervise report app web cli" ;;
	esac
	for f in $(find "src/$m" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort); do
		grep -noE '#include "[a-z]+/' "$f" | while IFS=: read -r line inc; do
			dep=$(echo "$inc" | sed 's/#include "//; s|/||')
			case " $allowed " in
			*" $dep "*) ;;
			*) echo "$f:$line: src/$m may not include src/$dep/ (ARCHITECTURE.md: dependencies point one way)" ;;
			esac
		done
	done
done >>"$OUT"

# every file ends with a newline (clang's -Wnewline-eof in the fuzz build)
for f in $FILES; do
	if [ -s "$f" ] && [ -n "$(tail -c1 "$f")" ]; then
		echo "$f: no newline at the end of the file" >>"$OUT"
	fi
done

# nothing of one plan in code: no string literal names a shipped plan's codes or region names
python3 tools/check_plan_codes.py >>"$OUT" || :

# escape by default: every HTML writer writes values through the escaping formatter (docs/escaping.md)
python3 tools/check_escape.py >>"$OUT" || :

# every message key the UI code names is in the catalogue, in both languages
if ! python3 tools/check_messages.py >>"$OUT"; then
	:
fi

if [ -s "$OUT" ]; then
	cat "$OUT" >&2
	echo "lint: $(wc -l <"$OUT") problem(s)" >&2
	exit 1
fi
echo "lint: ok ($(echo "$FILES" | wc -l) files)"
