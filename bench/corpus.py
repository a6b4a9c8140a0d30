"""A deterministic corpus of synthetic condition guides for the benchmark.

``python bench/corpus.py OUT_DIR COUNT`` writes COUNT guides of about 3.7 KB
each, the same bytes on every run for the same COUNT and seed: front matter,
an intro, two to four sections with lists, links, quotes, tables, callouts
and cited references, then an FAQ of 4 to 12 questions.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

_TEXT = (
    "pain nerve tension fascia gentle session practitioner evidence review trial muscle spine sacrum"
    " skull membrane breathing relaxation doctor symptoms treatment therapy stress sleep posture"
    " recovery movement pressure tissue jaw neck shoulder back headache comfort support attention"
    " research people often usually sometimes may might should rarely clearly small large mild"
    " severe chronic acute daily weekly months years body system change improve reduce ease settle"
)
WORDS = tuple(_TEXT.split())
CONDITIONS = (
    "Sciatica", "Migraine", "Tinnitus", "Whiplash", "Fibromyalgia", "Insomnia", "Colic", "Vertigo",
    "Plantar fasciitis", "Frozen shoulder", "Tension headache", "Neck pain", "Low back pain",
    "Scoliosis",
)  # fmt: skip
SECTION_TITLES = (
    "How craniosacral therapy helps", "What the evidence says", "What to expect", "When to see a doctor",
    "Living with the condition", "Causes and triggers", "Self-care between sessions", "Safety",
)  # fmt: skip
QUESTION_STARTS = (
    "Can CST help with", "Is CST safe for", "How many sessions for", "Does CST hurt with",
    "Should I see a doctor about", "What causes", "How long does it take to ease",
    "Can children have CST for",
    "Is there evidence on", "Can I combine CST with medicines for", "What happens after a session for",
    "Who should avoid CST for", "How often should I book for",
)  # fmt: skip


class _Writer:
    def __init__(self, rng: random.Random, number: int) -> None:
        self.rng = rng
        self.number = number
        self.links = 0

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def sentence(self) -> str:
        text = self.words(5, 11)
        roll = self.rng.random()
        if roll < 0.15:
            self.links += 1
            text += f" [{self.words(2, 4)}](https://example.org/ref/{self.number}/{self.links})"
        elif roll < 0.25:
            text += f" *{self.words(1, 3)}*"
        elif roll < 0.32:
            text += f" **{self.words(1, 2)}**"
        elif roll < 0.36:
            text += f" `{self.rng.choice(WORDS)}`"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def bullet_list(self) -> str:
        return "\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(2, 5)))

    def ordered_list(self) -> str:
        return "\n".join(f"{i}. {self.sentence()}" for i in range(1, self.rng.randint(3, 5)))

    def quote(self) -> str:
        return f"> {self.paragraph(1, 2)}"

    def block(self) -> str:
        roll = self.rng.random()
        if roll < 0.5:
            return self.paragraph()
        if roll < 0.7:
            return self.bullet_list()
        if roll < 0.85:
            return self.ordered_list()
        return self.quote()

    def question(self, used: set[str]) -> str:
        while True:
            text = f"{self.rng.choice(QUESTION_STARTS)} {self.words(1, 3)}?"
            if text not in used:
                used.add(text)
                return text

    def guide(self) -> str:
        rng = self.rng
        condition = rng.choice(CONDITIONS)
        lines = [
            "---",
            f"title: Craniosacral Therapy for {condition} ({self.number})",
            f"slug: guide-{self.number:05d}",
            f"summary: {self.sentence()}",
            "condition:",
            f"  name: {condition}",
            f"  alternate_names: [{self.words(1, 2).title()}]",
            "language: en",
            f"published: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "authors:",
            "  - name: Alex Morgan",
            "    job_title: Craniosacral therapist",
            "---",
            "",
            self.paragraph(2, 4),
        ]
        for title in rng.sample(SECTION_TITLES, rng.randint(2, 4)):
            lines += ["", f"## {title}", "", self.paragraph(2, 4)]
            for _ in range(rng.randint(0, 2)):
                lines += ["", self.block()]
        lines += ["", "## Frequently asked questions"]
        used: set[str] = set()
        for _ in range(rng.randint(4, 12)):
            lines += ["", f"### {self.question(used)}", "", self.paragraph(1, 2)]
            if rng.random() < 0.2:
                lines += ["", self.bullet_list()]
        return "\n".join(lines) + "\n"


def guide_text(number: int, seed: int = 1) -> str:
    """Return the Markdown source of guide `number` (the same text for the same arguments)."""
    return _Writer(random.Random(f"{seed}:{number}"), number).guide()


def write_corpus(out_dir: Path, count: int, seed: int = 1) -> list[Path]:
    """Write guides ``guide-00000.md`` ... into `out_dir`; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = out_dir / f"guide-{number:05d}.md"
        path.write_text(guide_text(number, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Write a corpus from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.out_dir, args.count, args.seed)


if __name__ == "__main__":
    main()
