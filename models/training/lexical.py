"""Character n-grams and word-group tokens of a message for the lexical head, and the two hashes a feature
is stored by; must match src/nlu/bert/lexical-head.js (`normalise`, `ngrams`, `lexiconTokens`, `hashNgram`)."""
import re

WHITESPACE = re.compile(r"\s+")
# Whitespace next to a non-ASCII character is dropped ("我 想 问" -> "我想问"): publishers' segmented text.
GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
H1_SEED = 0x811C9DC5
H2_SEED = 0x9747B28C
M32 = 0xFFFFFFFF
LEXICON_MARK = "\x01"  # word-group tokens are "\x01" + group name, hashed like n-grams


def normalise(text):
    """Lower-case, collapse whitespace, drop spaces beside non-ASCII characters."""
    return GAP.sub("", WHITESPACE.sub(" ", text.lower()).strip())


def ngrams(text, max_n=3):
    """Every run of 1..max_n code points of the normalised text, shortest first."""
    chars = list(normalise(text))
    out = []
    for n in range(1, max_n + 1):
        out += ["".join(chars[i:i + n]) for i in range(len(chars) - n + 1)]
    return out


def lexicon_tokens(text, lexicon):
    """One token per word group with a word in the normalised text (twice when two or more of its words are)."""
    t = normalise(text)
    out = []
    for group, words in lexicon.items():
        hits = sum(1 for w in words if w in t)
        out += [LEXICON_MARK + group] * min(hits, 2)
    return out


def features(text, lexicon=None, max_n=3):
    """What the head counts: the n-grams, then the word-group tokens."""
    return ngrams(text, max_n) + (lexicon_tokens(text, lexicon) if lexicon else [])


def hash_ngram(gram):
    """(h1, h2): FNV-1a and a multiply-xorshift hash over the code points, 32 bits each."""
    h1, h2 = H1_SEED, H2_SEED
    for ch in gram:
        c = ord(ch)
        h1 = ((h1 ^ c) * 0x01000193) & M32
        x = ((h2 ^ c) * 0x5BD1E995) & M32
        h2 = x ^ (x >> 15)
    return h1, h2
