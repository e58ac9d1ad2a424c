"""The export's JSON encoder (orjson) writes what the documented format was written with:
``json.dumps(document, ensure_ascii=False, indent=2)`` with dates and timestamps as ISO 8601."""

import datetime
import json
import zoneinfo

from hypothesis import given
from hypothesis import strategies as st

from assure.plans import export

LONDON = zoneinfo.ZoneInfo("Europe/London")
# What the export holds: text without lone surrogates (the database cannot store them), whole
# numbers, booleans, nulls, dates and London timestamps to the second.
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
leaves = (
    texts
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.booleans()
    | st.none()
    | st.dates()
    | st.datetimes(
        min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2100, 1, 1)
    ).map(lambda d: d.replace(microsecond=0, tzinfo=LONDON))
)
documents = st.recursive(
    leaves,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=30,
)


def _stdlib(value) -> bytes:
    text = json.dumps(value, default=lambda v: v.isoformat(), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


@given(documents)
def test_the_export_encoder_writes_what_json_dumps_indent_2_wrote(document):
    assert export.to_json(document) == _stdlib(document)


def test_control_characters_quotes_and_non_ascii_are_written_alike():
    document = {"text": 'x\x1f\n\t"\\ é 😀 \u2028 </script>', "empty": [], "nothing": {}}
    assert export.to_json(document) == _stdlib(document)
