#!/usr/bin/env python3
"""Every message key the C code names literally must be in www/i18n/messages.csv (both
languages), so no page can show a missing-translation marker. Run by tools/lint.sh."""
import csv
import glob
import re
import sys

KEY = re.compile(r'"((?:account|admin|cmp|col|error|explain|ind|measure|nav|obs_status|password|plan|reason|role|'
                 r'signin|site|status|unit_kind|units|report|dash|entry|review|cycle|notice|score|chart|region|'
                 r'milestone|inbox|export|supadmin|registry|firm|plans|author)\.[a-z0-9_]+)"')


def main() -> int:
    keys = set()
    for path in sorted(glob.glob("www/i18n/*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            keys |= {row["key"] for row in csv.DictReader(f)}
    missing = []
    for path in sorted(glob.glob("src/web/*.c") + glob.glob("src/report/*.c") + glob.glob("src/app/*.c")):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                for m in KEY.finditer(line):
                    if m.group(1) not in keys:
                        missing.append("%s:%d: message key '%s' is not in www/i18n/messages.csv" % (path, n, m.group(1)))
    for m in missing:
        print(m)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
