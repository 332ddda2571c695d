"""Where the benchmarks find the throughput corpus: $KHRONIKA_SHARED/corpora, else ../shared."""
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KHRONIKA_SHARED", PROJECT_ROOT.parent / "shared"))
LENTA_1000 = SHARED / "corpora" / "lenta_1000.txt"
