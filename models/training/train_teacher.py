"""Fine-tune the pretrained base (bge-small-zh-v1.5, see base.py) into the intent teacher, and export it:

    /usr/bin/python3 models/training/base.py                          # once: fetch the base (npm run nlu:base)
    /usr/bin/python3 models/training/train_teacher.py --out models/kefu-intent-teacher

The base's weights are loaded into bert.py's BERT (checked against the ONNX graph by check_base.py), a pooler and a
linear classifier for the 18 intents are added, and the whole network is fine-tuned on the project's labelled data
(train.jsonl: templates; written/<intent>.txt: individually written messages), with early stopping on dev.jsonl
macro-F1 (with the written dev split when present: the mean of both). The export is a transformers.js folder (config.json with id2label, the base's vocabulary in tokenizer.json
with NFKC + lowercase, onnx/model.onnx giving logits); quantize.py adds onnx/model_quantized.onnx.

--probe instead fits a logistic regression on the frozen base's mean-pooled embeddings (the "base alone with a
linear head" step of the model card) and prints its dev / test scores.
"""
import argparse
import json
import os
import random
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base import DEFAULT_OUT as BASE_DIR, LICENSE as BASE_LICENSE, load_base_state  # noqa: E402
from base_tokenizer import BaseTokenizer, shop_tokenizer_json  # noqa: E402
from bert import BertConfig, BertForSequenceClassification  # noqa: E402
from export import _export_graph, hf_config  # noqa: E402
from labels import INTENTS, LABEL2ID  # noqa: E402
from metrics import classification_report  # noqa: E402
from train import batches as length_batches, read_jsonl  # noqa: E402,F401
from written import written_examples  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")


def pad_batch(seqs, pad):
    n = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), n), pad, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
    return ids, (ids != pad).long(), torch.zeros_like(ids)


def base_config(num_labels, max_len):
    with open(os.path.join(BASE_DIR, "config.json"), encoding="utf-8") as f:
        c = json.load(f)
    return BertConfig(vocab_size=c["vocab_size"], hidden_size=c["hidden_size"], num_hidden_layers=c["num_hidden_layers"],
                      num_attention_heads=c["num_attention_heads"], intermediate_size=c["intermediate_size"],
                      max_position_embeddings=max_len, type_vocab_size=c["type_vocab_size"],
                      layer_norm_eps=c["layer_norm_eps"], num_labels=num_labels)


def load_teacher(max_len):
    model = BertForSequenceClassification(base_config(len(INTENTS), max_len))
    state = load_base_state(BASE_DIR)
    pos = "bert.embeddings.position_embeddings.weight"
    state[pos] = state[pos][:max_len]
    missing, unexpected = model.load_state_dict(state, strict=False)
    fresh = sorted(m for m in missing if not m.startswith(("bert.pooler.", "classifier.")))
    if fresh or unexpected:
        sys.exit(f"the base does not fit bert.py's BERT: missing {fresh}, unexpected {unexpected}")
    return model


@torch.no_grad()
def logits_of(model, seqs, pad, size=256):
    model.eval()
    out = []
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    for i in range(0, len(order), size):
        chunk = [seqs[j] for j in order[i: i + size]]
        ids, att, tt = pad_batch(chunk, pad)
        out.append(model(ids, att, tt))
    flat = torch.cat(out)
    result = torch.empty_like(flat)
    result[torch.tensor(order)] = flat
    return result


def report(model, rows, tok, max_len):
    seqs = [tok.encode(r["text"], max_len) for r in rows]
    pred = logits_of(model, seqs, tok.pad).argmax(-1).tolist()
    return classification_report([LABEL2ID[r["label"]] for r in rows], pred, INTENTS)


def own_eval_sets(limit=0):
    """The project's own labelled splits (dev, test, fresh-test, and the blind split when present)."""
    sets = {name: read_jsonl(os.path.join(DATA, f"{name}.jsonl"))[: limit or None] for name in ("dev", "test", "fresh-test")}
    written_dev = os.path.join(DATA, "written-dev.jsonl")
    if os.path.exists(written_dev):
        sets["written-dev"] = read_jsonl(written_dev)[: limit or None]
    blind = os.path.join(DATA, "blind", "test.jsonl")
    if os.path.exists(blind):
        sets["blind-test"] = read_jsonl(blind)[: limit or None]
    return sets


def choice_score(model, dev_sets, tok, train_len, log, prefix):
    """The mean macro-F1 over the dev splits (templates, and the written dev split when present): what choices use."""
    scores = []
    for name, rows in dev_sets.items():
        rep = report(model, rows, tok, train_len)
        log(f"{prefix} {name} acc {rep['accuracy']:.4f} macroF1 {rep['macroF1']:.4f}")
        scores.append(rep["macroF1"])
    return sum(scores) / len(scores)


def report_sets(model, eval_sets, tok, train_len, log):
    """Accuracy and macro-F1 of `model` on each set, logged and returned."""
    results = {}
    for name, rows in eval_sets.items():
        rep = report(model, rows, tok, train_len)
        results[name] = {"accuracy": round(rep["accuracy"], 4), "macroF1": round(rep["macroF1"], 4)}
        log(f"{name}: acc {rep['accuracy']:.4f} macroF1 {rep['macroF1']:.4f}")
    return results


def finetune(model, train, dev_rows, tok, args, log):
    head = [p for n, p in model.named_parameters() if n.startswith(("classifier.", "bert.pooler."))]
    body = [p for n, p in model.named_parameters() if not n.startswith(("classifier.", "bert.pooler."))]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}], weight_decay=0.01)
    steps_per_epoch = (len(train) + args.batch - 1) // args.batch
    total = int(args.epochs * steps_per_epoch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[args.lr, args.head_lr], total_steps=total,
                                                pct_start=0.06, anneal_strategy="linear")
    rng = random.Random(args.seed)
    best, best_state, step, t0 = -1.0, None, 0, time.time()
    evals = max(1, int(steps_per_epoch * args.eval_every))
    while step < total:
        model.train()
        for b in length_batches(train, args.batch, rng):
            ids, att, tt = pad_batch([s for s, _ in b], tok.pad)
            y = torch.tensor([l for _, l in b])
            loss = nn.functional.cross_entropy(model(ids, att, tt), y, label_smoothing=args.label_smoothing)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 100 == 0:
                log(f"step {step}/{total} loss {loss.item():.3f} ({time.time() - t0:.0f}s)")
            if step % evals == 0 or step == total:
                score = choice_score(model, dev_rows, tok, args.train_len, log, f"step {step}/{total} ({time.time() - t0:.0f}s)")
                if score > best:
                    best = score
                    best_state = {k: v.clone() for k, v in model.state_dict().items()}
                model.train()
            if step >= total:
                break
    model.load_state_dict(best_state)
    return best, time.time() - t0


def export_teacher(model, out, base_tokenizer_spec, max_len):
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    config = hf_config(model.config, INTENTS)
    config["_name_or_path"] = os.path.basename(os.path.normpath(out))
    config["base_model"] = "BAAI/bge-small-zh-v1.5"
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(shop_tokenizer_json(base_tokenizer_spec, max_len), f, ensure_ascii=False)
    with open(os.path.join(out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": max_len,
                   "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]",
                   "mask_token": "[MASK]"}, f, indent=2)
    with open(os.path.join(out, "special_tokens_map.json"), "w", encoding="utf-8") as f:
        json.dump({"cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]",
                   "mask_token": "[MASK]"}, f, indent=2)
    with open(os.path.join(out, "LICENSE-base.md"), "w", encoding="utf-8") as f:
        f.write(BASE_LICENSE)
    _export_graph(model.cpu().eval(), os.path.join(out, "onnx", "model.onnx"), "logits", {0: "batch_size"})
    import onnx
    onnx.checker.check_model(onnx.load(os.path.join(out, "onnx", "model.onnx")))


def probe(tok, train_rows, eval_sets, args, log):
    """Frozen base + logistic regression on mean-pooled embeddings."""
    from sklearn.linear_model import LogisticRegression
    from bert import BertModel

    bert = BertModel(base_config(len(INTENTS), args.max_len))
    state = {k[len("bert."):]: v for k, v in load_base_state(BASE_DIR).items()}
    state["embeddings.position_embeddings.weight"] = state["embeddings.position_embeddings.weight"][: args.max_len]
    bert.load_state_dict(state, strict=False)
    bert.eval()

    @torch.no_grad()
    def embed(rows):
        seqs = [tok.encode(r["text"], args.train_len) for r in rows]
        out = []
        for i in range(0, len(seqs), 256):
            ids, att, tt = pad_batch(seqs[i: i + 256], tok.pad)
            h = bert(ids, att, tt)
            out.append((h * att[..., None]).sum(1) / att.sum(1, keepdim=True))
        return torch.cat(out).numpy()

    t0 = time.time()
    x = embed(train_rows)
    clf = LogisticRegression(max_iter=2000, C=args.probe_c)
    clf.fit(x, [LABEL2ID[r["label"]] for r in train_rows])
    log(f"probe fitted on {len(train_rows)} in {time.time() - t0:.0f}s")
    for name, rows in eval_sets.items():
        rep = classification_report([LABEL2ID[r["label"]] for r in rows], clf.predict(embed(rows)).tolist(), INTENTS)
        log(f"probe {name}: acc {rep['accuracy']:.4f} macroF1 {rep['macroF1']:.4f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="models/kefu-intent-teacher")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--max-len", type=int, default=128, help="positions kept / tokenizer model_max_length")
    ap.add_argument("--train-len", type=int, default=64)
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--label-smoothing", type=float, default=0.05)
    ap.add_argument("--eval-every", type=float, default=0.5, help="evaluate on dev every this many epochs")
    ap.add_argument("--templates", type=float, default=0.5, help="share of train.jsonl (templates) to use")
    ap.add_argument("--written-repeat", type=int, default=3, help="times each written message appears per epoch")
    ap.add_argument("--no-written", action="store_true", help="templates only (the '+ new data' step's baseline)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--probe", action="store_true")
    ap.add_argument("--probe-c", type=float, default=1.0)
    ap.add_argument("--limit", type=int, default=0, help="use only this many training rows (smoke tests, --probe)")
    ap.add_argument("--real", default=os.path.join(HERE, "..", "..", "..", "shared", "eval", "real-shopper-dev.jsonl"),
                    help="real shopper messages, scored for --probe only when the file exists (measuring, never training)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, "training.log") if not args.probe else os.devnull
    logf = open(log_path, "a", encoding="utf-8")

    def log(msg):
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    with open(os.path.join(BASE_DIR, "tokenizer.json"), encoding="utf-8") as f:
        base_spec = json.load(f)
    tok = BaseTokenizer(shop_tokenizer_json(base_spec, args.max_len))
    rng = random.Random(args.seed)
    templates = read_jsonl(os.path.join(DATA, "train.jsonl"))
    rng.shuffle(templates)
    templates = templates[: int(len(templates) * args.templates)]
    written = [] if args.no_written else written_examples()
    train_rows = templates + written * args.written_repeat
    if args.limit:
        rng.shuffle(train_rows)
        train_rows = train_rows[: args.limit]
    eval_sets = own_eval_sets()
    dev_rows = {name: eval_sets[name] for name in ("dev", "written-dev") if name in eval_sets}
    log(f"train: {len(templates)} template rows + {len(written)} written x{args.written_repeat}; args {vars(args)}")
    if args.probe:
        if os.path.exists(args.real):
            eval_sets["real"] = read_jsonl(args.real)
        probe(tok, train_rows, eval_sets, args, log)
        return

    train = [(tok.encode(r["text"], args.train_len), LABEL2ID[r["label"]]) for r in train_rows]
    model = load_teacher(args.max_len)
    best, seconds = finetune(model, train, dev_rows, tok, args, log)
    results = {"seconds": round(seconds), "bestChoiceScore": round(best, 4), **report_sets(model, eval_sets, tok, args.train_len, log)}
    torch.save(model.state_dict(), os.path.join(HERE, "checkpoints", f"{os.path.basename(os.path.normpath(args.out))}.pt")
               if os.path.isdir(os.path.join(HERE, "checkpoints")) else os.path.join(args.out, "..", ".teacher.pt"))
    export_teacher(model, args.out, base_spec, args.max_len)
    with open(os.path.join(args.out, "training.json"), "w", encoding="utf-8") as f:
        json.dump({"args": vars(args), "train": {"templates": len(templates), "written": len(written)}, **results}, f, indent=2)
    log(f"exported to {args.out}")


if __name__ == "__main__":
    main()
