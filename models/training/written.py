"""The individually written training messages: data/written/<intent>.txt, one message a line (the file name is the
label). Read by train_teacher.py, distill.py and train_lexical.py."""
import glob
import os
import sys

from labels import INTENTS, LABEL2ID

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "written")


def written_examples(folder=FOLDER):
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "*.txt"))):
        label = os.path.splitext(os.path.basename(path))[0]
        if label not in LABEL2ID:
            sys.exit(f"{path}: '{label}' is not an intent. Fix: name the file after one of {INTENTS}.")
        with open(path, encoding="utf-8") as f:
            rows += [{"text": l.strip(), "label": label} for l in f if l.strip()]
    return rows
