"""Build the Dutch spaCy pipeline used by the NLU experiment: spacy.blank("nl") plus a lookup lemmatizer whose
tables come from the spacy-lookups-data package, saved to build/spacy-nl and loaded by path (nothing downloaded).

    .venv/bin/python scripts/build_spacy_nl.py [target]
"""

import sys
from pathlib import Path

import spacy

target = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "build" / "spacy-nl")
nlp = spacy.blank("nl")
nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
nlp.initialize()
doc = nlp("ik vind de zonnepanelen en auto's leuk, wij werkten aan motoren")
print("lemmas:", [t.lemma_ for t in doc])
nlp.to_disk(target)
print(f"saved {target}")
