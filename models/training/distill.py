"""Distil the intent teacher (train_teacher.py) into a small, fast student for high-volume use (live rooms, bursts):

    /usr/bin/python3 models/training/distill.py --teacher-state models/training/checkpoints/kefu-intent-teacher.pt \
        --out models/kefu-intent-student

The student is a BERT of 4 layers × 128 (feed-forward 512; the issue allows up to 4 × 256, and 128 is what reaches
5,000 messages a second on 2 cores) on the base's vocabulary (so it shares the teacher's tokenizer.json). Its
word and position embeddings start from the base's, projected onto their 256 principal directions; the rest starts
random. It learns the teacher's probabilities (KL divergence at temperature T) over a transfer set of the labelled
training text (with the labels as a second, smaller loss), the unlabeled shopper-like corpus and noisy copies of both
(characters dropped, doubled or swapped, as typing does), then is exported like the teacher.
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
from base import DEFAULT_OUT as BASE_DIR, load_base_state  # noqa: E402
from base_tokenizer import BaseTokenizer, shop_tokenizer_json  # noqa: E402
from bert import BertConfig, BertForSequenceClassification  # noqa: E402
from labels import INTENTS, LABEL2ID  # noqa: E402
from train_teacher import (DATA, export_teacher, length_batches, load_teacher, logits_of, own_eval_sets,  # noqa: E402
                           pad_batch, read_jsonl, report, report_sets)
from written import written_examples  # noqa: E402


def noisy(text, rng):
    """A typing-noise copy: one character dropped, doubled or swapped with its neighbour."""
    chars = list(text)
    if len(chars) < 3:
        return text
    i = rng.randrange(len(chars) - 1)
    op = rng.random()
    if op < 0.34:
        del chars[i]
    elif op < 0.67:
        chars.insert(i, chars[i])
    else:
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def projected_embeddings(student, hidden):
    """Base word/position embeddings projected on their top `hidden` principal directions (scaled to unit-ish std)."""
    state = load_base_state(BASE_DIR)
    words = state["bert.embeddings.word_embeddings.weight"]
    mean = words.mean(0, keepdim=True)
    _, _, v = torch.linalg.svd(words - mean, full_matrices=False)
    proj = v[:hidden].T  # [512, hidden]
    w = (words - mean) @ proj
    scale = 0.02 / w.std()
    p = state["bert.embeddings.position_embeddings.weight"][: student.config.max_position_embeddings]
    with torch.no_grad():
        student.bert.embeddings.word_embeddings.weight.copy_(w * scale)
        student.bert.embeddings.position_embeddings.weight.copy_((p - p.mean(0, keepdim=True)) @ proj * scale)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--teacher-state", required=True, help="state dict saved by train_teacher.py")
    ap.add_argument("--out", default="models/kefu-intent-student")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=512)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--train-len", type=int, default=64)
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=6e-4)
    ap.add_argument("--temperature", type=float, default=2.0)
    ap.add_argument("--alpha", type=float, default=0.8, help="weight of the teacher's probabilities (1 - alpha: labels)")
    ap.add_argument("--noisy-copies", type=int, default=0)
    ap.add_argument("--unlabeled", type=int, default=60000, help="lines of unlabeled.txt to use")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-base-init", action="store_true", help="random embeddings (to measure what the base adds)")
    ap.add_argument("--limit", type=int, default=0, help="use only this many transfer texts and eval rows (smoke tests)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    logf = open(os.path.join(args.out, "training.log"), "a", encoding="utf-8")

    def log(msg):
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    with open(os.path.join(BASE_DIR, "tokenizer.json"), encoding="utf-8") as f:
        base_spec = json.load(f)
    tok = BaseTokenizer(shop_tokenizer_json(base_spec, args.max_len))

    labelled = read_jsonl(os.path.join(DATA, "train.jsonl")) + written_examples()
    with open(os.path.join(DATA, "unlabeled.txt"), encoding="utf-8") as f:
        unlabeled = [l.strip() for l in f if l.strip()][: args.unlabeled]
    texts = [r["text"] for r in labelled] + unlabeled
    labels = [LABEL2ID[r["label"]] for r in labelled] + [-100] * len(unlabeled)
    for _ in range(args.noisy_copies):
        texts += [noisy(t, rng) for t in texts[: len(labelled) + len(unlabeled)]]
        labels += labels[: len(labelled) + len(unlabeled)]
    if args.limit:
        texts, labels = texts[: args.limit // 2] + texts[-args.limit // 2:], labels[: args.limit // 2] + labels[-args.limit // 2:]
    seqs = [tok.encode(t, args.train_len) for t in texts]
    log(f"transfer set: {len(labelled)} labelled + {len(unlabeled)} unlabeled, x{1 + args.noisy_copies} with noise = {len(seqs)}")

    t0 = time.time()
    teacher = load_teacher(args.max_len)
    teacher.load_state_dict(torch.load(args.teacher_state))
    soft = logits_of(teacher, seqs, tok.pad)
    del teacher
    log(f"teacher logits for {len(seqs)} texts in {time.time() - t0:.0f}s")

    config = BertConfig(vocab_size=len(tok.vocab), hidden_size=args.hidden, num_hidden_layers=args.layers,
                        num_attention_heads=args.heads, intermediate_size=args.ffn, max_position_embeddings=args.max_len,
                        num_labels=len(INTENTS))
    student = BertForSequenceClassification(config)
    if not args.no_base_init:
        projected_embeddings(student, args.hidden)
    items = [(s, i) for i, s in enumerate(seqs)]
    opt = torch.optim.AdamW(student.parameters(), lr=args.lr, weight_decay=0.01)
    steps_per_epoch = (len(items) + args.batch - 1) // args.batch
    total = int(args.epochs * steps_per_epoch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=total, pct_start=0.06, anneal_strategy="linear")
    dev_rows = read_jsonl(os.path.join(DATA, "dev.jsonl"))[: args.limit or None]
    T, step, best, best_state, t0 = args.temperature, 0, -1.0, None, time.time()
    lab = torch.tensor(labels)
    while step < total:
        student.train()
        for b in length_batches(items, args.batch, rng):
            idx = torch.tensor([i for _, i in b])
            ids, att, tt = pad_batch([s for s, _ in b], tok.pad)
            out = student(ids, att, tt)
            kd = nn.functional.kl_div(nn.functional.log_softmax(out / T, -1), nn.functional.softmax(soft[idx] / T, -1),
                                      reduction="batchmean") * T * T
            y = lab[idx]
            ce = nn.functional.cross_entropy(out, y, ignore_index=-100) if (y >= 0).any() else out.sum() * 0
            loss = args.alpha * kd + (1 - args.alpha) * ce
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(student.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 200 == 0:
                log(f"step {step}/{total} loss {loss.item():.3f} ({time.time() - t0:.0f}s)")
            if step % steps_per_epoch == 0 or step == total:
                rep = report(student, dev_rows, tok, args.train_len)
                log(f"step {step}/{total} dev acc {rep['accuracy']:.4f} macroF1 {rep['macroF1']:.4f}")
                if rep["macroF1"] > best:
                    best, best_state = rep["macroF1"], {k: v.clone() for k, v in student.state_dict().items()}
                student.train()
            if step >= total:
                break
    student.load_state_dict(best_state)
    results = {"seconds": round(time.time() - t0), "bestDevMacroF1": round(best, 4),
               **report_sets(student, own_eval_sets(args.limit), tok, args.train_len, log)}
    export_teacher(student, args.out, base_spec, args.max_len)
    cfg_path = os.path.join(args.out, "config.json")
    with open(cfg_path, encoding="utf-8") as f:
        cfg = json.load(f)
    cfg["distilled_from"] = "kefu-intent-teacher"
    with open(cfg_path, "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=2)
    with open(os.path.join(args.out, "training.json"), "w", encoding="utf-8") as f:
        json.dump({"args": vars(args), "transfer": len(seqs), **results}, f, indent=2)
    log(f"exported to {args.out}")


if __name__ == "__main__":
    main()
