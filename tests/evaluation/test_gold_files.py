"""A gold file not in its option's format is one clear line and exit 2, not a KeyError mid-way."""
from __future__ import annotations

import pytest

from flows.cli.exit_codes import EXIT_USAGE
from tasks.evaluation.gold_files import GoldFileError, read_jsonl
from tests.conftest import DATA
from tests.warehouse_checks import khronika


def test_a_nerel_file_reads_as_nerel_documents():
    documents = list(read_jsonl(DATA / "nerel_dev_slice.jsonl", fields=("id", "text", "entities", "events")))
    assert documents and all(d["events"] is not None for d in documents)


def test_a_nerel_file_is_no_factru_file():
    with pytest.raises(GoldFileError, match=r"nerel_dev_slice.jsonl line 1 has no 'ner': not a factRuEval"):
        list(read_jsonl(DATA / "nerel_dev_slice.jsonl", fields=("id", "text", "ner"), kind="factRuEval-format"))


@pytest.mark.parametrize("content, message", [
    (b"id;text\n1;\xd0\x92 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb5\n", "line 1 is not JSON"),   # a CSV
    (b"\xff\xfe{\x00}\x00\n", "is not UTF-8 text"),                                                    # UTF-16
    (b'["a list"]\n', "line 1 has no 'name'"),
])
def test_eval_of_a_file_in_another_format_is_a_usage_error(tmp_path, content, message):
    path = tmp_path / "links.jsonl"
    path.write_bytes(content)
    code, out, err = khronika("eval", "--places", str(path))
    assert code == EXIT_USAGE and out == ""
    assert err.count("\n") == 1 and err.startswith("khronika eval: ") and message in err, err


def test_eval_names_the_file_given_under_the_wrong_option(models):
    code, _, err = khronika("eval", "--factru", str(DATA / "nerel_dev_slice.jsonl"))
    assert code == EXIT_USAGE
    assert "nerel_dev_slice.jsonl line 1 has no 'ner': not a factRuEval-format file" in err and "Traceback" not in err
