"""Export a trained (or random) small BERT to the transformers.js folder layout.

    <out>/config.json               model_type bert, id2label/label2id, architectures
    <out>/tokenizer.json            BertNormalizer + BertPreTokenizer + WordPiece + TemplateProcessing
    <out>/tokenizer_config.json     model_max_length etc.
    <out>/vocab.txt                 the same vocabulary, one token a line
    <out>/onnx/model.onnx           logits [batch, num_labels]                (opset 14)
    <out>/onnx/encoder.onnx         last_hidden_state [batch, seq, hidden]    (opset 14)

Inputs of both graphs: input_ids, attention_mask, token_type_ids (int64 [batch, sequence], dynamic axes).

Placeholder (random weights, written in seconds so the TypeScript side can load something):

    /usr/bin/python3 models/training/export.py --placeholder --out models/kefu-intent-zh
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert import BertConfig, BertForSequenceClassification, EncoderOnly  # noqa: E402
from labels import INTENTS  # noqa: E402
from tokenization import build_vocab, write_tokenizer_files  # noqa: E402

OPSET = 14
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


def hf_config(c: BertConfig, labels):
    return {
        "_name_or_path": "kefu-intent-zh",
        "architectures": ["BertForSequenceClassification"],
        "model_type": "bert",
        "vocab_size": c.vocab_size,
        "hidden_size": c.hidden_size,
        "num_hidden_layers": c.num_hidden_layers,
        "num_attention_heads": c.num_attention_heads,
        "intermediate_size": c.intermediate_size,
        "hidden_act": "gelu",
        "hidden_dropout_prob": c.hidden_dropout_prob,
        "attention_probs_dropout_prob": c.attention_probs_dropout_prob,
        "max_position_embeddings": c.max_position_embeddings,
        "type_vocab_size": c.type_vocab_size,
        "initializer_range": c.initializer_range,
        "layer_norm_eps": c.layer_norm_eps,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "problem_type": "single_label_classification",
        "id2label": {str(i): l for i, l in enumerate(labels)},
        "label2id": {l: i for i, l in enumerate(labels)},
        "torch_dtype": "float32",
        "transformers_version": "4.40.0",
    }


def _export_graph(module, path, output_name, output_axes):
    module.eval()
    dummy = torch.ones(2, 8, dtype=torch.long)
    args = (dummy, torch.ones(2, 8, dtype=torch.long), torch.zeros(2, 8, dtype=torch.long))
    axes = {n: {0: "batch_size", 1: "sequence_length"} for n in INPUTS}
    axes[output_name] = output_axes
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=INPUTS, output_names=[output_name],
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)


def export(model: BertForSequenceClassification, vocab, out_dir, max_len, labels=INTENTS):
    """Write the whole transformers.js folder for `model` (a BertForSequenceClassification)."""
    c = model.config
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(hf_config(c, labels), f, indent=2)
    write_tokenizer_files(out_dir, vocab, max_len)
    model = model.cpu().eval()
    _export_graph(model, os.path.join(out_dir, "onnx", "model.onnx"), "logits", {0: "batch_size"})
    _export_graph(EncoderOnly(model.bert), os.path.join(out_dir, "onnx", "encoder.onnx"), "last_hidden_state",
                  {0: "batch_size", 1: "sequence_length"})
    import onnx
    for name in ("model.onnx", "encoder.onnx"):
        onnx.checker.check_model(onnx.load(os.path.join(out_dir, "onnx", name)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="models/kefu-intent-zh")
    ap.add_argument("--placeholder", action="store_true", help="random weights + STATUS file")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=512)
    ap.add_argument("--max-len", type=int, default=128)
    args = ap.parse_args()
    if not args.placeholder:
        sys.exit("use train.py to export a trained model; --placeholder writes random weights")
    torch.manual_seed(0)
    vocab = build_vocab([])
    c = BertConfig(vocab_size=len(vocab), hidden_size=args.hidden, num_hidden_layers=args.layers,
                   num_attention_heads=args.heads, intermediate_size=args.ffn,
                   max_position_embeddings=args.max_len, num_labels=len(INTENTS))
    export(BertForSequenceClassification(c), vocab, args.out, args.max_len)
    with open(os.path.join(args.out, "STATUS"), "w") as f:
        f.write("untrained-placeholder\nRandom weights so the TypeScript side can load the layout; "
                "train.py replaces this folder and deletes this file.\n")
    print(f"placeholder written to {args.out} (vocab {len(vocab)})")


if __name__ == "__main__":
    main()
