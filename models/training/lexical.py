"""Character n-grams of a message for the lexical head; must match src/nlu/bert/lexical-head.js `ngrams`."""
import re

WHITESPACE = re.compile(r"\s+")
# Whitespace next to a non-ASCII character is dropped ("我 想 问" -> "我想问"): publishers' segmented text.
GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def ngrams(text, max_n=3):
    """Lower-case, collapse whitespace, drop spaces beside CJK, then every run of 1..max_n code points."""
    t = GAP.sub("", WHITESPACE.sub(" ", text.lower()).strip())
    chars = list(t)
    out = list(chars)
    for n in range(2, max_n + 1):
        out += ["".join(chars[i:i + n]) for i in range(len(chars) - n + 1)]
    return out
