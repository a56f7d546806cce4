"""One-off helper: derive a frequency-ordered list of common Chinese characters.

Reads the word-frequency dictionary shipped with Debian's `python3-jieba` (MIT licence), sums each
word's frequency onto its characters and writes the top N GB2312 hanzi, most frequent first, to
data/common_chars.txt (one character per line). The result is committed, so training never needs
jieba; rerun only to regenerate the list:

    apt-get install python3-jieba
    /usr/bin/python3 models/training/make_charlist.py --top 5600
"""
import argparse
import collections
import os

import jieba


def is_cjk(ch: str) -> bool:
    """A simplified-Chinese character from GB2312 (its 6,763 hanzi: the 3,755 level-1 常用字 + level 2)."""
    if not 0x4E00 <= ord(ch) <= 0x9FFF:
        return False
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=5600)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "data", "common_chars.txt"))
    args = ap.parse_args()
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    freq = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, n = parts[0], int(parts[1])
            for ch in word:
                if is_cjk(ch):
                    freq[ch] += n
    chars = [c for c, _ in freq.most_common(args.top)]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(chars) + "\n")
    print(f"wrote {len(chars)} characters to {args.out}")


if __name__ == "__main__":
    main()
