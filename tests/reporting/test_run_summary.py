import duckdb
import pytest

from tasks.reporting.render import markdown_table
from tasks.reporting.run_summary import (
    artifact_key,
    collect_run,
    dq_table,
    report_markdown,
    run_markdown,
    write_run_markdown,
)


def test_markdown_table_keeps_cells_inside_their_column():
    table = markdown_table([{"name": "ООО «Рога | Копыта»", "n": 3, "note": "две\nстроки"},
                            {"name": "Баку", "n": None, "note": "x" * 200}], max_cell=20)
    lines = table.splitlines()
    assert lines[0] == "| name | n | note |"
    assert lines[1] == "|---|---:|---|"
    assert lines[2] == "| ООО «Рога \\| Копыта» | 3 | две строки |"
    assert lines[3].endswith("| " + "x" * 19 + "… |")
    assert markdown_table([]) == "_none_\n"


def test_artifact_key_is_what_prefect_accepts():
    assert artifact_key("khronika-report", "Top_Entities") == "khronika-report-top-entities"


def test_run_content_comes_from_the_committed_run(seed_run):
    db = seed_run["db"]
    run_id = seed_run["summary"]["run_id"]
    with duckdb.connect(str(db), read_only=True) as con:
        content = collect_run(con, run_id)
        registered = con.execute("SELECT count(*) FROM entities_history WHERE run_id = ?",
                                 [run_id]).fetchone()[0]
        checks = {r[0] for r in con.execute("SELECT check_name FROM dq_checks WHERE run_id = ?",
                                            [run_id]).fetchall()}
        quarantined = con.execute("SELECT count(*) FROM quarantine WHERE run_id = ?",
                                  [run_id]).fetchone()[0]
    assert content.run["flow_run_id"] == seed_run["summary"]["flow_run_id"]
    assert content.new_entities_total == registered > 0
    assert {row["check"] for row in dq_table(content)} >= checks
    assert content.quarantined_total == quarantined
    # Most-mentioned first: Russia (all its names count as one), then Putin, whom the seed article is about.
    assert [e["name"] for e in content.new_entities[:2]] == ["Россия", "Владимир Путин"]

    markdown = run_markdown(content, {"elapsed (flow)": "1 s"})
    assert markdown.startswith(f"# Khronika run {run_id}: committed")
    assert f"mentions {content.run['mentions']}" in markdown
    assert "| PER | Владимир Путин |" in markdown
    assert "| elapsed (flow) | 1 s |" in markdown


def test_unknown_run_is_an_error(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        with pytest.raises(LookupError, match="no run 999999"):
            collect_run(con, 999999)


def test_run_summary_file_is_written_next_to_the_warehouse(tmp_path):
    path = write_run_markdown("# Khronika run 7: committed\n", tmp_path / "reports", 7)
    assert path == tmp_path / "reports" / "run-7.md"
    assert path.read_text(encoding="utf-8") == "# Khronika run 7: committed\n"


def test_report_markdown_names_parameters_and_truncation(tmp_path):
    text = report_markdown("top_entities", "Most-mentioned entities.", {"type": "PER"},
                           [{"name": "Владимир Путин", "mentions": 9}], 40, tmp_path / "r.csv")
    assert "| type | PER |" in text
    assert f"40 rows, first 1 shown; full result in `{tmp_path / 'r.csv'}`." in text
    assert "| Владимир Путин | 9 |" in text


HOSTILE_VALUES = [
    '<img src="https://example.com/pixel.png">',
    "[открыть](javascript:alert(1))",
    "![x](https://example.com/x.png)",
    "<script>alert(1)</script>",
    "**жирный** _курсив_ `код` ~~зачёркнутый~~ &lt;",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_untrusted_values_stay_text_in_markdown_artifacts(value):
    from markdown_it import MarkdownIt

    # CommonMark with raw HTML allowed, as artifact pages render it.
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(
        markdown_table([{"title": value, "n": 1}]))
    assert "<img" not in html and "<script" not in html and "<a " not in html
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html and "<s>" not in html
    assert "<td>" in html  # still one table cell, holding the value as text


def test_csv_exports_neutralise_formulas(tmp_path):
    import polars as pl

    from tasks.reporting.render import write_result

    titles = ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB",
              "Обычный заголовок"]
    write_result(pl.DataFrame({"title": titles, "mentions": [1, -2, 3, 4, 5, 6]}), "csv", tmp_path / "t.csv")
    exported = pl.read_csv(tmp_path / "t.csv")
    assert exported["title"].to_list() == ["'" + t for t in titles[:5]] + ["Обычный заголовок"]
    assert exported["mentions"].to_list() == [1, -2, 3, 4, 5, 6]  # numbers stay numbers
