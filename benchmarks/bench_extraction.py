"""Time ``extract`` on a ~200-page report built from the seed's sections.

Run with ``uv run python benchmarks/bench_extraction.py``. Real reports run to a
couple of hundred pages; extraction happens inside a web request, so it must stay
well under a second (the target) and, above all, must not blow up on long inputs
(catastrophic regex backtracking would show here as a superlinear time).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from assure.inspections.extraction import extract

SEED = (
    Path(__file__).resolve().parents[1]
    / "src/assure/inspections/seed/hmic-wyp-2014-child-protection.txt"
)
PAGES = 200
CHARS_PER_PAGE = 3_000
RUNS = 7

AREAS = ["Initial contact", "MISPERS", "Investigations", "Decision Making", "CSE and HTCU"]
DEADLINES = ["Within three months", "Immediately", "By 31 March 2015", "Within 12 weeks", ""]


def _section(n: int) -> str:
    """One chapter: narrative, a findings list and a recommendations section with areas."""
    seed = SEED.read_text(encoding="utf-8")
    narrative = seed.split("2.0")[0].split("\n", 1)[1]
    recs = [f"{n}.0\tKEY RECOMMENDATIONS", ""]
    for k, area in enumerate(AREAS, start=1):
        deadline = DEADLINES[(n + k) % len(DEADLINES)]
        lead = f"{deadline} the force should" if deadline else "The force should"
        recs += [
            f"{n}.{k}\t{area}",
            f"\u00b7 {lead} review its approach to {area.lower()} with partners so that it is "
            "sure that children are safeguarded. As a minimum it should:",
            "- ensure that supervisors check every referral within the shift;",
            "- audit a sample of cases each quarter; and",
            "- report the results to the Strategic Safeguarding Board.",
            "\u00b7 Take steps to reduce delays with regards to the high tech unit.",
            "",
        ]
    findings = [f"{n}.9\tKEY FINDINGS", ""] + [
        f"\u00b7 Finding {n}.{k}: the force has an inconsistent approach to CSE across districts."
        for k in range(1, 6)
    ]
    update = [
        f"{n}.8\tFORCE UPDATE",
        f"{n}.8.1 The action plan was submitted immediately and within the required time frame.",
    ]
    return "\n".join([narrative, *findings, "", *recs, *update, ""])


def build_report(pages: int = PAGES) -> str:
    """Repeat varied chapters until the text is about ``pages`` pages long."""
    target = pages * CHARS_PER_PAGE
    parts = ["RESULTS OF HMIC CHILD PROTECTION INSPECTION", ""]
    size, n = 0, 1
    while size < target:
        section = _section(n)
        parts.append(section)
        size += len(section)
        n += 1
    return "\n".join(parts)


def main() -> None:
    text = build_report()
    timings = []
    result = None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = extract(text)
        timings.append(time.perf_counter() - start)
    assert result is not None
    print(f"pages (~{CHARS_PER_PAGE} chars each): {len(text) / CHARS_PER_PAGE:.0f}")
    print(f"characters:          {len(text):,}")
    print(f"lines:               {text.count(chr(10)) + 1:,}")
    print(f"findings found:      {len(result.findings):,}")
    print(f"recommendations:     {len(result.recommendations):,}")
    print(f"runs:                {RUNS}")
    print(f"best seconds:        {min(timings):.3f}")
    print(f"median seconds:      {statistics.median(timings):.3f}")
    verdict = "OK" if min(timings) < 1.0 else "SLOWER THAN TARGET"
    print(f"target < 1.0 s:      {verdict}")


if __name__ == "__main__":
    main()
