"""The support programmes the platform starts with (``data/programmes.json``), each checked by the rule
evaluator before it enters: a programme whose rules name an unknown field never reaches the graph."""

import json
import time
from pathlib import Path

from graph import programmes
from graph.store import GraphStore
from recommend.programmes import rules

DATA = Path(__file__).parent / "data" / "programmes.json"


def shipped() -> list[dict]:
    """The shipped programmes, rules checked."""
    found = json.loads(DATA.read_text(encoding="utf-8"))
    for programme in found:
        rules.check(programme["rules"])
    return found


def load(store: GraphStore) -> None:
    """Create the shipped programmes missing from the graph (those there are left as staff made them)."""
    programmes.load(store, shipped(), int(time.time() * 1000), "shipped with Jisr")
