import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tasks.ingest.discover import detect_format, discover
from tasks.settings import SEEDS_DIR, Limits
from tests.corpus_bad import RU_TEXT


def write(path: Path, text: str = RU_TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def by_relpath(files):
    return {file.relpath: file for file in files}


def test_seeds_are_all_readable_in_their_formats():
    files = discover([SEEDS_DIR], Limits())
    formats = {file.relpath: file.format for file in files if file.status is None}
    assert formats["000_210788246a6fa90d.txt"] == "txt"
    assert set(formats.values()) == {"txt", "md", "jsonl", "csv", "json"}
    # Only the ignore file itself and the reference data it names are not articles.
    assert {file.relpath for file in files if file.status is not None} == {".khronikaignore", "reference"}


def test_walks_recursively_in_sorted_order(tmp_path):
    for name in ["b/2.txt", "b/1.md", "a.txt", "c/d/e.jsonl", "B.csv"]:
        write(tmp_path / name)
    files = discover([tmp_path], Limits())
    assert [file.relpath for file in files] == ["B.csv", "a.txt", "b/1.md", "b/2.txt", "c/d/e.jsonl"]
    assert all(file.root == str(tmp_path.resolve()) for file in files)
    assert all(Path(file.path) == tmp_path.resolve() / file.relpath for file in files)
    assert discover([tmp_path], Limits()) == files


def test_records_size_mtime_and_streamed_hash(tmp_path):
    path = write(tmp_path / "a.txt")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    (file,) = discover([tmp_path], Limits())
    raw = path.read_bytes()
    assert file.size == len(raw)
    assert file.content_hash == hashlib.sha256(raw).hexdigest()
    assert file.mtime == datetime.fromtimestamp(1_700_000_000, tz=timezone.utc).replace(tzinfo=None)
    assert file.mtime.tzinfo is None


def test_file_source_has_its_folder_as_root(tmp_path):
    path = write(tmp_path / "sub" / "a.txt")
    (file,) = discover([path], Limits())
    assert (file.root, file.relpath, file.status) == (str(tmp_path / "sub"), "a.txt", None)


def test_relative_source_gives_same_result_from_its_folder(tmp_path, monkeypatch):
    write(tmp_path / "inbox" / "a.txt")
    absolute = discover([tmp_path / "inbox"], Limits())
    monkeypatch.chdir(tmp_path)
    assert discover(["inbox"], Limits()) == absolute


def test_missing_source_is_a_skipped_row(tmp_path):
    write(tmp_path / "a.txt")
    files = discover([tmp_path / "nope", tmp_path], Limits())
    assert [(file.relpath, file.status, file.reason) for file in files] == [
        ("nope", "skipped", "source not found"),
        ("a.txt", None, None),
    ]


def test_overlapping_sources_list_each_file_once(tmp_path):
    path = write(tmp_path / "a.txt")
    files = discover([tmp_path, path, tmp_path], Limits())
    assert [file.path for file in files] == [str(path)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", ("txt", None, ".txt")),
        ("A.TXT", ("txt", None, ".txt")),
        ("a.md", ("md", None, ".md")),
        ("a.json", ("json", None, ".json")),
        ("a.jsonl.gz", ("jsonl", "gzip", ".jsonl")),
        ("a.csv.GZ", ("csv", "gzip", ".csv")),
        ("archive.tar.gz", (None, "gzip", ".tar")),
        ("photo.png", (None, None, ".png")),
        ("README", (None, None, "")),
    ],
)
def test_detect_format(name, expected):
    assert detect_format(name) == expected


def test_unsupported_and_oversize_files_are_quarantined_unhashed(tmp_path):
    write(tmp_path / "page.pdf")
    write(tmp_path / "noext")
    big = write(tmp_path / "big.txt", "я" * 600)
    files = by_relpath(discover([tmp_path], Limits(max_file_bytes=1000)))
    assert files["page.pdf"].status == "quarantined"
    assert files["page.pdf"].reason == "unsupported format .pdf"
    assert files["noext"].reason == "unsupported format (no extension)"
    assert files["big.txt"].status == "quarantined"
    assert files["big.txt"].reason == f"file too large ({big.stat().st_size} bytes > limit 1000)"
    assert files["big.txt"].content_hash is None


def test_hidden_entries_are_skipped_and_not_entered(tmp_path):
    write(tmp_path / ".git" / "config.txt")
    write(tmp_path / ".draft.txt")
    write(tmp_path / "a.txt")
    files = by_relpath(discover([tmp_path], Limits()))
    assert set(files) == {".git", ".draft.txt", "a.txt"}
    assert files[".git"].reason == "hidden directory"
    assert files[".draft.txt"].reason == "hidden file"


def test_symlinks_are_never_followed(tmp_path):
    root = tmp_path / "inbox"
    outside = write(tmp_path / "secret.txt")
    write(root / "real" / "a.txt")
    os.symlink(outside, root / "escape.txt")
    os.symlink(tmp_path, root / "escape_dir")
    os.symlink(root / "real", root / "alias")
    os.symlink(root, root / "real" / "loop")
    os.symlink(root / "gone.txt", root / "dangling.txt")
    os.symlink(root / "self.txt", root / "self.txt")
    files = by_relpath(discover([root], Limits()))
    reasons = {relpath: file.reason for relpath, file in files.items() if file.status}
    assert files["real/a.txt"].status is None
    assert reasons == {
        "alias": "symlink inside the source root (its target is read under its own path)",
        "real/loop": "symlink inside the source root (its target is read under its own path)",
        "dangling.txt": "dangling symlink",
        "escape.txt": "symlink points outside the source root",
        "escape_dir": "symlink points outside the source root",
        "self.txt": "symlink loop",
    }
    assert all(file.status == "skipped" for relpath, file in files.items() if relpath in reasons)


def test_symlinked_source_is_resolved_once(tmp_path):
    write(tmp_path / "real" / "a.txt")
    os.symlink(tmp_path / "real", tmp_path / "link")
    (file,) = discover([tmp_path / "link"], Limits())
    assert (file.root, file.relpath, file.status) == (str(tmp_path / "real"), "a.txt", None)


def test_dangling_source_is_skipped(tmp_path):
    os.symlink(tmp_path / "gone", tmp_path / "link")
    (file,) = discover([tmp_path / "link"], Limits())
    assert (file.status, file.reason) == ("skipped", "dangling symlink")


def test_special_files_are_skipped_without_opening(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (file,) = discover([tmp_path], Limits())
    assert (file.status, file.reason) == ("skipped", "not a regular file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_quarantined(tmp_path):
    path = write(tmp_path / "a.txt")
    path.chmod(0)
    (file,) = discover([tmp_path], Limits())
    assert file.status == "quarantined"
    assert file.reason.startswith("unreadable")


def test_order_is_by_path_components(tmp_path):
    for name in ["b.txt", "a/z.txt", "a-b.txt", "c/d/e/f.md", "c/a.txt"]:
        write(tmp_path / name)
    relpaths = [file.relpath for file in discover([tmp_path], Limits())]
    assert relpaths == ["a/z.txt", "a-b.txt", "b.txt", "c/a.txt", "c/d/e/f.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any directory")
def test_unreadable_directory_is_skipped(tmp_path):
    write(tmp_path / "locked" / "a.txt")
    (tmp_path / "locked").chmod(0)
    try:
        (file,) = discover([tmp_path], Limits())
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert (file.relpath, file.status) == ("locked", "skipped")
    assert file.reason.startswith("directory not readable")


def test_directory_that_cannot_be_listed_is_skipped(tmp_path, monkeypatch):
    write(tmp_path / "locked" / "a.txt")
    write(tmp_path / "open" / "b.txt")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files = discover([tmp_path], Limits())
    assert [(f.relpath, f.status, f.reason) for f in files] == [
        ("locked", "skipped", "directory not readable: Permission denied"),
        ("open/b.txt", None, None),
    ]


def test_names_that_are_not_utf8_are_skipped_with_a_printable_path(tmp_path):
    write(tmp_path / "ok.txt")
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.txt"), "wb") as handle:
        handle.write(RU_TEXT.encode("utf-8"))
    os.mkdir(os.path.join(os.fsencode(tmp_path), b"dir\xfe"))
    files = discover([tmp_path], Limits())
    assert [(f.relpath, f.status, f.reason) for f in files] == [
        ("bad\\xff.txt", "skipped", "name is not valid UTF-8"),
        ("dir\\xfe", "skipped", "name is not valid UTF-8"),
        ("ok.txt", None, None),
    ]
    assert files[0].path == str(tmp_path / "bad\\xff.txt")
    files[0].path.encode("utf-8")  # storable


def test_khronikaignore_patterns_skip_reference_data_with_a_reason(tmp_path):
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "types.csv").write_text("type,quad_class\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Путин прибыл в Минск.", encoding="utf-8")
    (tmp_path / "b.draft.md").write_text("Черновик.", encoding="utf-8")
    (tmp_path / ".khronikaignore").write_text("# not articles\nreference/\n*.draft.md\n", encoding="utf-8")
    found = {Path(f.path).name: f for f in discover([tmp_path], Limits())}
    assert found["a.txt"].status is None
    assert found["reference"].status == "skipped" and "'reference/'" in found["reference"].reason
    assert found["b.draft.md"].status == "skipped" and "'*.draft.md'" in found["b.draft.md"].reason
    assert "types.csv" not in found

