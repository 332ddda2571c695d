import csv

import pytest
from prefect.exceptions import ParameterTypeError

from flows.report import REPORT_NAMES, report
from flows.steps.parameters import ParameterError

pytestmark = pytest.mark.server  # runs flows


def test_report_flow_writes_the_result_file(seed_warehouse, tmp_path):
    result = report(name="top_entities", params={"type": "PER", "limit": "3"},
                    db=str(seed_warehouse), output_dir=str(tmp_path))
    with open(result["file"], encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert result["rows"] == len(rows) == 3
    assert rows[0]["name"] == "Владимир Путин"
    assert {row["type"] for row in rows} == {"PER"}


def test_report_names_are_the_library(seed_warehouse):
    assert {"top_entities", "run_history", "articles_mentioning"} <= set(REPORT_NAMES)
    with pytest.raises(ParameterTypeError):
        report(name="no_such_report", db=str(seed_warehouse))


def test_bad_report_parameters_fail_before_running(seed_warehouse, tmp_path):
    with pytest.raises(ValueError, match="param type must be one of"):
        report(name="top_entities", params={"type": "CITY"}, db=str(seed_warehouse),
               output_dir=str(tmp_path))
    with pytest.raises(ParameterError, match="db: no warehouse at"):
        report(name="top_entities", db=str(tmp_path / "missing.duckdb"))
    assert not list(tmp_path.iterdir())
