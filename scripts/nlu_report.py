"""Evaluate the trained model on the held-out NLU sets (tests/nlu/holdout_*.yml, never used for training).

Prints intent macro-F1 and entity F1 per language (and the weakest intents) and fails when intent macro-F1 is below
the target (0.92), or when a held-out sentence is also in the training data (data/nlu/), which would make it no
test at all.
    .venv/bin/python scripts/nlu_report.py [--target 0.92] [--model models/kansrijk.tar.gz --tag main]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def _sentences(path: Path) -> set[str]:
    """The example sentences of an NLU file, annotations removed, case, spacing and end punctuation ignored."""
    out: set[str] = set()
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        for line in str(block.get("examples") or "").splitlines() if "intent" in block else ():
            text = _ANNOTATION.sub(r"\1", line.strip()[2:].strip()) if line.strip().startswith("- ") else ""
            key = " ".join(text.lower().split()).rstrip(" .!?")
            if key:
                out.add(key)
    return out


def leaks(lang: str) -> set[str]:
    """Held-out sentences that are also training examples (after the same normalisation)."""
    training: set[str] = set()
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        training |= _sentences(path)
    return _sentences(ROOT / "tests" / "nlu" / f"holdout_{lang}.yml") & training


def evaluate(lang: str, model: Path, tag: str) -> tuple[float, float, int]:
    out = ROOT / "build" / "results" / f"nlu_{tag}_{lang}"
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "rasa"),
            "test",
            "nlu",
            "--model",
            str(model),
            "--nlu",
            str(ROOT / "tests" / "nlu" / f"holdout_{lang}.yml"),
            "--out",
            str(out),
            "--no-plot",
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    intents = json.loads((out / "intent_report.json").read_text())
    entity_file = out / "DIETClassifier_report.json"
    entities = json.loads(entity_file.read_text()) if entity_file.exists() else {}
    entity_f1 = entities.get("micro avg", entities.get("weighted avg", {})).get("f1-score", 0.0)
    weakest = sorted(
        (v["f1-score"], k)
        for k, v in intents.items()
        if isinstance(v, dict) and k not in ("macro avg", "weighted avg", "micro avg")
    )[:3]
    print(f"  weakest intents {lang}: " + ", ".join(f"{k} {f:.2f}" for f, k in weakest))
    return intents["macro avg"]["f1-score"], entity_f1, int(intents["macro avg"]["support"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", type=float, default=0.92)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "kansrijk.tar.gz")
    parser.add_argument("--tag", default="main", help="name of the results folder under build/results/")
    args = parser.parse_args()
    ok = True
    print(f"model: {args.model}")
    for lang in ("nl", "en"):
        intent_f1, entity_f1, n = evaluate(lang, args.model, args.tag)
        print(
            f"held-out NLU {lang}: {n} utterances, intent macro-F1 {intent_f1:.3f}, entity F1 (micro) {entity_f1:.3f}"
        )
        ok &= intent_f1 >= args.target
        leaked = leaks(lang)
        if leaked:
            print(f"held-out {lang}: {len(leaked)} sentences are also in the training data: {sorted(leaked)[:5]}")
            ok = False
    print(f"target intent macro-F1 >= {args.target} in each language:", "MET" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
