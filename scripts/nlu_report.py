"""Evaluate the trained model on the held-out NLU sets (tests/nlu/holdout_*.yml, never used for training).

Prints intent macro-F1 and entity F1 per language and fails when intent macro-F1 is below the target (0.92).
    .venv/bin/python scripts/nlu_report.py [--target 0.92] [--model models/kansrijk.tar.gz --tag main]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def evaluate(lang: str, model: Path, tag: str) -> tuple[float, float, int]:
    out = ROOT / "build" / "results" / f"nlu_{tag}_{lang}"
    subprocess.run([str(ROOT / ".venv" / "bin" / "rasa"), "test", "nlu", "--model", str(model),
                    "--nlu", str(ROOT / "tests" / "nlu" / f"holdout_{lang}.yml"), "--out", str(out), "--no-plot"],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    intents = json.loads((out / "intent_report.json").read_text())
    entity_file = out / "DIETClassifier_report.json"
    entities = json.loads(entity_file.read_text()) if entity_file.exists() else {}
    entity_f1 = entities.get("micro avg", entities.get("weighted avg", {})).get("f1-score", 0.0)
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
        print(f"held-out NLU {lang}: {n} utterances, intent macro-F1 {intent_f1:.3f}, entity F1 (micro) {entity_f1:.3f}")
        ok &= intent_f1 >= args.target
    print(f"target intent macro-F1 >= {args.target} in each language:", "MET" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
