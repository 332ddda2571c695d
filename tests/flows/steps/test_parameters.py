import inspect

import pytest
from prefect import flow, task

from flows.steps.parameters import (
    EtlParameters,
    ParameterError,
    existing_db_path,
    existing_sources,
    retry_unless,
    writable_db_path,
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


def test_sources_of_one_folder_name_are_refused_unless_the_same_folder(tmp_path, monkeypatch):
    for folder in ("lenta", "ria", "old/lenta"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "ria" / "x.jsonl").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # Two sources with equal relative file names are fine; one folder named twice is too.
    assert existing_sources(["lenta", "ria", str(tmp_path / "lenta"), "ria/x.jsonl"])
    with pytest.raises(ParameterError, match="2 different folders are named 'lenta'"):
        existing_sources(["lenta", "old/lenta"])


@pytest.mark.server
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


def test_the_etl_parameters_are_declared_once():
    from flows.cli.run import RUN_OPTIONS
    from flows.dask_etl import etl_on_dask
    from flows.etl import etl

    declared = EtlParameters().as_kwargs()
    assert {name: p.default for name, p in inspect.signature(etl.fn).parameters.items()} == declared
    dask = {name: p.default for name, p in inspect.signature(etl_on_dask.fn).parameters.items()}
    assert {name: dask[name] for name in declared if name != "workers"} == {
        name: value for name, value in declared.items() if name != "workers"}
    assert set(RUN_OPTIONS) | {"sources"} == set(declared)  # every one is a `khronika run` option


def test_the_dask_flow_passes_every_etl_parameter_on(monkeypatch):
    import flows.dask_etl

    received = {}
    monkeypatch.setattr(flows.dask_etl, "etl_with_runner", lambda *args: lambda **kwargs: received.update(kwargs))
    flows.dask_etl.etl_on_dask.fn(sources=["seeds"], db="w.duckdb", max_file_bytes=10, max_article_chars=20,
                                  max_records_per_file=30, dask_workers=3, retire_missing=True)
    assert received == {"sources": ["seeds"], "db": "w.duckdb", "batch_size": 50, "wait_seconds": 0,
                        "max_file_bytes": 10, "max_article_chars": 20, "max_records_per_file": 30, "workers": 3,
                        "retire_missing": True, "chunk_articles": 10_000}


def test_every_flow_parameter_is_described_and_typed_in_the_run_form():
    from flows.dask_etl import etl_on_dask
    from flows.etl import etl
    from flows.report import report
    from flows.reprocess import reprocess

    for deployed in (etl, etl_on_dask, reprocess, report):
        for name, field in deployed.parameters.model_dump()["properties"].items():
            assert field.get("description"), (deployed.name, name)
            assert "type" in field or "enum" in field or "allOf" in field, (deployed.name, name, field)
