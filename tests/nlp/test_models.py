"""How the models are built: once per process, with nothing scanned that need not be."""
import json
import os
import subprocess
import sys

from tasks.settings import PROJECT_ROOT

CHECK = """
import json, os, sys
from tasks.nlp.forms import morph_vocab
vocab = morph_vocab()
print(json.dumps({"pkg_resources": "pkg_resources" in sys.modules,
                  "path": os.environ.get("PYMORPHY2_DICT_PATH"),
                  "normal": vocab("Львом")[0].normal}))
"""


def built_in_a_fresh_process(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k != "PYMORPHY2_DICT_PATH"}
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=PROJECT_ROOT, env={**clean, **env},
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_pymorphy_is_pointed_at_its_russian_dictionary_without_scanning_packages():
    import pymorphy2_dicts_ru

    built = built_in_a_fresh_process()
    assert built == {"pkg_resources": False, "path": pymorphy2_dicts_ru.get_path(), "normal": "лев"}


def test_a_dictionary_path_the_user_set_is_kept(tmp_path):
    import pymorphy2_dicts_ru

    # the same dictionary under another path: the user's choice is what pymorphy reads
    copy = tmp_path / "dicts"
    subprocess.run(["cp", "-r", pymorphy2_dicts_ru.get_path(), str(copy)], check=True)
    assert built_in_a_fresh_process(PYMORPHY2_DICT_PATH=str(copy))["path"] == str(copy)
