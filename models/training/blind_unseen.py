"""Writes the part of the blind split whose text appears nowhere in the training text (templates and every written
round) to data/blind/test-unseen.jsonl, so the blind score is also measured on messages the model cannot have
memorised. Short common messages (多少钱, 满减, 好的呢) are written the same way by independent writers; the first
written round shared 328 of the 1,258 blind texts that way, and the templates 191.

    python3 models/training/blind_unseen.py   # then: kefu nlu eval models/training/data/blind/test-unseen.jsonl
"""
import glob
import json
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def main():
    seen = set()
    with open(os.path.join(DATA, "train.jsonl"), encoding="utf-8") as f:
        seen.update(json.loads(l)["text"].strip() for l in f if l.strip())
    for folder in [os.path.join(DATA, "written")] + sorted(glob.glob(os.path.join(DATA, "written-*"))):
        for path in glob.glob(os.path.join(folder, "*.txt")):
            with open(path, encoding="utf-8") as f:
                seen.update(l.strip() for l in f if l.strip())
    with open(os.path.join(DATA, "blind", "test.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(l) for l in f if l.strip()]
    unseen = [r for r in rows if r["text"].strip() not in seen]
    with open(os.path.join(DATA, "blind", "test-unseen.jsonl"), "w", encoding="utf-8") as f:
        for r in unseen:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"blind split: {len(unseen)} of {len(rows)} messages appear in no training text")


if __name__ == "__main__":
    main()
