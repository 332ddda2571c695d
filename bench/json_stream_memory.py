"""Peak memory of reading one large top-level JSON array, item by item against whole.

    python bench/json_stream_memory.py [--before /path/to/older/checkout]

Writes two files into a temporary folder: a 10-million-element array of numbers (the junk case
of issue 15: every item a quarantined record) and a ~50 MB array of Lenta articles (from
lenta_1000.txt, repeated with fresh ids). Each is read by ingest_file() in a fresh process, whose
peak RSS during the read (VmHWM, reset after the imports) is printed with the outcome; with --before, also by the code of another
checkout (e.g. main before the streamed reader), and the ratio. Exits quietly without the corpus.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import LENTA_1000 as CORPUS

ROOT = Path(__file__).resolve().parent.parent
# Run in a fresh process: read one file, print peak RSS (KiB on Linux) and the outcome.
# The peak is reset after the imports (/proc/self/clear_refs), so it is the read's own.
PROBE = """
import json, sys
from tasks.ingest.discover import discover
from tasks.settings import Limits
from tasks.ingest.read_file import ingest_file
def status(key):
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(key + ":"))
limits = Limits(max_file_bytes=128 * 2**20, max_records_per_file=20_000_000)
(file,) = discover([sys.argv[1]], limits)
baseline = status("VmRSS")
open("/proc/self/clear_refs", "w").write("5")
result = ingest_file(file, limits)
print(json.dumps({"peak_kib": status("VmHWM"), "baseline_kib": baseline,
                  "articles": len(result.articles), "quarantine_rows": len(result.quarantine),
                  "status": result.status}))
"""


def write_inputs(folder: Path) -> dict[str, Path]:
    numbers = folder / "numbers" / "ten_million.json"
    numbers.parent.mkdir()
    with open(numbers, "w") as handle:
        handle.write("[")
        handle.write(",".join(["1"] * 10_000_000))
        handle.write("]")
    texts = [line.strip() for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = folder / "articles" / "lenta.json"
    articles.parent.mkdir()
    with open(articles, "w", encoding="utf-8") as handle:
        handle.write("[")
        written, n = 0, 0
        while written < 48 * 2**20:
            item = json.dumps({"id": f"a{n}", "title": f"статья {n}", "text": texts[n % len(texts)]},
                              ensure_ascii=False)
            handle.write(("," if n else "") + item)
            written += len(item.encode("utf-8")) + 1
            n += 1
        handle.write("]")
    return {"10M numbers": numbers, "~50 MB of articles": articles}


def probe(code_root: Path, path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code_root))
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], env=env, cwd=code_root,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_inputs(Path(tmp))
        for name, path in inputs.items():
            size = path.stat().st_size / 2**20
            after = probe(ROOT, path)
            line = (f"{name:20} {size:6.1f} MB  this tree: peak RSS {after['peak_kib'] / 1024:7.0f} MB "
                    f"(start {after['baseline_kib'] / 1024:.0f} MB), {after['articles']} articles, "
                    f"{after['quarantine_rows']} quarantine rows, {after['status']}")
            if args.before:
                before = probe(args.before, path)
                line += (f"\n{'':29}before:    peak RSS {before['peak_kib'] / 1024:7.0f} MB, "
                         f"{before['articles']} articles, {before['quarantine_rows']} quarantine rows, "
                         f"{before['status']}; after/before = {after['peak_kib'] / before['peak_kib']:.2f}")
            print(line, flush=True)


if __name__ == "__main__":
    main()
