"""Accuracy, macro-F1 and per-intent precision/recall/F1 (same definitions as `kefu nlu eval`)."""


def classification_report(y_true, y_pred, labels):
    """y_true/y_pred: class ids. Macro-F1 averages over labels present in y_true."""
    n = len(labels)
    tp, fp, fn = [0] * n, [0] * n, [0] * n
    for t, p in zip(y_true, y_pred):
        if t == p:
            tp[t] += 1
        else:
            fp[p] += 1
            fn[t] += 1
    per = {}
    for i, name in enumerate(labels):
        support = tp[i] + fn[i]
        prec = tp[i] / (tp[i] + fp[i]) if tp[i] + fp[i] else 0.0
        rec = tp[i] / support if support else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[name] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": support}
    present = [v["f1"] for v in per.values() if v["support"] > 0]
    acc = sum(tp) / max(1, len(y_true))
    return {"accuracy": round(acc, 4), "macroF1": round(sum(present) / max(1, len(present)), 4), "perIntent": per}
