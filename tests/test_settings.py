import pytest

from tasks.settings import Limits


def test_limits_read_the_environment_when_made(monkeypatch):
    monkeypatch.setenv("KHRONIKA_MAX_FILE_BYTES", "1234")
    monkeypatch.setenv("KHRONIKA_MAX_RECORDS_PER_FILE", "7")
    monkeypatch.delenv("KHRONIKA_MAX_ARTICLE_CHARS", raising=False)
    limits = Limits()
    assert (limits.max_file_bytes, limits.max_records_per_file) == (1234, 7)
    assert limits.max_article_chars == 200_000


def test_overrides_replace_only_the_values_given(monkeypatch):
    monkeypatch.setenv("KHRONIKA_MAX_FILE_BYTES", "1234")
    limits = Limits.with_overrides(max_file_bytes=None, max_article_chars=99, max_records_per_file=None)
    assert limits.as_dict() == {"max_file_bytes": 1234, "max_article_chars": 99,
                                "max_records_per_file": Limits().max_records_per_file}


@pytest.mark.parametrize("values", [{"max_file_bytes": 0}, {"max_article_chars": -5}])
def test_limits_must_be_positive(values):
    with pytest.raises(ValueError, match="must be a positive number"):
        Limits(**values)
