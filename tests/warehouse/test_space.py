"""Out of space recognised from each layer that reports it, and staging that cleans up after
itself (the real-process test is tests/flows/cli/test_disk_full.py)."""
from __future__ import annotations

import errno
import os
import pickle
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from tasks.warehouse.space import OutOfSpace, out_of_space
from tasks.warehouse.staging import Staging
from tests.conftest import REPO_ROOT


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EFBIG, errno.EDQUOT])
def test_an_os_error_for_lack_of_space_names_its_file(code):
    error = OSError(code, os.strerror(code), "/data/w.duckdb")
    full = out_of_space(error)
    assert (full.reason, full.path) == (os.strerror(code), "/data/w.duckdb")
    assert str(full) == f"no space left writing /data/w.duckdb ({os.strerror(code)})"


def test_a_duckdb_commit_error_is_read_through_the_error_it_raised_while_handling():
    try:
        try:
            raise duckdb.TransactionException('TransactionContext Error: Failed to commit: Could not write '
                                              'file "/data/w.duckdb.wal": No space left on device')
        except duckdb.Error:
            raise RuntimeError("the task failed")  # the implicit context is the point
    except RuntimeError as error:
        full = out_of_space(error)
    assert (full.reason, full.path) == ("No space left on device", "/data/w.duckdb.wal")


@pytest.mark.parametrize("error", [OSError(errno.EACCES, "Permission denied", "/data/w.duckdb"),
                                   duckdb.IOException('Could not write file "/data/w.duckdb": Permission denied'),
                                   ValueError("File too small")])
def test_other_failures_are_not_taken_for_lack_of_space(error):
    assert out_of_space(error) is None


def test_out_of_space_survives_the_trip_back_from_a_worker():
    copy = pickle.loads(pickle.dumps(OutOfSpace("File too large", "/s/x.parquet")))
    assert (copy.reason, copy.path, str(copy)) == ("File too large", "/s/x.parquet",
                                                   "no space left writing /s/x.parquet (File too large)")


def test_a_staged_write_past_the_file_size_limit_names_the_parquet_file(tmp_path):
    """A real EFBIG, in a child process under a 1 kB file size limit."""
    script = ("import resource, sys, polars as pl\n"
              "from tasks.warehouse.staging import Staging\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
              "frame = pl.DataFrame({'text': [str(i) * 50 for i in range(2000)]})\n"
              "try:\n"
              "    Staging(sys.argv[1]).write('articles', frame, 'b1')\n"
              "except Exception as error:\n"
              "    print(type(error).__name__, error)\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "run-1")], cwd=REPO_ROOT, check=False,
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)))
    assert done.stdout.strip() == (f"OutOfSpace no space left writing {tmp_path}/run-1/articles/b1.parquet "
                                   "(File too large)"), done.stderr


def test_removing_a_runs_staging_removes_the_folders_left_empty(tmp_path):
    db = tmp_path / "w.duckdb"
    first, second = Staging.for_run(db, 1), Staging.for_run(db, 2)
    first.write("articles", pl.DataFrame({"a": [1]}), "b1")
    first.remove()
    assert second.root.is_dir()  # another run's staging keeps the folders above it
    second.remove()
    assert not (tmp_path / ".staging").exists()
    other = Staging(tmp_path / "mine")
    other.remove()
    assert tmp_path.is_dir()  # a staging folder of another layout: only itself is removed
