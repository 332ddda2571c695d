import pytest
from prefect import flow, task

from flows.params import (
    ParameterError, existing_db_path, existing_sources, retry_unless, writable_db_path,
)


def test_writable_db_path_creates_its_folder(tmp_path):
    path = writable_db_path(str(tmp_path / "new" / "deeper" / "k.duckdb"))
    assert path.parent.is_dir() and not path.exists()


def test_db_whose_folder_cannot_exist_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ParameterError, match="db: cannot create the folder"):
        writable_db_path(str(blocker / "k.duckdb"))
    with pytest.raises(ParameterError, match="is a folder"):
        writable_db_path(str(tmp_path))
    with pytest.raises(ParameterError, match="db: empty path"):
        writable_db_path("  ")


def test_existing_db_path_needs_the_file(tmp_path):
    with pytest.raises(ParameterError, match="db: no warehouse at"):
        existing_db_path(str(tmp_path / "missing.duckdb"))


def test_sources_fail_only_when_none_exists(tmp_path):
    (tmp_path / "in").mkdir()
    assert existing_sources([str(tmp_path / "in"), str(tmp_path / "gone")]) == [
        str(tmp_path / "in"), str(tmp_path / "gone")]
    with pytest.raises(ParameterError, match="sources: none found"):
        existing_sources([str(tmp_path / "gone")])
    with pytest.raises(ParameterError, match="sources: empty list"):
        existing_sources([])


def test_retry_unless_skips_deterministic_errors():
    attempts = []

    @task(retries=2, retry_delay_seconds=0, retry_condition_fn=retry_unless(ValueError))
    def flaky(error: type[Exception]) -> None:
        attempts.append(error)
        raise error("boom")

    @flow
    def run_both() -> None:
        flaky(ValueError, return_state=True)
        flaky(OSError, return_state=True)

    run_both()
    assert attempts.count(ValueError) == 1
    assert attempts.count(OSError) == 3
