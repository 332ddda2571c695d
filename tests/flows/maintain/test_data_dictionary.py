"""The data dictionary is generated from sql/dictionary/columns.csv and kept current."""
import pytest

from flows.maintain.data_dictionary import (
    BEGIN,
    END,
    Undescribed,
    comments_sql,
    dictionary,
    main,
    read_csv,
    readme_markdown,
    with_dictionary,
)
from tasks.settings import PROJECT_ROOT


def test_readme_and_the_comments_file_are_current():
    assert main([str(PROJECT_ROOT / "README.md"), "--check"]) == 0


def test_a_column_name_is_described_once_for_every_table_unless_a_table_says_otherwise():
    rows = {(row.table, row.column): row.comment for row in dictionary(read_csv())}
    assert rows[("mentions", "run_id")] == rows[("events", "run_id")]
    assert rows[("runs", "run_id")] != rows[("mentions", "run_id")]


def test_a_public_column_missing_from_the_csv_is_named():
    entries = read_csv()
    del entries[("entities", "mention_count")]
    with pytest.raises(Undescribed, match="entities.mention_count"):
        dictionary(entries)


def test_quotes_in_a_comment_stay_inside_the_literal():
    entries = read_csv()
    entries[("runs", "error")] = "it's \"quoted\"; DROP TABLE runs; --"
    sql = comments_sql(dictionary(entries))
    assert """COMMENT ON COLUMN "runs"."error" IS 'it''s "quoted"; DROP TABLE runs; --';""" in sql


def test_readme_lists_every_column_with_its_comment():
    markdown = readme_markdown(dictionary(read_csv()))
    assert "**`event_facts`**: One row per current event" in markdown
    assert "| `evidence` | VARCHAR | The sentence the event was read from" in markdown
    # A pipe in a type or comment would split the row.
    assert all(line.count(" | ") == 2 for line in markdown.splitlines() if line.startswith("| `"))


def test_a_readme_without_markers_is_refused():
    with pytest.raises(ValueError):
        with_dictionary("# nothing here\n", "x")
    assert with_dictionary(f"a\n{BEGIN}\nold\n{END}\nb", "new") == f"a\n{BEGIN}\nnew\n{END}\nb"
