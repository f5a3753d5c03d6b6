"""The import's slow parts as background tasks (django-tasks): checking every record of an
uploaded file, and saving it in chunks, so that no web request waits for either.

Each task names the upload by id and digest: a newer upload (or a cancel) in the meantime
changes or removes the row, and the task then quietly does nothing. The page polls the row's
``state`` and progress (portability/views.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django_tasks import task

from .applying import apply_plan, rows_to_write
from .importing import plan_import
from .models import PendingImport
from .reading import ImportFileError, read_document

State = PendingImport.State


class ImportStopped(Exception):
    """The upload was cancelled or replaced while its records were being saved."""


def _mine(pending_id: int, digest: str) -> QuerySet[PendingImport]:
    return PendingImport.objects.filter(pk=pending_id, digest=digest)


def check_pending_import(pending: PendingImport) -> PendingImport:
    """Checks every record of the upload against its owner's account; keeps the outcome."""
    row = _mine(pending.pk, pending.digest)
    try:
        document = read_document(pending.content.encode())
    except ImportFileError as error:  # checked at upload; only a changed rule gets here
        row.filter(state=State.CHECKING).update(state=State.FAILED, outcome={"file": str(error)})
    else:
        plan = plan_import(pending.user, document)
        row.filter(state=State.CHECKING).update(
            state=State.READY, outcome=plan.outcome(), total_rows=plan.to_add
        )
    pending.refresh_from_db()
    return pending


def save_pending_import(pending: PendingImport) -> None:
    """Saves a checked upload in chunks, telling the row how far it got. The records are
    checked again against the account as it is now (another tab may have added some)."""
    row = _mine(pending.pk, pending.digest)
    document = read_document(pending.content.encode())

    def progress(done: int) -> None:
        if not row.update(done_rows=done):
            raise ImportStopped  # cancelled: what is saved stays, a new import adds the rest

    plan = plan_import(pending.user, document)
    if plan.errors:
        row.update(state=State.READY, outcome=plan.outcome())
        return
    row.update(total_rows=rows_to_write(plan), done_rows=0)
    try:
        apply_plan(pending.user, plan, progress)
    except ImportStopped:
        return
    row.update(state=State.DONE, outcome=plan.outcome())


@task(queue_name=settings.TASKS_QUEUE)
def check_import(pending_id: int, digest: str) -> bool:
    pending = _mine(pending_id, digest).select_related("user").first()
    if pending is None or pending.state != State.CHECKING:
        return False
    check_pending_import(pending)
    return True


@task(queue_name=settings.TASKS_QUEUE)
def run_import(pending_id: int, digest: str) -> bool:
    pending = _mine(pending_id, digest).select_related("user").first()
    if pending is None or pending.state != State.IMPORTING:
        return False
    try:
        save_pending_import(pending)
    except Exception:
        _mine(pending_id, digest).update(state=State.FAILED)
        raise
    return True
