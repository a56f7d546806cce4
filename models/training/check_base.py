"""Checks that the base's weights, loaded into bert.py's BERT (base.load_base_state), give the same embeddings as the
ONNX graph run by transformers.js, and that base_tokenizer.py gives the same ids:

    /usr/bin/python3 models/training/check_base.py     # prints the largest difference; exits 1 above 1e-4
"""
import json
import os
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from base import DEFAULT_OUT, ROOT, load_base_state  # noqa: E402
from base_tokenizer import BaseTokenizer  # noqa: E402
from bert import BertConfig, BertModel  # noqa: E402

TEXTS = ["你好在吗", "亲，XL码还有货吗？👍🏻", "iPhone 15 Pro 支持无线充电吗", "好的，什么时候发货", "[订单x] 退款 tk", "買兩件有優惠麽", "ｋｕａｉｄｉ到哪了"]


def base_config(folder):
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        c = json.load(f)
    keys = ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
            "max_position_embeddings", "type_vocab_size", "layer_norm_eps"]
    return BertConfig(**{k: c[k] for k in keys})


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(TEXTS, f, ensure_ascii=False)
    out = subprocess.run(["node", os.path.join(ROOT, "models", "training", "check_base.cjs"), folder, f.name],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    js = json.loads(out.stdout)
    tok = BaseTokenizer.load(os.path.join(folder, "tokenizer.json"))
    model = BertModel(base_config(folder))
    missing, unexpected = model.load_state_dict({k[len("bert."):]: v for k, v in load_base_state(folder).items()}, strict=False)
    missing = [m for m in missing if not m.startswith("pooler.")]
    if missing or unexpected:
        sys.exit(f"state dict does not fit: missing {missing}, unexpected {unexpected}")
    model.eval()
    worst = 0.0
    for text, ids, hidden in zip(TEXTS, js["ids"], js["hidden"]):
        mine = tok.encode(text, 512)
        if mine != ids:
            sys.exit(f"token ids differ for {text!r}: python {mine} vs transformers.js {ids}")
        x = torch.tensor([ids])
        with torch.no_grad():
            h = model(x, torch.ones_like(x), torch.zeros_like(x))[0].flatten()
        worst = max(worst, float((h - torch.tensor(hidden)).abs().max()))
    print(json.dumps({"texts": len(TEXTS), "max_abs_diff": worst}))
    if worst > 1e-4:
        sys.exit(f"embeddings differ by {worst} (> 1e-4)")


if __name__ == "__main__":
    main()
