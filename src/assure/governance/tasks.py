"""Background rendering of papers (Django's tasks framework; the database backend and its
``db_worker`` in the embedded default, docs/adr/0008). The job row says how far it has got, so
the meeting page can show progress; the paper itself is written by the audited service."""

from django.tasks import task

from assure.core.audit import SystemActor

from .models import JobState, PaperJob


def _set(job_id: int, **fields) -> None:
    # Progress is bookkeeping of the job, not a domain write: the paper and its audit event are
    # written by paper_generate, in one transaction, only when it is complete.
    PaperJob.objects.filter(pk=job_id).update(**fields)


@task
def render_paper(job_id: int) -> int | None:
    from .services import paper_generate

    job = PaperJob.objects.select_related("meeting__board__force").get(pk=job_id)
    _set(job_id, state=JobState.RUNNING, progress=5, step="Started")
    meeting = job.meeting
    inspection = _meeting_inspection(meeting)
    try:
        if inspection is None:
            raise ValueError("The board’s force has no inspection to write about")
        paper = paper_generate(
            actor=SystemActor(f"paper task for {job.requested_by or 'system'}"),
            inspection=inspection,
            kind=job.kind,
            format=job.format,
            meeting=meeting,
            progress=lambda percent, text: _set(job_id, progress=percent, step=text),
        )
    except Exception as error:
        _set(job_id, state=JobState.FAILED, error=str(error)[:500])
        raise
    _set(job_id, state=JobState.DONE, progress=100, step="Done", paper=paper)
    return paper.pk


def _meeting_inspection(meeting):
    item = meeting.agenda.filter(plan__isnull=False).select_related("plan__inspection").first()
    if item is not None:
        return item.plan.inspection
    return meeting.board.force.inspections.order_by("-published_on").first()
