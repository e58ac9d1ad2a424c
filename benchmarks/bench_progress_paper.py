"""How long the board's progress paper takes to render for a plan with 50 recommendations and 7
units (5 districts, the central unit and the High Tech Crime Unit), each assignment with three
updates. Target: under 3 seconds for the PDF.

    uv run python benchmarks/bench_progress_paper.py
"""

import datetime
import os
import sys
import time
import zoneinfo


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assure.config.settings.test")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0)

    from assure.accounts.models import Organisation
    from assure.core.audit import SystemActor
    from assure.governance.papers import documents, render
    from assure.inspections import services as inspections
    from assure.inspections.deadlines import DeadlineRule
    from assure.plans import services as plans
    from assure.site.demo import load_demo

    load_demo()
    actor = SystemActor("benchmark")
    force = Organisation.objects.get(slug="west-yorkshire")
    inspection = inspections.inspection_create(
        actor=actor,
        force=force,
        title="Benchmark inspection",
        published_on=datetime.date(2015, 1, 13),
    )
    plan = plans.action_plan_create(actor=actor, inspection=inspection)
    units = list(force.units.filter(kind__in=["central", "specialist"]))
    tz = zoneinfo.ZoneInfo("Europe/London")
    built = time.perf_counter()
    for n in range(1, 51):
        rec = inspections.recommendation_add(
            actor=actor,
            inspection=inspection,
            ref=str(n),
            area=f"Area {n % 7}",
            text=f"Recommendation {n}: within three months the force should improve.",
            deadline=DeadlineRule("within", 3, "months"),
        )
        action = plans.action_create(actor=actor, plan=plan, recommendation=rec, title=f"Act {n}")
        assignments = plans.assignments_create_for_districts(actor=actor, action=action)
        assignments += [plans.assignment_create(actor=actor, action=action, unit=u) for u in units]
        for k, a in enumerate(assignments):
            for month in (2, 5, 9):
                plans.update_add(
                    actor=actor,
                    assignment=a,
                    narrative="Progress",
                    rag="amber" if k % 3 else "green",
                    percent_complete=month * 10,
                    created_at=datetime.datetime(2015, month, 10, 10, tzinfo=tz),
                )
    print(
        f"built 50 recommendations x {len(units) + 5} units in {time.perf_counter() - built:.1f}s"
    )
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        document = documents.progress_paper(inspection)
        built_at = time.perf_counter()
        pdf = render.to_pdf(document)
        print(f"  build {built_at - start:.2f}s, set {time.perf_counter() - built_at:.2f}s")
        timings.append(time.perf_counter() - start)
    import weasyprint

    html = render.to_html(document)
    for options in ({"pdf_tags": True}, {"pdf_variant": "pdf/ua-1"}, {}):
        start = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf(**options)
        print(f"  WeasyPrint {options or 'untagged'}: {time.perf_counter() - start:.2f}s")
    start = time.perf_counter()
    word = render.to_docx(document)
    docx_seconds = time.perf_counter() - start
    best = min(timings)
    print(f"progress paper PDF: best {best:.2f}s of {len(timings)} ({len(pdf) // 1024} KB)")
    print(f"progress paper DOCX (set only): {docx_seconds:.2f}s ({len(word) // 1024} KB)")
    print("target: under 3 s —", "met" if best < 3 else "NOT met")
    sys.exit(0 if best < 3 else 1)


if __name__ == "__main__":
    main()
