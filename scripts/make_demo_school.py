"""Regenerate data/catalog/schools/demo-school.json (the fictional demo school) deterministically."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.catalog.synthetic import demo_school
from bot.paths import DATA_DIR

out = DATA_DIR / "schools" / "demo-school.json"
out.write_text(json.dumps(demo_school(DATA_DIR), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {out}")
