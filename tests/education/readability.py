"""The Flesch-Kincaid grade of a Learn page's prose, counted the way textstat counted it up to
0.7.3: syllables from pyphen's US English hyphenation (one more than its break points), words
and sentences from the text. textstat itself now needs a pronouncing dictionary fetched at run
time, which the test machines cannot do; pyphen ships its dictionaries.

Grade = 0.39 * words per sentence + 11.8 * syllables per word - 15.59.
"""

import re
from functools import cache
from html import unescape

import pyphen

SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|:\s*$", re.M)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Blocks whose text is prose; tables (numbers and food names) are not.
PROSE = re.compile(r"<(p|li|h[2-4]|dd|dt)\b[^>]*>(.*?)</\1>", re.S)


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    return len(_dictionary().positions(word.lower())) + 1


def prose_of(html: str) -> list[str]:
    """Each block of prose in ``html``, as plain text, tables left out."""
    html = re.sub(r"<table\b.*?</table>", " ", html, flags=re.S)
    blocks = []
    for _, inner in PROSE.findall(html):
        text = unescape(re.sub(r"<[^>]+>", " ", inner))
        text = " ".join(text.split())
        if text:
            blocks.append(text)
    return blocks


def grade(blocks: list[str]) -> float:
    """Flesch-Kincaid grade of the blocks; a block with no full stop counts as one sentence."""
    sentences = 0
    words: list[str] = []
    for block in blocks:
        words += WORD.findall(block)
        sentences += max(1, len(SENTENCE_END.findall(block)))
    if not words:
        return 0.0
    per_sentence = len(words) / sentences
    per_word = sum(syllables(word) for word in words) / len(words)
    return 0.39 * per_sentence + 11.8 * per_word - 15.59
