"""`khronika eval`: score the current extractor on gold files (NEREL events, factRuEval NER, place links)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flows.cli.exit_codes import EXIT_USAGE
from tasks.settings import EXTRACTOR_VERSION

METRIC_COLUMNS = ["precision", "recall", "f1", "predicted", "gold", "correct"]


def score_rows(report: dict) -> list[tuple]:
    """(corpus, file, system, measure, P, R, F1, predicted, gold, correct) rows of a report."""
    rows = []
    for result in report["nerel"]:
        for measure in ("triggers", "arguments"):
            rows.append(("nerel", Path(result["file"]).name, "khronika", f"event {measure}",
                         *(result[measure][c] for c in METRIC_COLUMNS)))
        for measure in ("triggers", "arguments"):
            rows.append(("nerel", Path(result["file"]).name, "khronika",
                         f"event {measure}, gold nested at one word once",
                         *(result["one_per_head"][measure][c] for c in METRIC_COLUMNS)))
        for role, counts in result["arguments_by_role"].items():
            rows.append(("nerel", Path(result["file"]).name, "khronika", f"event arguments: {role}",
                         *(counts[c] for c in METRIC_COLUMNS)))
        identity = result["entity_identity"]
        rows.append(("nerel", Path(result["file"]).name, "khronika", "entity_id B-cubed (Wikidata), extraction",
                     identity["precision"], identity["recall"], identity["f1"], identity["mentions"], None, None))
        across = result["entity_identity_across"]
        rows.append(("nerel", Path(result["file"]).name, "khronika", "entity_id B-cubed (Wikidata), after load",
                     across["precision"], across["recall"], across["f1"], across["mentions"], None, None))
    for result in report["factru"]:
        for system in ("ours", "natasha"):
            for entity_type, counts in result[system].items():
                rows.append(("factru", Path(result["file"]).name,
                             "khronika" if system == "ours" else "natasha raw", f"ner {entity_type}",
                             *(counts[c] for c in METRIC_COLUMNS)))
    return rows


def cmd_eval(args: argparse.Namespace) -> int:
    if not args.factru and not args.nerel and not args.places:
        print("khronika eval: give at least one --nerel, --factru or --places gold file", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for p in [*args.factru, *args.nerel, *args.places] if not Path(p).is_file()]
    if missing:
        print(f"khronika eval: no such file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    from tasks.evaluation.evaluate import evaluate_factru, evaluate_nerel
    from tasks.evaluation.gold_files import GoldFileError
    from tasks.evaluation.places import evaluate_places
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.reporting.render import text_table

    models = None
    if args.nerel or args.factru:  # place linking needs no NLP model
        from tasks.nlp.models import load_models

        models = load_models()
    from tasks.nlp.pool import one_math_thread

    try:
        # one BLAS thread, as the extraction workers parse: the scores are the product's on any machine
        with one_math_thread():
            report = {
                "extractor_version": EXTRACTOR_VERSION,
                "lexicon": load_lexicon().digest,
                "nerel": [evaluate_nerel(Path(p), models, args.limit) for p in args.nerel],
                "factru": [evaluate_factru(Path(p), models, args.limit) for p in args.factru],
                "places": [evaluate_places(Path(p)) for p in args.places],
            }
    except GoldFileError as error:
        print(f"khronika eval: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"extractor {report['extractor_version']}, lexicon {report['lexicon']}")
        header = ["corpus", "file", "system", "measure", "P", "R", "F1", "pred", "gold", "correct"]
        rows = [[f"{v:.3f}" if isinstance(v, float) else v for v in row] for row in score_rows(report)]
        if rows:
            print(text_table(header, rows, count=False), end="")
        for result in report["nerel"]:
            by_type = result["trigger_precision_by_type"]
            print(f"{Path(result['file']).name}: trigger precision by type (correct/predicted): "
                  + ", ".join(f"{t} {v['precision']:.2f} ({v['correct']}/{v['predicted']})" for t, v in by_type.items()))
            for kind in ("triggers", "arguments"):
                cutoffs = result[f"{kind}_by_confidence"]
                print(f"{Path(result['file']).name}: {'events' if kind == 'triggers' else kind} with confidence "
                      f">= x (P / R, kept): "
                      + ", ".join(f"{x}: {v['precision']:.2f} / {v['recall']:.2f} ({v['predicted']})"
                                  for x, v in cutoffs.items()))
            names = result["person_names"]
            print(f"{Path(result['file']).name}: {names['not_nominative']} of {names['entities']} person "
                  f"names not read as nominative ({names['share']:.1%})"
                  + (f", e.g. {', '.join(names['examples'][:5])}" if names["examples"] else ""))
        for result in report["places"]:
            print(f"{Path(result['file']).name}: place links right for {result['correct']} of {result['entities']} "
                  f"LOC entities ({result['accuracy']:.1%}); places found {result['places_correct']} of "
                  f"{result['places']}, links right {result['links_correct']} of {result['links']}, "
                  f"non-places left unresolved {result['unresolved_correct']} of "
                  f"{result['entities'] - result['places']}")
            for error in result["errors"]:
                linked = error["linked"]
                print(f"  {error['name']}: expected {error['expected']['note']}, got "
                      + (f"{linked['name']} ({linked['feature']}, {linked['country_code']})" if linked else "nothing"))
    return 0


def add_eval_command(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "eval", help="score the extractor on gold files: NER on factRuEval, events on NEREL")
    parser.add_argument("--factru", action="append", default=[], metavar="PATH",
                        help="factRuEval-format JSONL (NER layer scored per type); repeatable")
    parser.add_argument("--nerel", action="append", default=[], metavar="PATH",
                        help="NEREL-format JSONL (event triggers and arguments); repeatable")
    parser.add_argument("--places", action="append", default=[], metavar="PATH",
                        help="hand-labelled place links (tests/data/places_lenta_sample.jsonl); repeatable")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents of each file")
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    parser.set_defaults(handler=cmd_eval)
    return parser
