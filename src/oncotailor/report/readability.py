"""Flesch–Kincaid grade, offline, from pyphen's bundled hyphenation dictionary.

FK grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59 (Kincaid et al. 1975,
RBR 8-75). Syllables are counted as pyphen hyphenation points + 1, the method textstat 0.7.4 uses, so
the two agree (a test checks it); textstat ≥ 0.7.5 downloads CMUdict and cannot run offline.

Run ``python -m oncotailor.report.readability examples/*.yaml`` to print the grade of every example's
patient report.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

import pyphen

_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9'’-]+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


@lru_cache(maxsize=4)
def _dic(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=lang)


def syllables(word: str, lang: str = "en_US") -> int:
    w = word.lower().strip("'’-")
    if not w:
        return 0
    return len(_dic(lang).positions(w)) + 1


def fk_grade(text: str, lang: str = "en_US") -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    syl = sum(syllables(w, lang) for w in words)
    return round(0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59, 2)


def main(argv: list[str]) -> int:
    from oncotailor.pipeline import analyze
    from oncotailor.readers import read_case
    from oncotailor.report.patient import build_view

    for path in argv:
        view = build_view(analyze(read_case(path)))
        own, shown, engines = " ".join(view.prose()), " ".join(view.shown_prose()), " ".join(view.engine_texts())
        line = (f"{path}: generated prose FK {fk_grade(own):.2f} with names masked, {fk_grade(shown):.2f} as shown "
                f"({len(own.split())} words)")
        if engines:
            line += f"; engine patient texts FK {fk_grade(engines):.2f} ({len(engines.split())} words)"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
