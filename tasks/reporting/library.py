"""The report library: SQL files in sql/reports/, their headers, and running them safely.

A report file starts with a header of `--` comments:

    -- name: top_entities
    -- purpose: Most-mentioned entities of a type over a publication-date range.
    -- param type PER|LOC|ORG|ALL: entity type (default ALL)
    -- param limit int: rows (default 20)

A param's kind is `text`, `int` (non-negative), `date` (YYYY-MM-DD) or a choice `A|B|C`;
`(default none)` binds NULL. Every value reaches SQL as a bound DuckDB parameter (`$name`),
never as SQL text. Each report also receives `$as_of_run`: it reads the warehouse through the
`*_as_of(n)` table macros, so the same SQL answers for the current state (n = max) or for the
state after an earlier run.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from tasks.reporting.entity_lookup import NoSuchEntity, resolve_entity
from tasks.settings import SQL_DIR
from tasks.warehouse.sql import sql_file

if TYPE_CHECKING:  # polars loads when a result is built (duckdb's .pl()), not at import
    import polars as pl

REPORTS_DIR = SQL_DIR / "reports"
# The current state is the state "as of" the largest possible run id.
LATEST_RUN = 9_223_372_036_854_775_807

_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
_PARAM_RE = re.compile(
    r"param\s+(?P<name>[a-z][a-z0-9_]*)\s+(?P<kind>[^\s:]+)\s*:\s*(?P<description>.*?)"
    r"\s*\(default\s+(?P<default>[^()]*)\)\s*$"
)
_PLACEHOLDER_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_INT_RE = re.compile(r"[+]?\d+")


class ReportError(ValueError):
    """A report that does not exist, a bad parameter, or a malformed report file."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # text | int | number | date | A|B|C (choice)
    description: str
    default: str  # as written in the header; "none" means NULL

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self.kind.split("|")) if "|" in self.kind else ()

    def convert(self, raw: str | int | date | None) -> Any:
        """The bound value for a user's string (None or "" = NULL)."""
        if raw is not None and not isinstance(raw, str):
            raw = raw.isoformat() if isinstance(raw, date) else str(raw)
        if raw is None or raw.strip() == "":
            return None
        value = raw.strip()
        if self.choices:
            for choice in self.choices:
                if value.casefold() == choice.casefold():
                    return choice
            raise ReportError(
                f"param {self.name} must be one of {', '.join(self.choices)}, got {raw!r}"
            )
        if self.kind == "text":
            return value
        if value.casefold() == "none":
            return None
        if self.kind == "int":
            if not _INT_RE.fullmatch(value) or int(value) > LATEST_RUN:
                raise ReportError(
                    f"param {self.name} expects a non-negative integer up to {LATEST_RUN}, "
                    f"got {raw!r}"
                )
            return int(value)
        if self.kind == "number":
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                raise ReportError(f"param {self.name} expects a number such as 0.7, got {raw!r}")
            return number
        if self.kind == "date":
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ReportError(
                    f"param {self.name} expects a date YYYY-MM-DD, got {raw!r}"
                ) from None
        raise ReportError(f"param {self.name} has unknown kind {self.kind!r}")

    def default_value(self) -> Any:
        return None if self.default.casefold() == "none" else self.convert(self.default)


@dataclass(frozen=True)
class Report:
    name: str
    purpose: str
    params: tuple[Param, ...]
    notes: str
    sql: str
    path: Path

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        accepted = ", ".join(p.name for p in self.params) or "none"
        raise ReportError(
            f"report {self.name} has no param {name!r} (accepted: {accepted})"
        )


def parse_report(path: Path) -> Report:
    """Read a report file's header; check it declares exactly the parameters its SQL uses."""
    text = _read(path)
    fields: dict[str, list[str]] = {}  # name / purpose, as wrapped lines
    params: list[Param] = []
    notes: list[str] = []
    last: list[str] | None = None  # where a wrapped header line continues
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:]
        content = body.strip()
        if last is not None and body.startswith("    ") and content:
            last.append(content)
            continue
        key, _, value = content.partition(":")
        if key in ("name", "purpose"):
            last = fields[key] = [value.strip()]
        elif content.startswith("param "):
            match = _PARAM_RE.fullmatch(content)
            if not match:
                raise ReportError(
                    f"{path.name}: malformed param line {content!r}; expected "
                    "'param NAME KIND: description (default VALUE)'"
                )
            params.append(Param(**match.groupdict()))
            last = None
        elif content:
            notes.append(content)
            last = notes
    joined = {key: " ".join(parts) for key, parts in fields.items()}
    name = joined.get("name", "")
    if name != path.stem:
        raise ReportError(f"{path.name}: header name {name!r} must equal the file name")
    if not joined.get("purpose"):
        raise ReportError(f"{path.name}: header has no purpose")

    declared = {p.name for p in params}
    used = placeholders(text)
    if declared | {"as_of_run"} != used:
        raise ReportError(
            f"{path.name}: params declared {sorted(declared)} but SQL uses {sorted(used)}"
            " (every report must also use $as_of_run)"
        )
    for param in params:
        try:
            param.default_value()
        except ReportError as exc:
            raise ReportError(f"{path.name}: bad default: {exc}") from None
    return Report(name, joined["purpose"], tuple(params), " ".join(notes), text, path)


def _read(path: Path) -> str:
    """A report file's text: through the cached SQL loader when it is one of the project's."""
    try:
        return sql_file(*Path(path).resolve().relative_to(SQL_DIR.resolve()).parts)
    except ValueError:  # a report library elsewhere (tests, a user's own folder)
        return Path(path).read_text(encoding="utf-8")


def placeholders(sql: str) -> set[str]:
    """The `$name` parameters a SQL text uses, ignoring `--` comments."""
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return set(_PLACEHOLDER_RE.findall(code))


def list_reports(reports_dir: Path = REPORTS_DIR) -> list[Report]:
    """Every report in the library, by name. Files starting with '_' are shared macros."""
    return [
        parse_report(path)
        for path in sorted(reports_dir.glob("*.sql"))
        if not path.name.startswith("_")
    ]


def get_report(name: str, reports_dir: Path = REPORTS_DIR) -> Report:
    """The report called `name`; names pick from the fixed library, never a path."""
    registry = {report.name: report for report in list_reports(reports_dir)}
    if not _NAME_RE.fullmatch(name or "") or name not in registry:
        raise ReportError(
            f"unknown report {name!r}; available: {', '.join(sorted(registry))}"
        )
    return registry[name]


def bind_params(report: Report, params: dict[str, str] | None, as_of_run: int | None) -> dict[str, Any]:
    """Convert user strings to typed values per the header; defaults fill the rest."""
    params = dict(params or {})
    for key in params:
        report.param(key)  # raises for an unknown parameter
    values: dict[str, Any] = {
        p.name: p.convert(params[p.name]) if p.name in params else p.default_value()
        for p in report.params
    }
    if as_of_run is not None and (
        isinstance(as_of_run, bool) or not 0 <= as_of_run <= LATEST_RUN
    ):
        raise ReportError(f"as-of run must be a non-negative run id, got {as_of_run!r}")
    values["as_of_run"] = LATEST_RUN if as_of_run is None else int(as_of_run)
    return values


def as_of_note(con: duckdb.DuckDBPyConnection, as_of_run: int | None) -> str | None:
    """When run N is not itself committed, say which committed state answers for it; a run past
    the last one is an error (it would silently answer as of the last)."""
    if as_of_run is None:
        return None
    last = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
    if as_of_run > (last or 0):
        raise ReportError(f"as-of run {as_of_run} does not exist: the last run is {last or 'none yet'}")
    latest = con.execute(
        "SELECT max(run_id) FROM committed_runs_as_of(?)", [as_of_run]).fetchone()[0]
    if latest == as_of_run:
        return None
    if latest is None:
        return f"no run up to {as_of_run} committed: answering from the empty warehouse"
    return f"run {as_of_run} is not a committed run: answering as of run {latest}"


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the reports' shared TEMP macros on this connection (read-only safe)."""
    con.execute(sql_file("reports", "_macros.sql"))


def run_report(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, str] | None = None,
    as_of_run: int | None = None,
) -> pl.DataFrame:
    """Run report `name` with user parameters (strings) as of a run (None = current state)."""
    return report_relation(con, name, params, as_of_run).pl()


def report_relation(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, str] | None = None,
    as_of_run: int | None = None,
) -> duckdb.DuckDBPyRelation:
    """Report `name` as a DuckDB relation, for callers that write its rows without polars."""
    report = get_report(name)
    values = bind_params(report, params, as_of_run)
    install_macros(con)
    if values.get("entity") is not None:
        try:
            values["entity"] = resolve_entity(con, values["entity"], values["as_of_run"])
        except NoSuchEntity as error:
            raise ReportError(str(error)) from None
    return con.sql(report.sql, params=values)
