"""The individually written training messages: data/written/<intent>.txt (the first round) and
data/written-<writer>/<intent>.txt (later rounds, one folder per writer), one message a line (the file name is the
label). Lines that also appear in an evaluation split (data/blind, dev, test, fresh-test) are left out, so a message
a writer happened to write the same way never leaks into training.

15 % of the later rounds' messages (chosen by a hash of the text, so the choice is stable as files grow) are held out
as the written dev split, data/written-dev.jsonl: written like real traffic, unlike the template dev split, and used
with it for the choices (the teacher's best checkpoint, the lexical head's blend weight). Never trained on.

    python3 models/training/written.py     # writes data/written-dev.jsonl and prints the counts

Read by train_teacher.py, distill.py and train_lexical.py."""
import glob
import hashlib
import json
import os
import sys

from labels import INTENTS, LABEL2ID

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
FOLDER = os.path.join(DATA, "written")
EVAL_FILES = ["blind/test.jsonl", "dev.jsonl", "test.jsonl", "fresh-test.jsonl"]


def written_folders(data=DATA):
    """data/written first, then every data/written-<writer> folder in name order."""
    return [os.path.join(data, "written")] + sorted(glob.glob(os.path.join(data, "written-*")))


def eval_texts(data=DATA):
    texts = set()
    for name in EVAL_FILES:
        path = os.path.join(data, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                texts.update(json.loads(l)["text"].strip() for l in f if l.strip())
    return texts


DEV_PERCENT = 15


def in_written_dev(text):
    """Whether a later-round message belongs to the written dev split (stable: a hash of the text)."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16) % 100 < DEV_PERCENT


def written_examples(folder=None, rounds=None, part="train"):
    """Rows {text, label}. `folder`: one folder only; `rounds`: how many folders of written_folders() (None = all);
    `part`: "train" (the first round and 85 % of the later ones), "dev" (the held-out 15 %) or "all"."""
    folders = [folder] if folder else written_folders()[: rounds]
    held_out = eval_texts()
    rows, seen, dropped = [], set(), 0
    for d in folders:
        later = os.path.basename(os.path.normpath(d)) != "written"
        for path in sorted(glob.glob(os.path.join(d, "*.txt"))):
            label = os.path.splitext(os.path.basename(path))[0]
            if label not in LABEL2ID:
                sys.exit(f"{path}: '{label}' is not an intent. Fix: name the file after one of {INTENTS}.")
            with open(path, encoding="utf-8") as f:
                for line in f:
                    text = line.strip()
                    if not text or (text, label) in seen:
                        continue
                    if text in held_out:
                        dropped += 1
                        continue
                    dev = later and in_written_dev(text)
                    if part != "all" and dev != (part == "dev"):
                        continue
                    if part == "train" and in_written_dev(text) and any_later_dev(text):
                        continue
                    seen.add((text, label))
                    rows.append({"text": text, "label": label})
    if dropped and part != "dev":
        print(f"written: {dropped} lines left out (also in an evaluation split)", file=sys.stderr)
    return rows


_LATER_DEV = None


def any_later_dev(text):
    """Whether `text` is in the written dev split through a later round (a first-round copy is then not trained on)."""
    global _LATER_DEV
    if _LATER_DEV is None:
        _LATER_DEV = set()
        for d in written_folders()[1:]:
            for path in glob.glob(os.path.join(d, "*.txt")):
                with open(path, encoding="utf-8") as f:
                    _LATER_DEV.update(t for t in (l.strip() for l in f) if t and in_written_dev(t))
    return text in _LATER_DEV


def write_dev(path=os.path.join(DATA, "written-dev.jsonl")):
    rows = written_examples(part="dev")
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return rows


if __name__ == "__main__":
    dev = write_dev()
    train = written_examples(part="train")
    print(f"written: {len(train)} training messages, {len(dev)} in data/written-dev.jsonl")
