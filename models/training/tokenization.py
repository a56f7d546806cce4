"""Vocabulary building, tokenizer.json writing and a Python BERT tokenizer that mirrors
Hugging Face tokenizers / transformers.js (BertNormalizer + BertPreTokenizer + WordPiece).

The Python encoder is used for training; check_tokenizer.mjs verifies it against transformers.js.
"""
import collections
import json
import os
import unicodedata

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PAD, UNK, CLS, SEP, MASK = range(5)
HERE = os.path.dirname(os.path.abspath(__file__))

# Full-width / CJK punctuation and symbols shoppers type.
CJK_PUNCT = list("，。！？、；：“”‘’（）【】《》〈〉「」『』…—～·￥％＋－＝＠＃＆＊／＼｜＜＞〔〕［］｛｝〃々〇")
SYMBOLS = list("×÷±°℃℉®©™€£¥§¶†‰′″←→↑↓√∞≈≠≤≥①②③④⑤⑥⑦⑧⑨⑩★☆♥♡●○■□▲△◆◇♪✓✔✗✘～")
# Common emoji (single code points; variation selectors are stripped by the normalizer).
EMOJI = list(
    "😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩🤔🤨😐😑😶🙄😏😣😥😮🤐😯😪😫🥱😴😌😛😜😝🤤😒😓😔😕🙃🤑😲🙁😖😞😟"
    "😤😢😭😦😧😨😩🤯😬😰😱🥵🥶😳🤪😵🥴😠😡🤬😷🤒🤕🤢🤮🤧😇🥳🥺🤠🤡🤥🤫🤭🧐🤓😈👿💀👻👽🤖💩😺😸😹😻😼😽🙀😿😾"
    "🙈🙉🙊💋💌💘💝💖💗💓💞💕💟💔❤🧡💛💚💙💜🤎🖤🤍💯💢💥💫💦💨💬💭💤👋🤚✋🖖👌🤏✌🤞🤟🤘🤙👈👉👆👇☝👍👎✊👊🤛🤜👏🙌👐🤲🤝🙏"
    "💪👀👄👶👧🧒👦👩🧑👨👵👴🙅🙆💁🙋🤦🤷🎁🎉🎊🎈🔥✨⭐🌟💰💵💴💳📦🚚🚛✈📱💻⌚📷🎧👗👕👖👟👠👜💄🧴🍎🍓🍰🍬☕🍵🍼🧸🏠🛒"
    "❓❔❗❕⁉‼✅❌⭕🆗🆘🉑🈶🈚🈲🉐㊗㊙🌹🌸🌈☀🌙⚡💡📞☎📧⏰⌛🕐🤙🆕🆓🔔🔕📢🚫⛔🐶🐱🐷🐂🍀🎀"
)
ASCII_PRINTABLE = [chr(c) for c in range(33, 127) if not chr(c).isupper()]


def _is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")


def _is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_chinese_char(ch):
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def normalize(text):
    """BertNormalizer(clean_text, handle_chinese_chars, lowercase, strip_accents=None)."""
    out = []
    for ch in text:
        if ord(ch) == 0 or ord(ch) == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif is_chinese_char(ch):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    text = "".join(out).lower()
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def pre_tokenize(text):
    """BertPreTokenizer: split on whitespace, isolate punctuation."""
    words, cur = [], []
    for ch in text:
        if _is_whitespace(ch):
            if cur:
                words.append("".join(cur))
                cur = []
        elif _is_punct(ch):
            if cur:
                words.append("".join(cur))
                cur = []
            words.append(ch)
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    return words


def wordpiece(word, ids, unk, prefix="##", max_chars=100):
    """Greedy longest-match-first WordPiece ids of one pre-tokenized word (Hugging Face's algorithm)."""
    chars = list(word)
    if len(chars) > max_chars:
        return [unk]
    out, start = [], 0
    while start < len(chars):
        end, found = len(chars), None
        while start < end:
            sub = "".join(chars[start:end])
            if start > 0:
                sub = prefix + sub
            if sub in ids:
                found = ids[sub]
                break
            end -= 1
        if found is None:
            return [unk]
        out.append(found)
        start = end
    return out


class Tokenizer:
    def __init__(self, vocab):
        self.vocab = list(vocab)
        self.ids = {t: i for i, t in enumerate(self.vocab)}

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls([t.rstrip("\n") for t in f])

    def wordpiece(self, word):
        return wordpiece(word, self.ids, UNK)

    def tokenize_ids(self, text):
        ids = []
        for w in pre_tokenize(normalize(text)):
            ids.extend(self.wordpiece(w))
        return ids

    def encode(self, text, max_len=64):
        ids = self.tokenize_ids(text)[: max_len - 2]
        return [CLS] + ids + [SEP]

    def tokens(self, text):
        return [self.vocab[i] for i in self.encode(text, 10_000)]


def load_common_chars(path=os.path.join(HERE, "data", "common_chars.txt")):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip()]


def _ascii_words(texts):
    words = collections.Counter()
    for t in texts:
        for w in pre_tokenize(normalize(t)):
            if w.isascii() and w.isalnum():
                words[w] += 1
    return words


def build_vocab(texts=(), max_size=8000, min_word=3, max_words=700, max_pieces=250):
    """Specials, ASCII, CJK punctuation/symbols, emoji (+## forms), corpus CJK chars, common chars,
    frequent whole ASCII words from the corpus and frequent ## word-pieces, deduplicated, ≤ max_size."""
    vocab, seen = [], set()

    def add(tok):
        if tok not in seen:
            seen.add(tok)
            vocab.append(tok)

    for t in SPECIALS:
        add(t)
    for t in ASCII_PRINTABLE + CJK_PUNCT + SYMBOLS + EMOJI:
        add(t)
    for t in [c for c in ASCII_PRINTABLE if c.isalnum()] + SYMBOLS + EMOJI:
        add("##" + t)  # so letters/digits/emoji glued to anything still tokenize
    for t in "🏻🏼🏽🏾🏿":
        add("##" + t)  # emoji skin-tone modifiers
    for n in range(10, 100):
        add(str(n))
        add("##" + str(n))
    words = _ascii_words(texts)
    for w, n in words.most_common(max_words):
        if n >= min_word and len(w) > 1:
            add(w)
    pieces = collections.Counter()
    for w, n in words.items():
        for i in range(1, len(w)):
            for j in range(i + 2, min(len(w), i + 4) + 1):
                pieces[w[i:j]] += n
    for p, n in pieces.most_common(max_pieces):
        if n >= min_word:
            add("##" + p)
    corpus_chars = collections.Counter(ch for t in texts for ch in normalize(t) if is_chinese_char(ch))
    for ch, _ in corpus_chars.most_common():
        add(ch)
    for ch in load_common_chars():
        if len(vocab) >= max_size:
            break
        add(ch)
    return vocab[:max_size]


def tokenizer_json(vocab, max_len):
    special = {t: {"id": t, "ids": [vocab.index(t)], "tokens": [t]} for t in ("[CLS]", "[SEP]")}
    return {
        "version": "1.0",
        "truncation": {"direction": "Right", "max_length": max_len, "strategy": "LongestFirst", "stride": 0},
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
            for i, t in enumerate(SPECIALS)
        ],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": special,
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(vocab)}},
    }


def tokenizer_config(max_len):
    return {
        "tokenizer_class": "BertTokenizer",
        "do_lower_case": True,
        "tokenize_chinese_chars": True,
        "strip_accents": None,
        "model_max_length": max_len,
        "padding_side": "right",
        "truncation_side": "right",
        "clean_up_tokenization_spaces": True,
        "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]",
    }


def write_tokenizer_files(out_dir, vocab, max_len):
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab, max_len), f, ensure_ascii=False)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_config(max_len), f, ensure_ascii=False, indent=2)
    with open(os.path.join(out_dir, "special_tokens_map.json"), "w", encoding="utf-8") as f:
        json.dump({"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                   "mask_token": "[MASK]"}, f, indent=2)
    with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
