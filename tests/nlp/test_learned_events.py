"""The learned event models: reproducible training, clear errors for bad files, their hash in
model_versions, and better scores than the rules on a NEREL dev slice."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from flows.cli.exit_codes import EXIT_FAILED
from flows.maintain.train_events import parse_corpus, train
from tasks.evaluation.evaluate import evaluate_nerel
from tasks.nlp.events import learned
from tasks.nlp.events.learned import load_event_models, load_model
from tasks.nlp.models import ModelFileError, model_versions
from tests.conftest import DATA, REPO_ROOT, SEEDS

TRAIN_SLICE = DATA / "nerel_train_slice.jsonl"   # the first 5 documents of NEREL train (3 are used)
DEV_SLICE = DATA / "nerel_dev_slice.jsonl"       # the first 12 documents of NEREL dev


@pytest.fixture(scope="module")
def parsed_slice(models, tmp_path_factory):
    return parse_corpus(TRAIN_SLICE, tmp_path_factory.mktemp("parse"), limit=3, models=models)


def test_the_same_data_trains_byte_identical_model_files(parsed_slice, models, tmp_path):
    first = train(parsed_slice, tmp_path / "a", models.embedding)
    second = train(parsed_slice, tmp_path / "b", models.embedding)
    assert first == second
    assert set(first) == {"triggers.json", "arguments.json"}
    for name, digest in first.items():
        assert hashlib.sha256((tmp_path / "a" / name).read_bytes()).hexdigest() == digest
    # Less data gives another model: the hash follows the data, it is not a constant.
    fewer = train(parsed_slice[:2], tmp_path / "c", models.embedding)
    assert fewer["triggers.json"] != first["triggers.json"]
    trained = load_event_models(models.embedding, tmp_path / "a" / "triggers.json", tmp_path / "a" / "arguments.json")
    assert trained.triggers.sha256 == first["triggers.json"]
    # The committed files come from the same command at today's settings: the same features,
    # thresholds and number of trees as the slice's files, and CARD.md names their hashes.
    committed = Path(learned.__file__).parent / "models"
    card = (committed / "CARD.md").read_text(encoding="utf-8")
    for name, fresh in (("triggers.json", trained.triggers), ("arguments.json", trained.arguments)):
        shipped = load_model(committed / name)
        assert (shipped.features, shipped.categorical, shipped.classes, shipped.thresholds) == \
            (fresh.features, fresh.categorical, fresh.classes, fresh.thresholds), name
        assert shipped.booster.num_trees() == fresh.booster.num_trees(), name
        assert f"| {name} | `{shipped.sha256}` |" in card, name


def test_the_training_parse_runs_on_one_math_thread_as_the_workers_do(models, tmp_path, monkeypatch):
    # slovnet's matrix sums, and so a few tags in a thousand, change with the BLAS thread count:
    # a parse on the machine's cores would make the model files depend on the machine
    from threadpoolctl import threadpool_info

    from tasks.nlp import annotate

    threads, real = [], annotate.annotate_many

    def recording(texts, models_):
        threads.append({pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"})
        return real(texts, models_)

    monkeypatch.setattr(annotate, "annotate_many", recording)
    parse_corpus(TRAIN_SLICE, tmp_path, limit=1, models=models)
    assert threads and all(found == {1} for found in threads), threads


@pytest.mark.parametrize("damage", ["missing", "garbage", "truncated", "other_format"])
def test_a_missing_or_corrupt_model_file_is_an_error_naming_it(damage, tmp_path):
    path = tmp_path / "triggers.json"
    good = (learned.MODELS_DIR / "triggers.json").read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xffnot a model")
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "other_format":
        path.write_text(json.dumps({**json.loads(good), "format": 99}), encoding="utf-8")
    with pytest.raises(ModelFileError) as raised:
        load_model(path)
    message = str(raised.value)
    assert str(path) in message and "\n" not in message
    assert ("cannot be read" if damage == "missing" else "corrupt") in message


def test_khronika_reports_a_bad_model_file_in_one_line(tmp_path):
    (tmp_path / "triggers.json").write_text("{}", encoding="utf-8")
    (tmp_path / "arguments.json").write_bytes((learned.MODELS_DIR / "arguments.json").read_bytes())
    env = {**os.environ, "KHRONIKA_EVENT_MODELS": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "flows.cli", "eval", "--nerel", str(DEV_SLICE), "--limit", "1"],
                          check=False, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == EXIT_FAILED
    assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr
    assert str(tmp_path / "triggers.json") in done.stderr and "corrupt" in done.stderr


PROBE = ("import sys; from flows.cli import main; code = main(sys.argv[1:]); "
         "print(code, 'prefect' in sys.modules, 'natasha' in sys.modules)")


@pytest.mark.parametrize("command", [["run", str(SEEDS)], ["reprocess", "--all"]])
def test_run_and_reprocess_refuse_a_missing_model_file_before_prefect_loads(command, tmp_path):
    env = {**os.environ, "KHRONIKA_EVENT_MODELS": str(tmp_path / "models")}
    done = subprocess.run([sys.executable, "-c", PROBE, *command, "--db", str(tmp_path / "w.duckdb")],
                          check=False, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, env=env)
    code, prefect_loaded, natasha_loaded = done.stdout.split()
    assert code == str(EXIT_FAILED) and prefect_loaded == natasha_loaded == "False"
    assert done.stderr.strip().count("\n") == 0
    assert str(tmp_path / "models" / "triggers.json") in done.stderr and "cannot be read" in done.stderr


def test_the_model_files_hashes_go_into_model_versions():
    versions = model_versions()
    for key, name in (("event_trigger_model", "triggers.json"), ("event_argument_model", "arguments.json")):
        digest = hashlib.sha256((learned.MODELS_DIR / name).read_bytes()).hexdigest()
        assert versions[key] == digest[:12]


@pytest.mark.slow  # two passes over 12 long documents
def test_the_models_beat_the_rules_on_a_dev_slice(models):
    rules = evaluate_nerel(DEV_SLICE, dataclasses.replace(models, events=None))
    learned_scores = evaluate_nerel(DEV_SLICE, models)
    # Floors the rules alone stay under on these 12 documents (rules 0.579 / 0.391).
    assert rules["triggers"]["f1"] < 0.62 <= learned_scores["triggers"]["f1"]
    assert rules["arguments"]["f1"] < 0.45 <= learned_scores["arguments"]["f1"]


def test_confidence_ranks_events_and_arguments_and_is_none_without_the_models(models):
    # On these 12 documents the events at 0.3 / 0.5 / 0.7 / 0.9 or more are right 0.76 / 0.79 /
    # 0.82 / 1.0 of the time, the arguments 0.70 / 0.72 / 0.79 / 0.79: the surer, the likelier right.
    result = evaluate_nerel(DEV_SLICE, models)
    for kind in ("triggers", "arguments"):
        cutoffs = result[f"{kind}_by_confidence"]
        counts = [c["predicted"] for c in cutoffs.values()]
        assert counts == sorted(counts, reverse=True) and counts[-1] > 0, kind
        precisions = [c["precision"] for c in cutoffs.values()]
        assert precisions == sorted(precisions) and precisions[-1] >= precisions[0] + 0.05, (kind, cutoffs)
    rules = evaluate_nerel(DEV_SLICE, dataclasses.replace(models, events=None))
    assert rules["arguments"]["predicted"] > 0
    for kind in ("triggers", "arguments"):
        assert all(c["predicted"] == 0 for c in rules[f"{kind}_by_confidence"].values())


def test_a_run_records_the_model_files_hashes(seed_warehouse):
    import duckdb

    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        (stored,) = con.execute("SELECT model_versions FROM runs ORDER BY run_id LIMIT 1").fetchone()
    versions = json.loads(stored)
    assert versions["event_trigger_model"] == hashlib.sha256(
        (learned.MODELS_DIR / "triggers.json").read_bytes()).hexdigest()[:12]
    assert versions["event_argument_model"] == hashlib.sha256(
        (learned.MODELS_DIR / "arguments.json").read_bytes()).hexdigest()[:12]


def test_trigger_rows_carry_their_neighbours_and_span_rates(parsed_slice, models):
    from tasks.nlp.events import training
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.events.tree import SentenceTree

    examples = training.build_examples(parsed_slice, load_lexicon(), models.embedding, arguments=False)
    assert len(examples.trigger_inside) == len(examples.trigger_rows)
    # A gold head lies inside its gold span; other words of multiword spans are inside, not heads.
    assert all(inside for label, inside in zip(examples.trigger_labels, examples.trigger_inside) if label)
    assert sum(examples.trigger_inside) > sum(examples.trigger_labels)
    tree = SentenceTree(parsed_slice[0]["doc"].sents[0])
    candidates = [t for t in tree.tokens if t.pos in learned.CANDIDATE_POS]
    row = learned.trigger_features(tree, candidates[1], {}, None, load_lexicon())
    position = tree.tokens.index(candidates[1])
    assert row["pos_-1"] == tree.tokens[position - 1].pos and row["lemma_+1"] == tree.tokens[position + 1].lemma
    rates = training.lemma_rates(examples.trigger_rows, examples.trigger_labels, examples.trigger_inside)
    for row in examples.trigger_rows:
        lemma, pair = rates[row["lemma"]], rates[row["lemma_pos"]]
        assert pair[1] <= lemma[1] and pair[0] <= lemma[0] and pair[0] <= pair[2] <= pair[1]


def test_a_statement_the_model_accepts_becomes_an_event(models):
    from tasks.nlp.annotate import annotate_many
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.events.tree import SentenceTree
    from tasks.nlp.events.triggers import find_triggers

    lexicon = load_lexicon()
    doc = annotate_many(["Президент выступил с обращением и заявил о начале переговоров."], models)[0]
    tree = SentenceTree(doc.sents[0])
    event_models = dataclasses.replace(models.events, triggers=dataclasses.replace(models.events.triggers))

    def types(statement_event):
        thresholds = {"event": models.events.triggers.thresholds["event"]}
        if statement_event is not None:
            thresholds["statement_event"] = statement_event
        event_models.triggers.thresholds = thresholds
        found = learned.learned_triggers(tree, find_triggers(tree, lexicon), [], lexicon, event_models)
        return {t.anchor.lemma: t.type for t in found}

    assert types(None)["заявить"] == "statement"
    assert types(1.01)["заявить"] == "statement"         # no score reaches it
    assert types(0.0)["заявить"] not in ("statement", None)


def test_the_trigger_model_carries_its_sequence_labeller(parsed_slice, models, tmp_path):
    from tasks.nlp.events import training
    from tasks.nlp.events.lexicon import load_lexicon

    train(parsed_slice, tmp_path, models.embedding)
    model = load_model(tmp_path / "triggers.json")
    assert model.sequence is not None and set(learned.SEQUENCE_FEATURES) <= set(model.features)
    examples = training.build_examples(parsed_slice, load_lexicon(), models.embedding, arguments=False)
    # Labels: H on the gold heads (the booster's positives), I on the other words of gold spans.
    heads = [label for labels in examples.sequence_labels for label in labels if label == learned.SEQUENCE_HEAD]
    assert len(heads) == sum(examples.trigger_labels)
    assert any("I" in labels for labels in examples.sequence_labels)
    # Trained on these sentences, the labeller gives their gold heads a higher P(head) than the rest.
    head_scores, other_scores = [], []
    for features, labels in zip(examples.sequences, examples.sequence_labels):
        for (p_head, p_inside), label in zip(learned.sequence_scores(model.sequence, features), labels):
            assert 0.0 <= p_head + p_inside <= 1.0 + 1e-9
            (head_scores if label == learned.SEQUENCE_HEAD else other_scores).append(p_head)
    assert sum(head_scores) / len(head_scores) > 0.5 > 10 * sum(other_scores) / len(other_scores)
    # Out of fold, a row's own sentence never trained the labeller that scored it.
    rows = training.sequence_rows(examples.trigger_rows, examples)
    own = [row["sequence_head"] for row, label in zip(rows, examples.trigger_labels) if label]
    assert sum(own) / len(own) < sum(head_scores) / len(head_scores)


def test_a_trigger_file_whose_sequence_labeller_is_gone_is_corrupt(tmp_path):
    payload = json.loads((learned.MODELS_DIR / "triggers.json").read_bytes())
    assert payload.get("sequence")
    del payload["sequence"]
    path = tmp_path / "triggers.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ModelFileError, match="corrupt: its sequence model and features disagree"):
        load_model(path)


def test_the_navec_prior_rates_words_train_never_saw_by_their_meaning(models):
    # The committed trigger model's prior, fitted on NEREL train's lemmas: words absent from train
    # take the rate of words that mean the like, which the lemma rates cannot give them.
    model = models.events.triggers
    assert model.prior is not None and "lemma_prior" in model.features
    unseen_events = ["пандемия", "путч", "капитуляция", "бомбардировка", "суицид", "вендетта"]
    unseen_things = ["подоконник", "кастрюля", "ботинок", "шкаф", "карандаш", "тарелка"]
    assert all(model.rates.get(lemma, (0, 0))[1] == 0 for lemma in unseen_events + unseen_things)
    vectors = np.array([models.events.vector(lemma) for lemma in unseen_events + unseen_things])
    scores = learned.lemma_prior_scores(model.prior, vectors)
    events, things = scores[:len(unseen_events)], scores[len(unseen_events):]
    # a linear read of 300 dimensions is coarse word by word; on average it sets them apart
    assert events.mean() > 2 * things.mean()
    # navec does not know the word (a recent one): no prior, not a guess
    unknown = learned.lemma_prior_scores(model.prior, np.array([models.events.vector("локдаун")]))
    assert np.isnan(unknown).all()


def test_the_prior_is_fitted_out_of_fold_and_scores_heads_higher(parsed_slice, models):
    from tasks.nlp.events import training
    from tasks.nlp.events.lexicon import load_lexicon

    examples = training.build_examples(parsed_slice, load_lexicon(), models.embedding, arguments=False)
    vectors = np.array(examples.trigger_vectors)
    labels = examples.trigger_labels
    prior = training.fit_lemma_prior([row["lemma"] for row in examples.trigger_rows], vectors, labels)
    scores = learned.lemma_prior_scores(prior, vectors)
    heads = [s for s, label in zip(scores, labels) if label and not np.isnan(s)]
    others = [s for s, label in zip(scores, labels) if not label and not np.isnan(s)]
    assert sum(heads) / len(heads) > 2 * sum(others) / len(others)
    # Out of fold (three documents, one per fold): a row's own document did not fit its prior, so
    # the heads score lower than the in-sample fit gives them.
    rows = training.prior_rows(examples.trigger_rows, vectors, labels, examples.trigger_documents)
    own = [row["lemma_prior"] for row, label in zip(rows, labels) if label and not np.isnan(row["lemma_prior"])]
    assert sum(own) / len(own) < sum(heads) / len(heads)
    # The regression reaches the minimum of its penalised log loss (what scikit-learn's
    # LogisticRegression(C=1 / l2) fits): the gradient vanishes there, the intercept's unpenalised.
    known = ~np.isnan(vectors).any(axis=1)
    matrix, targets = vectors[known].astype(np.float64), np.array(labels, dtype=np.float64)[known]
    weights = np.ones(len(targets))
    coefficients, intercept = training.logistic_regression(matrix, targets, weights, 1.0)
    residual = 1 / (1 + np.exp(-(matrix @ coefficients + intercept))) - targets
    assert np.abs(matrix.T @ residual + coefficients).max() < 1e-6
    assert abs(residual.sum()) < 1e-6


def test_a_trigger_file_whose_prior_is_damaged_is_corrupt(tmp_path):
    payload = json.loads((learned.MODELS_DIR / "triggers.json").read_bytes())
    path = tmp_path / "triggers.json"
    payload["lemma_prior"]["coefficients"] = payload["lemma_prior"]["coefficients"][:-1]
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ModelFileError, match="corrupt") as raised:
        load_model(path)
    assert str(path) in str(raised.value)
    del payload["lemma_prior"]
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ModelFileError, match="corrupt: its navec prior and features disagree"):
        load_model(path)


def test_a_word_the_article_repeats_takes_some_of_its_surest_mentions_score(models):
    from tasks.nlp.annotate import annotate
    from tasks.nlp.extract import extract_article

    # Wikinews (NEREL dev), "Российский боксёр Максим Дадашев скончался ...": the article speaks of
    # the fight seven times; "в середине боя" and "остановить бой", which NEREL marks as events
    # too, say little of one in their own sentences.
    gold = json.loads((DATA / "nerel_dev_boxer.jsonl").read_text(encoding="utf-8"))
    text = gold["text"]
    middle = text.index("в середине боя") + len("в середине ")
    stop = text.index("остановить бой") + len("остановить ")
    doubtful = [(middle, middle + len("боя")), (stop, stop + len("бой"))]
    assert all(any(e["trigger"]["start"] <= start < e["trigger"]["stop"] for e in gold["events"])
               for start, _ in doubtful)
    doc = annotate(text, models)
    article = {"article_id": gold["id"], "text": text, "published_at": None, "title": None}

    def events(pull):
        triggers = dataclasses.replace(models.events.triggers,
                                       thresholds={**models.events.triggers.thresholds, learned.ARTICLE_PULL: pull})
        pulled = dataclasses.replace(models, events=dataclasses.replace(models.events, triggers=triggers))
        return {(e["trigger_start"], e["trigger_stop"]): e for e in extract_article(article, pulled, doc).events}

    alone, pulled = events(0.0), events(models.events.triggers.thresholds[learned.ARTICLE_PULL])
    assert not set(doubtful) & set(alone) and set(doubtful) <= set(pulled)
    fights = [e["confidence"] for span, e in pulled.items() if text[span[0]:span[1]].lower().startswith("бо")]
    # the pull raises the doubtful mentions part of the way, never past the surest one
    assert all(pulled[span]["confidence"] < max(fights) for span in doubtful)
    # scores only rise: nothing the sentence alone accepted goes
    assert set(alone) <= set(pulled)
    assert all(pulled[span]["confidence"] >= event["confidence"] for span, event in alone.items()
               if event["confidence"] is not None)


def test_the_pull_moves_a_score_a_share_of_the_way_to_the_best_other_mention(models):
    from tasks.nlp.events.learned import Scored

    @dataclasses.dataclass
    class Word:
        lemma: str

    def part(lemmas, scores):
        return Scored([Word(lemma) for lemma in lemmas], [{} for _ in lemmas],
                      scores=np.column_stack([1 - np.array(scores), np.array(scores)]))

    model = dataclasses.replace(models.events.triggers, thresholds={learned.ARTICLE_PULL: 0.25})
    first, second = part(["стрельба", "полиция"], [0.9, 0.5]), part(["стрельба", "стрельба", "пожар"], [0.1, 0.5, 0.2])
    learned.pulled_by_article(model, [first, second])
    # the top mention is pulled toward the second best (it stays); the others toward the top
    assert first.scores[:, 1].tolist() == pytest.approx([0.9, 0.5])
    assert second.scores[:, 1].tolist() == pytest.approx([0.1 + 0.25 * 0.8, 0.5 + 0.25 * 0.4, 0.2])
    assert np.allclose(second.scores.sum(axis=1), 1.0)
    # a model file without the setting leaves the scores as predicted
    unset = part(["стрельба", "стрельба"], [0.9, 0.1])
    learned.pulled_by_article(dataclasses.replace(model, thresholds={}), [unset])
    assert unset.scores[:, 1].tolist() == pytest.approx([0.9, 0.1])
