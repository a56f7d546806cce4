"""Expand the blind, held-out templates (templates_fresh.FRESH) into an evaluation file (deterministic).

    /usr/bin/python3 models/training/make_fresh_test.py      # writes models/training/data/fresh-test.jsonl

Evaluation only: FRESH is never used for training. Reuses generate_data's expand()/compose() (same openers,
context clauses and noise as the other splits) and its WEIGHT class weights, 250 examples per intent × WEIGHT like
the dev/test splits. No duplicate texts, and no text that also appears in data/train.jsonl (exact match). Reads
nothing else from data/ and changes no existing file; running it twice gives a byte-identical file.
"""
import json
import os
import random
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ behind in the training dir
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_data import HERE, INTENTS, WEIGHT, compose, expand, template_units  # noqa: E402
from templates_fresh import FRESH  # noqa: E402

SEED = 20261124
PER_INTENT = 250
OUT = os.path.join(HERE, "data", "fresh-test.jsonl")


def main():
    # FRESH must cover exactly the taxonomy and must not reuse any template of the training modules
    # (template_units() imports templates.py / templates_extra.py / templates_more.py as generate_data does).
    assert list(FRESH) == INTENTS, set(INTENTS) ^ set(FRESH)
    existing = {t for _, _, t in template_units()}
    reused = [t for temps in FRESH.values() for t in temps if t in existing]
    assert not reused, f"templates copied from the training modules: {reused}"
    all_fresh = [t for temps in FRESH.values() for t in temps]
    assert len(all_fresh) == len(set(all_fresh)), "a FRESH template is listed twice"

    # Exact texts of the training split, only to filter them out.
    with open(os.path.join(HERE, "data", "train.jsonl"), encoding="utf-8") as f:
        train_texts = {json.loads(line)["text"] for line in f if line.strip()}

    rng = random.Random(SEED)
    rows, seen = [], set(train_texts)
    for intent in INTENTS:
        temps = FRESH[intent]
        target, got, tries = int(PER_INTENT * WEIGHT.get(intent, 1.0)), 0, 0
        while got < target and tries < target * 50:
            tries += 1
            core = expand(rng.choice(temps), rng, None)  # category None, as for the generic templates
            if intent == "out_of_scope" and rng.random() < 0.12:  # two statements that still ask for nothing
                core = core + rng.choice(["，", " ", "。", "，", "  "]) + expand(rng.choice(temps), rng, None)
            text = compose(intent, core, rng, None)
            if not text or text in seen:
                continue
            seen.add(text)
            rows.append({"text": text, "label": intent})
            got += 1
        assert got == target, f"{intent}: only {got} unique examples of {target}"
        print(f"{intent:20s} {len(temps):3d} templates  {got:4d} examples")
    rng.shuffle(rows)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(rows), "examples from", len(all_fresh), "templates ->", OUT)


if __name__ == "__main__":
    main()
