"""How often `event_facts.actor1` is the one who acts, read against NEREL's gold agents.

    python bench/actor_agents.py [--corpus ../shared/corpora/nerel_dev.jsonl] [--workdir DIR] [--list N]

NEREL scores a participant by its span and keeps its agents apart from its other participants;
`event_facts` orders an event's parties (actor1 the one who acts, actor2 the other side). This
writes each document of the corpus to a text file, runs `khronika run` on them (the warehouse
stays in --workdir; an existing one is reused), and for every non-statement `event_facts` row
whose trigger overlaps a gold event that names an agent, checks whether any argument of actor1
overlaps a gold agent. Prints how many: actor1 an agent; an agent among the event's parties but
actor1 another (a gold participant that is no agent, or no gold participant); no agent among the
parties (what ordering cannot mend). With --list N, the first N rows of the second kind.
Tune on train, read dev for selection only.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
from corpus import SHARED

from tasks.evaluation.evaluate import read_jsonl
from tasks.nlp.events.training import _overlaps

FACTS = """
    SELECT f.event_id, f.article_id, e.trigger_start, e.trigger_stop, f.actor1_id, f.actor1_name,
           f.actor2_name, f.type, f.evidence
    FROM event_facts f JOIN events e USING (event_id)
    WHERE f.type <> 'statement' AND f.actor1_name IS NOT NULL
"""
PARTIES = """
    SELECT event_id, start, stop, text, entity_id FROM event_arguments
    WHERE role IN ('participant', 'target')
"""


def build(corpus: Path, workdir: Path) -> Path:
    """The warehouse of the corpus's documents, one file each (written by `khronika run`)."""
    db = workdir / "warehouse.duckdb"
    if db.exists():
        return db
    folder = workdir / "in"
    folder.mkdir(parents=True, exist_ok=True)
    for doc in read_jsonl(corpus):
        (folder / f"{doc['id']}.txt").write_text(doc["text"], encoding="utf-8")
    subprocess.run([sys.executable, "-m", "flows.cli", "run", str(folder), "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL)
    return db


def agent_counts(corpus: Path, db: Path, listed: int = 0) -> Counter:
    gold = {doc["id"]: doc for doc in read_jsonl(corpus)}
    counts, shown = Counter(), 0
    with duckdb.connect(str(db), read_only=True) as con:
        names = dict(con.execute("SELECT article_id, source_path FROM articles").fetchall())
        parties = defaultdict(list)
        for event_id, *party in con.execute(PARTIES).fetchall():
            parties[event_id].append(party)
        for event_id, article_id, start, stop, actor1_id, actor1_name, actor2_name, kind, evidence \
                in con.execute(FACTS).fetchall():
            doc = gold.get(Path(names[article_id]).stem)
            if doc is None:
                continue
            entities = {e["id"]: e for e in doc["entities"]}
            matched = [g for g in doc["events"] if _overlaps(start, stop, g["trigger"]["start"], g["trigger"]["stop"])]
            if not matched:
                continue
            agents = [entities[i] for i in matched[0].get("agents", []) if i in entities]
            others = [entities[i] for i in matched[0].get("participants", []) + matched[0].get("organizers", [])
                      if i in entities]
            if not agents:
                continue
            counts["matched events with a gold agent and an actor1"] += 1
            actor1 = [(a, b) for a, b, text, entity in parties[event_id]
                      if (entity == actor1_id if actor1_id is not None else text == actor1_name)]
            if any(_overlaps(a, b, g["start"], g["stop"]) for a, b in actor1 for g in agents):
                counts["actor1 is a gold agent"] += 1
            elif any(_overlaps(a, b, g["start"], g["stop"]) for a, b, _, _ in parties[event_id] for g in agents):
                counts["a gold agent among the parties, actor1 another"] += 1
                other = any(_overlaps(a, b, g["start"], g["stop"]) for a, b in actor1 for g in others)
                counts["  of which actor1 a gold participant, no agent" if other else "  of which actor1 no gold participant"] += 1
                if shown < listed:
                    shown += 1
                    print(f"[{kind}] {actor1_name} / {actor2_name}; agents {[g['text'] for g in agents]}\n    {evidence}")
            else:
                counts["no gold agent among the parties"] += 1
    return counts


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "nerel_dev.jsonl")
    parser.add_argument("--workdir", type=Path, default=Path("bench/out/actor_agents"))
    parser.add_argument("--list", type=int, default=0)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus} not found; nothing measured")
        return
    db = build(args.corpus, args.workdir / args.corpus.stem)
    for key, value in agent_counts(args.corpus, db, args.list).items():
        print(f"{value:6d}  {key}")


if __name__ == "__main__":
    main()
