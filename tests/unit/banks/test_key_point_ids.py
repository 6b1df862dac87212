"""Key point ids are primary keys across every bank: two essays sharing one broke the load."""

from collections import Counter
from pathlib import Path

from tests import fastyaml

BANKS = Path(__file__).resolve().parents[3] / "questions" / "banks"


def test_no_key_point_id_is_claimed_by_two_essays():
    ids = Counter(kp["id"] for path in sorted(BANKS.glob("*.yaml"))
                  for item in fastyaml.load(path.read_text(encoding="utf-8"))["items"]
                  for kp in item.get("key_points") or [])
    assert ids and [k for k, n in ids.items() if n > 1] == []
