"""A Python BERT tokenizer that reads a tokenizer.json (the base's WordPiece vocabulary and its normalizer) and
encodes exactly as transformers.js does with the same file, for training on the base's vocabulary.

Supported normalizers: BertNormalizer (clean_text, handle_chinese_chars, lowercase, strip_accents) and a Sequence
of NFKC followed by it. check_base.cjs compares the ids with transformers.js.

    tok = BaseTokenizer.load("models/base/bge-small-zh-v1.5/tokenizer.json")
    tok.encode("亲，XL码还有货吗？")   # [101, …, 102]
"""
import json
import unicodedata

from tokenization import _is_control, _is_whitespace, is_chinese_char, pre_tokenize, wordpiece


class BaseTokenizer:
    def __init__(self, spec):
        model = spec["model"]
        self.ids = dict(model["vocab"])
        self.vocab = [None] * (max(self.ids.values()) + 1)
        for token, i in self.ids.items():
            self.vocab[i] = token
        self.unk = self.ids[model.get("unk_token", "[UNK]")]
        self.cls, self.sep, self.pad, self.mask = (self.ids[t] for t in ("[CLS]", "[SEP]", "[PAD]", "[MASK]"))
        self.prefix = model.get("continuing_subword_prefix", "##")
        self.max_chars = model.get("max_input_chars_per_word", 100)
        norm = spec.get("normalizer") or {}
        steps = norm.get("normalizers", []) if norm.get("type") == "Sequence" else [norm]
        self.nfkc = any(s.get("type") == "NFKC" for s in steps)
        bert = next((s for s in steps if s.get("type") == "BertNormalizer"), {})
        self.lowercase = bool(bert.get("lowercase", True))
        strip = bert.get("strip_accents")
        self.strip_accents = self.lowercase if strip is None else bool(strip)
        self.handle_chinese = bool(bert.get("handle_chinese_chars", True))
        self.clean = bool(bert.get("clean_text", True))

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    def normalize(self, text):
        if self.nfkc:
            text = unicodedata.normalize("NFKC", text)
        out = []
        for ch in text:
            if self.clean and (ord(ch) == 0 or ord(ch) == 0xFFFD or _is_control(ch)):
                continue
            if self.clean and _is_whitespace(ch):
                out.append(" ")
            elif self.handle_chinese and is_chinese_char(ch):
                out.append(" " + ch + " ")
            else:
                out.append(ch)
        text = "".join(out)
        if self.lowercase:
            text = text.lower()
        if self.strip_accents:
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        return text

    def wordpiece(self, word):
        return wordpiece(word, self.ids, self.unk, self.prefix, self.max_chars)

    def tokenize_ids(self, text):
        ids = []
        for w in pre_tokenize(self.normalize(text)):
            ids.extend(self.wordpiece(w))
        return ids

    def encode(self, text, max_len=64):
        return [self.cls] + self.tokenize_ids(text)[: max_len - 2] + [self.sep]


def shop_tokenizer_json(base_spec, max_len=128):
    """The fine-tuned models' tokenizer.json: the base's vocabulary, with NFKC first (full-width ＸＬ → XL) and
    lowercase on (the base's vocabulary is lowercase; `XL` would be [UNK] otherwise)."""
    spec = json.loads(json.dumps(base_spec))
    spec["normalizer"] = {
        "type": "Sequence",
        "normalizers": [
            {"type": "NFKC"},
            {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": None, "lowercase": True},
        ],
    }
    spec["truncation"] = {"direction": "Right", "max_length": max_len, "strategy": "LongestFirst", "stride": 0}
    spec["padding"] = None
    return spec
