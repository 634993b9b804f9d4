"""Keep data/catalog/schools/demo-school.json (the fictional demo school) up to date, deterministically.

By default the committed school is kept and every current technical qualification it lacks is added (see
bot.catalog.synthetic.top_up); `--new` draws the whole school again (every start date and route changes).
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.catalog.synthetic import demo_school, top_up
from bot.paths import DATA_DIR

out = DATA_DIR / "schools" / "demo-school.json"
if "--new" in sys.argv[1:] or not out.exists():
    schools = demo_school(DATA_DIR)
else:
    schools = top_up(json.loads(out.read_text(encoding="utf-8")), DATA_DIR)
out.write_text(json.dumps(schools, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {out}")
