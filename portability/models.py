from django.conf import settings
from django.db import models


class PendingImport(models.Model):
    """An uploaded export file between its preview and its confirmation; one per person.

    Its records are checked, and later saved, by background tasks (portability/tasks.py):
    ``state`` says where it is, ``outcome`` keeps what the check found (what the preview
    shows), and ``done_rows`` of ``total_rows`` is the progress bar while it is saved.

    Kept on the server rather than sent back with the confirmation: a file of up to 20 MB in
    a hidden field would make the browser upload it twice and need a request size limit that
    large on every form of the site. The row belongs to its person (deleted with the account),
    is replaced by their next upload and removed once confirmed or cancelled, or after a day
    (portability/views.py).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_import"
    )
    file_name = models.CharField(max_length=200, blank=True)
    content = models.TextField()
    # The confirmation names the file it confirms: a newer upload in another tab changes it.
    digest = models.CharField(max_length=64)
    uploaded = models.DateTimeField(auto_now=True)

    class State(models.TextChoices):
        CHECKING = "checking", "Checking the file"
        READY = "ready", "Checked, waiting for a yes"
        IMPORTING = "importing", "Saving"
        DONE = "done", "Saved"
        FAILED = "failed", "Stopped by an error"

    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKING)
    # ImportPlan.outcome(): counts, problems and profile changes, for the preview.
    outcome = models.JSONField(null=True, blank=True)
    done_rows = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "accounts_pendingimport"  # made in accounts before portability had an app

    WORKING = (State.CHECKING, State.IMPORTING)

    def __str__(self):
        return f"Import of {self.file_name or 'a file'} for {self.user}"

    @property
    def working(self) -> bool:
        return self.state in self.WORKING

    @property
    def percent(self) -> int:
        return min(100, self.done_rows * 100 // self.total_rows) if self.total_rows else 0
