"""Shared fixtures: warehouses built by the real flow, and Prefect's test server for the tests
that need one.

Unit tests never start a Prefect server. A test that runs a flow is marked `server` (or uses a
fixture that runs one: seed_run, seed_warehouse, prefect_stack): only those get the session's
Prefect test harness. The quick loop leaves them out:
`bash tests/run.sh -m "not server and not browser and not slow"`.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"
SEED_ARTICLE = SEEDS / "000_210788246a6fa90d.txt"
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"  # screenshots of the browser tests
SAMPLE = DATA / "lenta_sample"


def shared_corpus(name: str) -> Path:
    """A corpus of the shared data, from $KHRONIKA_SHARED or ../shared; skips when absent."""
    roots = [Path(os.environ["KHRONIKA_SHARED"])] if os.environ.get("KHRONIKA_SHARED") else []
    roots.append(REPO_ROOT.parent / "shared")
    for root in roots:
        if (root / "corpora" / name).is_file():
            return root / "corpora" / name
    pytest.skip(f"{name} not found (set KHRONIKA_SHARED or put shared/ beside the repo)")


@pytest.fixture(scope="session")
def models():
    """Natasha's models, built once per process (load_models caches them)."""
    from tasks.nlp.models import load_models

    return load_models()


# Fixtures that run a flow or a Prefect stack: a test using one is a server test.
SERVER_FIXTURES = {"seed_run", "seed_warehouse", "prefect_stack", "prefect_harness"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)


@pytest.fixture(autouse=True)
def _prefect_api_for_server_tests(request):
    """A test marked `server` runs with the session's Prefect test server; others without."""
    if request.node.get_closest_marker("server"):
        request.getfixturevalue("prefect_harness")


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """Prefect's test server, started once for the session's flow tests."""
    os.environ.setdefault("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect-home")))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory, prefect_harness) -> dict:
    """The seeds processed once by the real flow: warehouse path and the run's summary."""
    from flows.etl import etl

    db = tmp_path_factory.mktemp("seed-warehouse") / "khronika.duckdb"
    summary = etl(sources=[str(SEEDS)], db=str(db))
    return {"db": db, "summary": summary}


@pytest.fixture(scope="session")
def seed_warehouse(seed_run) -> Path:
    """Path of a DuckDB warehouse built by `etl` on seeds/ (open it read-only)."""
    return seed_run["db"]


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A writable copy of seeds/ for tests that change inputs."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def open_tmp_path():
    """A temporary folder other users may enter (pytest's own are 0700): as root, the stack's
    PostgreSQL runs as the postgres user, who must reach its data folder."""
    path = Path(tempfile.mkdtemp(prefix="khronika-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def prefect_stack(tmp_path_factory):
    """One real Prefect server + worker + deployments for the server and browser tests."""
    from flows.ops import stack
    from tests.prefect_api import start_test_stack

    home = tmp_path_factory.mktemp("prefect-stack")
    try:
        yield start_test_stack(home)
    finally:
        stack.down(home, out=lambda line: None)
