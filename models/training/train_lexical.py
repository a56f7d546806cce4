"""Train the lexical head (character 1-3-gram TF-IDF + logistic regression) next to a trained BERT
classifier and choose how the two are blended, on the project's dev split only.

    /usr/bin/python3 models/training/train_lexical.py --model models/kefu-intent-zh

Needs python3-sklearn and node (the classifier's probabilities come from transformers.js, as in kefu).
Writes <model>/lexical-head.json (format kefu-lexical-head/2) with <model>/lexical-head.bin (its arrays),
<model>/lexical-head.check.json (texts and the probabilities the JS head must reproduce) and a
`lexicalHead` entry in <model>/metrics.json.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labels import INTENTS, LABEL2ID  # noqa: E402
from lexical import features as head_features, hash_ngram  # noqa: E402
from lexicon import LEXICON  # noqa: E402
from metrics import classification_report  # noqa: E402
from written import written_examples  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
ROOT = os.path.dirname(os.path.dirname(HERE))


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def classifier_probs(model_dir, split, dtype="fp32"):
    """BERT probabilities for a split, in INTENTS order, computed by transformers.js."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "probs.json")
        subprocess.run(["node", os.path.join(HERE, "classifier_probs.cjs"), model_dir,
                        os.path.join(DATA, f"{split}.jsonl"), out, dtype], check=True, cwd=ROOT)
        with open(out, encoding="utf-8") as f:
            got = json.load(f)
    order = [got["labels"].index(l) for l in INTENTS]
    return np.array(got["probs"], dtype=np.float64)[:, order]


class ExportedHead:
    """The head exactly as the JS runtime computes it: features found by their two hashes, float32 idf,
    int8 weights with per-label scales."""

    def __init__(self, hashes, idf, wq, scales, bias, lexicon):
        self.index = {h: i for i, h in enumerate(hashes)}
        self.lexicon = lexicon
        self.idf, self.wq, self.scales, self.bias = idf.astype(np.float64), wq.astype(np.float64), scales, bias

    def probs(self, text):
        counts = {}
        for g in head_features(text, self.lexicon):
            j = self.index.get(hash_ngram(g))
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        z = self.bias.copy()
        if counts:
            js = np.array(list(counts))
            v = (1 + np.log(np.array([counts[j] for j in js], dtype=np.float64))) * self.idf[js]
            x = v / (np.sqrt((v * v).sum()) or 1.0)
            z += (x[:, None] * self.wq[js]).sum(0) * self.scales
        e = np.exp(z - z.max())
        return e / e.sum()


def blend(clf, lex, w):
    z = w * np.log(clf + 1e-9) + (1 - w) * np.log(lex + 1e-9)
    return z.argmax(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="models/kefu-intent-zh")
    ap.add_argument("--c", type=float, default=16.0, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--no-lexicon", action="store_true", help="n-grams only, without the word groups of lexicon.py")
    ap.add_argument("--no-written", action="store_true", help="templates only, without data/written/*.txt")
    ap.add_argument("--dtype", default="fp32", choices=["fp32", "q8"], help="the classifier graph the blend is chosen with")
    args = ap.parse_args()
    t0 = time.time()
    log = lambda m: print(f"[{time.time() - t0:5.0f}s] {m}", flush=True)  # noqa: E731
    splits = ["train", "dev", "test"] + (["written-dev"] if os.path.exists(os.path.join(DATA, "written-dev.jsonl")) else [])
    rows = {s: read_jsonl(os.path.join(DATA, f"{s}.jsonl")) for s in splits}
    scored = [s for s in splits if s != "train"]
    choosing = [s for s in ("dev", "written-dev") if s in rows]
    if not args.no_written:
        rows["train"] += written_examples()
    texts = {s: [r["text"] for r in v] for s, v in rows.items()}
    gold = {s: [LABEL2ID[r["label"]] for r in v] for s, v in rows.items()}

    lexicon = {} if args.no_lexicon else LEXICON
    vec = TfidfVectorizer(analyzer=lambda t: head_features(t, lexicon), sublinear_tf=True, min_df=args.min_df,
                          lowercase=False, dtype=np.float64)
    x_train = vec.fit_transform(texts["train"])
    lr = LogisticRegression(C=args.c, max_iter=3000)
    lr.fit(x_train, gold["train"])
    assert list(lr.classes_) == list(range(len(INTENTS))), "every intent needs training examples"
    log(f"fitted: {x_train.shape[1]} features (n-grams and word groups), {x_train.shape[0]} messages")

    features = [None] * len(vec.vocabulary_)
    for f, i in vec.vocabulary_.items():
        features[i] = f
    idf = vec.idf_.astype(np.float32)
    w = lr.coef_.T  # features × labels
    scales = np.abs(w).max(0) / 127.0
    wq = np.clip(np.rint(w / scales), -127, 127).astype(np.int8)
    hashes = [hash_ngram(f) for f in features]
    assert len(set(hashes)) == len(hashes), "two n-grams share both hashes: change a seed in lexical.py and lexical-head.js"
    head = ExportedHead(hashes, idf, wq, scales, lr.intercept_.astype(np.float64), lexicon)

    lex = {s: np.array([head.probs(t) for t in texts[s]]) for s in scored}
    clf = {s: classifier_probs(args.model, s, args.dtype) for s in scored}
    log(f"scored {', '.join(scored)} with both heads")
    grid = [round(0.1 * i, 1) for i in range(11)]
    # the blend weight: the best mean macro-F1 over the dev splits (templates, and the written dev split when present)
    dev_f1 = {w_: float(np.mean([classification_report(gold[s], list(blend(clf[s], lex[s], w_)), INTENTS)["macroF1"]
                                  for s in choosing])) for w_ in grid}
    best = max(grid, key=lambda w_: (dev_f1[w_], -abs(w_ - 0.5)))
    log(f"mean macro-F1 over {' + '.join(choosing)} by classifier weight: "
        + ", ".join(f"{w_}: {f:.4f}" for w_, f in dev_f1.items()))

    def report(s, pred):
        r = classification_report(gold[s], list(pred), INTENTS)
        return {"accuracy": r["accuracy"], "macroF1": r["macroF1"], "perIntent": r["perIntent"]}

    results = {s: {"classifier": report(s, clf[s].argmax(1)), "lexical": report(s, lex[s].argmax(1)),
                   "blend": report(s, blend(clf[s], lex[s], best))} for s in scored}
    for s, r in results.items():
        log(f"{s}: " + "; ".join(f"{k} acc {v['accuracy']:.4f} macroF1 {v['macroF1']:.4f}" for k, v in r.items()))

    out = {
        "format": "kefu-lexical-head/2",
        "about": "character 1-3-gram and word-group (lexicon) TF-IDF (sublinear tf, smooth idf, L2) + logistic "
                 "regression; features are known by two 32-bit hashes of their code points (models/training/lexical.py); "
                 "blended as softmax(w*log p_classifier + (1-w)*log p_lexical); see models/training/train_lexical.py",
        "labels": INTENTS,
        "maxN": 3,
        "classifierWeight": best,
        "lexicon": lexicon,
        "features": len(features),
        "binary": "lexical-head.bin",
        "binaryLayout": "little-endian: hash1 uint32 x features, hash2 uint32 x features, idf float32 x features, "
                        "weights int8 x features x labels (row-major), then nothing",
        "scales": [float(s) for s in scales],
        "bias": [float(b) for b in lr.intercept_],
    }
    with open(os.path.join(args.model, "lexical-head.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(os.path.join(args.model, "lexical-head.bin"), "wb") as f:
        for part in (np.array([h for h, _ in hashes], dtype="<u4"), np.array([h for _, h in hashes], dtype="<u4"),
                     idf.astype("<f4"), wq):
            f.write(np.ascontiguousarray(part).tobytes())
    probes = texts["test"][::163][:30] + ["  亲 在 吗 ？ XL码还有货吗👍🏻", "iPhone 15 Pro   支持无线充电吗", "", "🙅‍♀️！！",
                                           "这也太离谱了 我要投诉 差评", "好的 你看着办吧", "THANKS 辛苦了"]
    with open(os.path.join(args.model, "lexical-head.check.json"), "w", encoding="utf-8") as f:
        json.dump({"texts": probes, "probs": [[round(float(p), 8) for p in head.probs(t)] for t in probes]},
                  f, ensure_ascii=False)
    metrics_file = os.path.join(args.model, "metrics.json")
    metrics = json.load(open(metrics_file, encoding="utf-8")) if os.path.exists(metrics_file) else {}
    metrics["lexicalHead"] = {
        "features": len(features), "c": args.c, "minDf": args.min_df, "classifierWeight": best,
        "lexiconGroups": len(lexicon), "lexiconWords": sum(len(w) for w in lexicon.values()),
        "devMacroF1ByWeight": dev_f1, "devSplit": results["dev"], "testSplit": results["test"],
        "writtenDevSplit": results.get("written-dev"), "choosingOn": choosing,
        "trainingSeconds": round(time.time() - t0),
    }
    with open(metrics_file, "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2, ensure_ascii=False)
    log(f"wrote {args.model}/lexical-head.json (classifier weight {best})")


if __name__ == "__main__":
    main()
