#!/usr/bin/env python3
"""test_import_memory.py - an import's memory does not grow with the file: the same registry of
technology contracts imported from a file of SMALL rows and from one four times as large (both
far past what SQLite's page cache and the sort's run hold, so every buffer has reached its
size), each into a fresh store of the demo plan, the peak resident memory of each import taken
from the kernel (wait4's ru_maxrss). The larger file's peak must stay within a few MiB of the
smaller one's, and under 100 MiB. A values file is imported the same way, smaller. Prints TAP.
usage: test_import_memory.py INNOMON_BIN SOURCE_ROOT"""
import os
import random
import subprocess
import sys
import tempfile

BIN, ROOT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(ROOT, 'tests', 'security'))
from seclib import Tap  # noqa: E402

T = Tap()
check = T.check
SMALL = 250000
SLACK_MIB = 8
CAP_MIB = 100


def contracts(path, n):
    rnd = random.Random(n)
    regions = ['changsha', 'zhuzhou', 'xiangtan', 'cs-hitech', 'zz-hitech', 'xt-hitech', 'nx-hitech']
    with open(path, 'w', encoding='utf-8') as f:
        f.write('no,signed,amount,region,buyer,seller\n')
        for i in range(n):
            f.write('M%09d,%d-%02d-%02d,%.2f,%s,买方%d,卖方\n' % (i, rnd.randint(2016, 2025), rnd.randint(1, 12),
                                                             rnd.randint(1, 28), rnd.uniform(1, 2000),
                                                             rnd.choice(regions), i % 997))


def peak_mib(args, env):
    """Run innomon with args; its exit code and peak resident memory in MiB."""
    with open(os.devnull, 'w') as null:
        p = subprocess.Popen([BIN] + args, stdout=null, stderr=subprocess.PIPE, env=env)
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024.0, err.decode('utf-8', 'replace')


def main():
    env = dict(os.environ, INNOMON_NOW='2026-03-01T00:00:00Z')
    with tempfile.TemporaryDirectory(prefix='innomon-memory-') as tmp:
        peaks = {}
        for n in (SMALL, 4 * SMALL):
            csv = os.path.join(tmp, 'contracts-%d.csv' % n)
            db = os.path.join(tmp, 'store-%d.db' % n)
            contracts(csv, n)
            subprocess.run([BIN, '--db', db, 'init', '--plan', os.path.join(ROOT, 'data/demo/plan')], check=True,
                           stdout=subprocess.DEVNULL, env=env)
            # the whole import: read, checked, written, the derived indicator computed, committed
            rc, peak, err = peak_mib(['--db', db, 'import', 'registry', 'contracts', csv], env)
            check(rc == 0, 'a file of %d contracts is imported' % n, err[-500:])
            peaks[n] = peak
            os.unlink(csv)
        small, big = peaks[SMALL], peaks[4 * SMALL]
        print('# peak memory: %.1f MiB for %d rows, %.1f MiB for %d rows' % (small, SMALL, big, 4 * SMALL))
        check(big <= small + SLACK_MIB, 'four times the rows take no more memory (within %d MiB)' % SLACK_MIB,
              (small, big))
        check(big < CAP_MIB, 'the import stays under %d MiB' % CAP_MIB, big)
    T.done()


if __name__ == '__main__':
    sys.exit(main())
