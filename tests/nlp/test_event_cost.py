"""The event models' shortcuts change what they cost, never what they find: the trigger prefilter
learned from train counts, the memoised tree walks and the column-wise feature matrix."""
from __future__ import annotations

import dataclasses
import math

import pytest

from tasks.nlp.events import learned
from tasks.nlp.events.extract import extract_events
from tasks.nlp.events.tree import SentenceTree
from tests.conftest import DATA

DEV_SLICE = DATA / "nerel_dev_slice.jsonl"       # the first 12 documents of NEREL dev


@pytest.fixture(scope="module")
def dev_parsed(models, tmp_path_factory):
    from flows.maintain.train_events import parse_corpus

    return parse_corpus(DEV_SLICE, tmp_path_factory.mktemp("parse"), models=models)


def _with_trigger_thresholds(models, thresholds: dict):
    triggers = dataclasses.replace(models.events.triggers, thresholds=thresholds)
    return dataclasses.replace(models, events=dataclasses.replace(models.events, triggers=triggers))


def _without_prefilter(models):
    thresholds = models.events.triggers.thresholds
    return _with_trigger_thresholds(models, {k: v for k, v in thresholds.items()
                                             if k not in (learned.SKIP_SEEN, learned.SKIP_IN_MENTION)})


def _extract_all(parsed, models):
    out = []
    for item in parsed:
        article = {"article_id": str(item["gold"]["id"]), "text": item["gold"]["text"], "published_at": None}
        out.append(extract_events(item["doc"], article, item["mentions"], models))
    return out


def test_unscored_lemmas_are_those_train_saw_often_and_never_as_a_trigger(models):
    model = models.events.triggers
    min_seen = model.thresholds[learned.SKIP_SEEN]
    skipped = model.unscored_lemmas
    assert skipped, "the shipped trigger model skips some lemmas"
    for key, (positive, seen, *_rest) in model.rates.items():
        expected = "\t" not in key and seen >= min_seen and positive == 0
        assert (key in skipped) == expected, key
    assert learned.unscored_lemmas(model.rates, None) == frozenset()


def test_the_prefilter_scores_fewer_candidates_and_finds_the_same_events(models, dev_parsed, monkeypatch):
    scored = []
    predict = learned.LearnedModel.predict

    def counting(self, rows, vectors=None):
        if self.embedding:
            scored.append(len(rows))
        return predict(self, rows, vectors)

    monkeypatch.setattr(learned.LearnedModel, "predict", counting)
    with_prefilter = _extract_all(dev_parsed, models)
    fewer = sum(scored)
    scored.clear()
    without = _extract_all(dev_parsed, _without_prefilter(models))
    assert with_prefilter == without
    assert sum(len(events) for events, _, _ in with_prefilter) > 20
    # Half and more of the nouns, names and verbs of real articles are never scored.
    assert fewer < 0.5 * sum(scored)


def test_a_rule_trigger_is_scored_even_when_its_lemma_is_skipped(models):
    from tasks.nlp.annotate import annotate_many
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.events.triggers import find_triggers

    lexicon = load_lexicon()
    doc = annotate_many(["Президент выступил с обращением и заявил о начале переговоров."], models)[0]
    tree = SentenceTree(doc.sents[0])
    rules = find_triggers(tree, lexicon)
    held = {t.id for trigger in rules for t in trigger.tokens}
    skip = frozenset(t.lemma for t in tree.tokens)            # every lemma of the sentence
    tokens, _, _ = learned.trigger_candidates(tree, rules, [], lexicon, skip=skip)
    assert held and {t.id for t in tokens} == {t for t in held if tree.by_id[t].pos in learned.CANDIDATE_POS}
    everything, _, _ = learned.trigger_candidates(tree, rules, [], lexicon)
    assert len(everything) > len(tokens)
    # Inside a named mention ("Президент" made one here) only a rule trigger's token is scored.
    mention = {"start": tree.tokens[0].start, "stop": tree.tokens[-1].stop, "type": "ORG"}
    inside, _, _ = learned.trigger_candidates(tree, rules, [mention], lexicon, skip_mentions=True)
    assert {t.id for t in inside} == {t.id for t in tokens}


def _dev_sentences(dev_parsed, documents: int | None = 4):
    """The sentences of the first dev documents (all with None), one after another."""
    for item in dev_parsed[:documents]:
        yield from item["doc"].sents


def test_memoised_tree_walks_equal_the_plain_ones(dev_parsed):
    pairs = 0
    for sentence in _dev_sentences(dev_parsed):
        tree = SentenceTree(sentence)
        for i, token in enumerate(tree.tokens):
            assert tree.position(token) == i
            plain, current = [token], token
            while (head := tree.by_id.get(current.head_id)) is not None and head not in plain:
                plain.append(head)
                current = head
            assert [t.id for t in tree.ancestors(token)] == [t.id for t in plain]
        for source in tree.tokens:
            for target in tree.tokens:
                assert learned.path_length(tree, source, target) == \
                    learned.dependency_path(tree, source, target)[1]
                pairs += 1
    assert pairs > 1000


def test_encode_matches_a_cell_by_cell_encoding(models, dev_parsed):
    import numpy as np

    model = models.events.arguments
    item = dev_parsed[0]
    rows = []
    from tasks.nlp.events.arguments import MentionIndex, event_arguments
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.events.nominals import article_people
    from tasks.nlp.events.triggers import find_triggers

    people = article_people(item["doc"], item["mentions"])
    for index, tree in enumerate(people.trees):
        mentions = [m for m in item["mentions"] if m["sentence_index"] == index]
        mention_index = MentionIndex(mentions, index, people)
        for trigger in find_triggers(tree, load_lexicon()):
            found = event_arguments(tree, trigger, mention_index, "e", "a")
            rows.extend(learned.argument_candidates(tree, trigger, mentions, found, mention_index,
                                                    models.embedding)[1])
    assert len(rows) > 20
    rows.append({**rows[0], "path": "a path no train row had"})
    matrix = learned.encode(rows, model.features, model.vocab, None)
    for i, row in enumerate(rows):
        for j, name in enumerate(model.features):
            value = row[name]
            expected = model.vocab[name].get(value, math.nan) if name in model.vocab else float(value)
            assert matrix[i, j] == expected or (math.isnan(expected) and np.isnan(matrix[i, j]))
    assert np.isnan(matrix[-1, model.features.index("path")])


def test_an_article_is_predicted_in_two_calls_with_the_events_of_sentence_by_sentence(models, dev_parsed,
                                                                                     monkeypatch):
    from collections import defaultdict

    from tasks.nlp.dates import article_dates
    from tasks.nlp.events import extract
    from tasks.nlp.events.arguments import MentionIndex
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.events.nominals import article_people
    from tasks.nlp.events.taxonomy import quad_classes
    from tasks.nlp.ids import ContentIds

    # Sentence by sentence there is no article to pull a word's score by (learned.pulled_by_article,
    # tested in test_learned_events): both paths go without it here.
    models = _with_trigger_thresholds(models, {**models.events.triggers.thresholds, learned.ARTICLE_PULL: 0.0})
    calls = []
    predict = learned.LearnedModel.predict

    def counting(self, rows, vectors=None):
        calls.append(len(rows))
        return predict(self, rows, vectors)

    item = max(dev_parsed, key=lambda p: len(p["doc"].sents))
    doc, mentions = item["doc"], item["mentions"]
    article = {"article_id": str(item["gold"]["id"]), "text": item["gold"]["text"], "published_at": None}
    monkeypatch.setattr(learned.LearnedModel, "predict", counting)
    events, arguments, _ = extract_events(doc, article, mentions, models)
    assert len(calls) == 2 and len(events) > 3 and any(a["role"] == "participant" for a in arguments)

    # The same sentences, each predicted on its own (a call per sentence and per trigger).
    calls.clear()
    people = article_people(doc, mentions)
    by_sentence = defaultdict(list)
    for mention in mentions:
        by_sentence[mention["sentence_index"]].append(mention)
    resolved, _ = article_dates([(i, s.start, s.text) for i, s in enumerate(doc.sents)], models.dates_extractor, None)
    dates = defaultdict(list)
    for date in resolved:
        dates[date.mention.sentence_index].append(date)
    ids, document = ContentIds(article["article_id"], doc.text), learned.document_context(doc)
    alone_events, alone_arguments = [], []
    for index, sentence in enumerate(doc.sents):
        index_of = MentionIndex(by_sentence[index], index, people)
        found, parts = extract.sentence_events_of(doc, sentence, index, article["article_id"], load_lexicon(),
                                                  quad_classes(), index_of, dates[index], ids, models.events,
                                                  document)
        alone_events.extend(found)
        alone_arguments.extend(extract.finish_arguments(parts, models.events, index_of))
    assert len(calls) > len(doc.sents)
    # extract_events names the finished arguments (their nominative) as the table's rows
    assert alone_events == events and alone_arguments == [
        {column: value for column, value in a.items() if column != "nominative"} for a in arguments]


def test_early_stopping_keeps_the_trigger_models_decisions(models, dev_parsed):
    import numpy as np

    from tasks.nlp.events import training
    from tasks.nlp.events.lexicon import load_lexicon

    model = models.events.triggers
    examples = training.build_examples(dev_parsed, load_lexicon(), models.embedding, arguments=False)
    training.add_sequence_scores(examples.trigger_rows, examples, model.sequence)
    matrix = model.matrix(examples.trigger_rows, np.array(examples.trigger_vectors))
    full = model.booster.predict(matrix, num_threads=1)
    early = model.predict(examples.trigger_rows, np.array(examples.trigger_vectors))[:, 1]
    assert len(full) > 500
    assert not np.array_equal(full, early)               # trees were left out for some rows
    assert np.abs(full - early).max() < 0.02
    for threshold in (model.thresholds["event"], model.thresholds["statement_event"]):
        assert ((full >= threshold) == (early >= threshold)).all()


def test_the_c_api_booster_predicts_what_lightgbm_does_without_importing_it(models, dev_parsed):
    import json
    import subprocess
    import sys

    import lightgbm
    import numpy as np

    from tasks.nlp.events import training
    from tasks.nlp.events.booster import Booster, BoosterError
    from tasks.nlp.events.lexicon import load_lexicon
    from tests.conftest import REPO_ROOT

    model = models.events.triggers
    examples = training.build_examples(dev_parsed[:3], load_lexicon(), models.embedding, arguments=False)
    training.add_sequence_scores(examples.trigger_rows, examples, model.sequence)
    matrix = model.matrix(examples.trigger_rows, np.array(examples.trigger_vectors))
    text = json.loads(model.path.read_text(encoding="utf-8"))["booster"]
    reference = lightgbm.Booster(model_str=text)
    assert np.array_equal(Booster(text).predict(matrix, num_threads=1), reference.predict(matrix, num_threads=1))
    assert np.array_equal(Booster(text).predict(matrix, **learned.BINARY_EARLY_STOP, num_threads=1),
                          reference.predict(matrix, **learned.BINARY_EARLY_STOP, num_threads=1))
    with pytest.raises(BoosterError, match="number of classes"):
        Booster("not a model")
    # A worker loading the models imports neither lightgbm nor scipy (a quarter second each start).
    code = ("import sys; from tasks.nlp.events.learned import load_model_files; load_model_files(); "
            "print(sorted(m for m in ('lightgbm', 'scipy', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_bounded_distance_equals_the_capped_path_length(dev_parsed):
    from tasks.nlp.events.candidates import MAX_NOMINAL_PATH, _distance

    seen = set()
    for sentence in _dev_sentences(dev_parsed):
        tree = SentenceTree(sentence)
        for source in tree.tokens:
            for target in tree.tokens:
                expected = min(learned.path_length(tree, source, target), MAX_NOMINAL_PATH + 1)
                assert _distance(tree, source, target, MAX_NOMINAL_PATH) == expected
                seen.add(expected)
    assert seen == set(range(MAX_NOMINAL_PATH + 2))       # every distance up to the cap occurs


def test_memoised_preposition_equals_the_walk(dev_parsed):
    found = set()
    for sentence in _dev_sentences(dev_parsed):
        tree = SentenceTree(sentence)
        for token in tree.tokens:
            first = tree.preposition(token)
            assert first == tree.preposition(token) == SentenceTree(sentence)._preposition(token)
            found.add(first)
    assert {None, "в"} <= found


def _plain_sequence_features(tree, owner, lexicon):
    """The CRF's attributes built token by token, neighbour by neighbour (the reference)."""
    tokens, out = tree.tokens, []
    for i, token in enumerate(tokens):
        head = tree.head(token)
        rule = owner.get(token.id)
        feats = token.feats or {}
        word = token.text.lower()
        root = "<root>"
        row = ["bias", f"l={token.lemma}", f"p={token.pos}", f"r={token.rel}", f"lp={token.lemma}|{token.pos}",
               f"s3={word[-3:]}", f"s4={word[-4:]}", f"lex={lexicon.triggers.get(token.lemma, '-')}",
               f"rule={rule.type if rule else '-'}", f"prep={tree.preposition(token) or '-'}",
               f"hl={head.lemma if head is not None else root}", f"hp={head.pos if head is not None else root}",
               f"rhp={token.rel}|{head.pos if head is not None else root}", f"lr={token.lemma}|{token.rel}",
               f"hr={head.rel if head is not None else root}",
               f"lhl={token.lemma}|{head.lemma if head is not None else root}"]
        if token.text[:1].isupper():
            row.append("cap")
        row.extend(f"m{name}={feats[name]}" for name in learned.SEQUENCE_MORPH if name in feats)
        for offset in (-2, -1, 1, 2):
            j = i + offset
            near = tokens[j] if 0 <= j < len(tokens) else None
            row.append(f"{offset:+d}p={near.pos if near is not None else '<edge>'}")
            if abs(offset) == 1:
                row.append(f"{offset:+d}l={near.lemma if near is not None else '<edge>'}")
        if i > 0:
            row.append(f"-1l|l={tokens[i - 1].lemma}|{token.lemma}")
        if i + 1 < len(tokens):
            row.append(f"l|+1l={token.lemma}|{tokens[i + 1].lemma}")
        row.extend(f"k={kid.rel}|{kid.lemma}" for kid in tree.kids(token, learned.SEQUENCE_KID_RELS))
        out.append(row)
    return out


def test_sequence_features_equal_the_plain_build_attribute_for_attribute(dev_parsed):
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.events.triggers import find_triggers

    lexicon, sentences = load_lexicon(), 0
    for sentence in _dev_sentences(dev_parsed, None):
        tree = SentenceTree(sentence)
        owner = {t.id: trigger for trigger in find_triggers(tree, lexicon) for t in trigger.tokens}
        assert learned.sequence_features(tree, owner, lexicon) == _plain_sequence_features(tree, owner, lexicon)
        sentences += 1
    assert sentences > 100


def test_the_crf_marginals_from_its_weights_equal_crfsuites(models, dev_parsed):
    """Extraction reads the trigger CRF's marginals from its weights (crf.py), filed by template,
    instead of handing CRFsuite a string per attribute: the same numbers, token for token."""
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.events.triggers import find_triggers

    tagger = models.events.triggers.sequence
    assert tagger.chain is not None, "the shipped CRF's attributes are all of sequence_features' templates"
    lexicon, tokens, heads = load_lexicon(), 0, 0
    for sentence in _dev_sentences(dev_parsed, None):
        tree = SentenceTree(sentence)
        owner = {t.id: trigger for trigger in find_triggers(tree, lexicon) for t in trigger.tokens}
        everywhere = range(len(tree.tokens))
        crfsuite = learned.sequence_scores(tagger, learned.sequence_features(tree, owner, lexicon))
        weights = learned.chain_scores(*tagger.chain, tree, owner, lexicon, everywhere)
        for i in everywhere:
            assert weights[i] == pytest.approx(crfsuite[i], abs=1e-9), (sentence.text, tree.tokens[i].text)
        tokens += len(tree.tokens)
        heads += sum(p_head > 0.5 for p_head, _ in crfsuite)
    assert tokens > 2000 and heads > 20


def test_a_pair_attribute_is_filed_under_every_cut_of_its_value():
    # "lhl=a|b|c" is lemma "a" under head "b|c" or lemma "a|b" under "c": one string, two readings
    tables = learned.sequence_tables({"bias": 0, "lhl=a|b|c": 1, "l=a=b": 2})
    assert tables["lhl"] == {("a", "b|c"): 1, ("a|b", "c"): 1}
    assert tables["l"] == {"a=b": 2} and tables["bias"] == {None: 0}
    assert learned.sequence_tables({"bias": 0, "zz=1": 1}) is None   # a template extraction does not build


def test_a_crf_that_is_no_crfsuite_model_is_refused():
    from tasks.nlp.events.crf import ChainFileError, ChainWeights

    with pytest.raises(ChainFileError, match="not a CRFsuite CRF1d model"):
        ChainWeights(b"lCRX" + bytes(60))
    with pytest.raises(ChainFileError, match="too short"):
        ChainWeights(b"lCRF")
