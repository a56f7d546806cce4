"""Evaluate the trained PyTorch checkpoint on a {"text","label"} JSONL file; prints numbers only.

    /usr/bin/python3 models/training/evaluate.py ../shared/eval/real-shopper-dev.jsonl [--json]

Prints accuracy, macro-F1 and per-intent P/R/F1 (never the texts: the real-shopper set is
evaluation-only). Labels unknown to the model are counted as errors and listed.
"""
import argparse
import collections
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert import BertConfig, BertForSequenceClassification  # noqa: E402
from labels import INTENTS, LABEL2ID  # noqa: E402
from metrics import classification_report  # noqa: E402
from tokenization import Tokenizer  # noqa: E402
from train import predict  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--checkpoint", default=os.path.join(HERE, "checkpoints", "kefu-intent-zh.pt"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--confusions", action="store_true", help="print the most frequent (gold -> predicted) pairs")
    args = ap.parse_args()
    torch.set_num_threads(2)
    ck = torch.load(args.checkpoint)
    model = BertForSequenceClassification(BertConfig(**ck["config"]))
    model.load_state_dict(ck["state_dict"])
    tok = Tokenizer(ck["vocab"])
    with open(args.file, encoding="utf-8") as f:
        rows = [json.loads(l) for l in f if l.strip()]
    unknown = collections.Counter(r["label"] for r in rows if r["label"] not in LABEL2ID)
    rows = [r for r in rows if r["label"] in LABEL2ID]
    y = [LABEL2ID[r["label"]] for r in rows]
    p = predict(model, [tok.encode(r["text"], ck["config"]["max_position_embeddings"]) for r in rows])
    rep = classification_report(y, p, INTENTS)
    rep["examples"] = len(rows)
    rep["unknownLabels"] = dict(unknown)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False))
        return
    print(f"examples {len(rows)} accuracy {rep['accuracy']:.4f} macroF1 {rep['macroF1']:.4f}")
    for name, m in rep["perIntent"].items():
        if m["support"]:
            print(f"  {name:20s} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} n {m['support']}")
    if args.confusions:
        pairs = collections.Counter((INTENTS[a], INTENTS[b]) for a, b in zip(y, p) if a != b)
        for (a, b), n in pairs.most_common(12):
            print(f"  {a} -> {b}: {n}")
    if unknown:
        print("labels unknown to the model:", dict(unknown))


if __name__ == "__main__":
    main()
