"""testdb.py - the store a Python test runs on, as tests/lib/testdb.c makes it: a file in the
test's folder, or, when INNOMON_TEST_PG is set (tools/pg-test.sh), a new schema of the test
database, named by a postgresql:// URL."""
import itertools
import os
import subprocess

_n = itertools.count(1)


def is_postgres():
    return bool(os.environ.get("INNOMON_TEST_PG"))


def new_db(tmp, name):
    """A new, empty store target for the test named name."""
    if not is_postgres():
        return os.path.join(tmp, name + ".db")
    schema = "s_%s_%d_%d" % (name.replace("-", "_"), os.getpid(), next(_n))
    subprocess.run(["psql", "-qX", "-v", "ON_ERROR_STOP=1", "-c", 'CREATE SCHEMA "%s"' % schema], check=True)
    return "postgresql:///%s?options=-csearch_path%%3D%s" % (os.environ.get("PGDATABASE", "postgres"), schema)


def scalar(db, sql):
    """The first column of the first row of sql run on store db (either back end)."""
    if not db.startswith("postgresql:"):
        import sqlite3
        con = sqlite3.connect(db)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    out = subprocess.run(["psql", "-qXtA", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql], check=True,
                         capture_output=True, text=True).stdout.strip()
    return int(out) if out.lstrip("-").isdigit() else out
