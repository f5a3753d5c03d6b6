"""The import as background work: the upload is stored and its records checked by a task,
the page shows progress meanwhile (htmx polls a small partial; without JavaScript the page
refreshes itself), the save goes in chunks, one import per person at a time, and a cap on
records. Runs the real task workers, on both backends."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.models import Cramp
from portability.applying import apply_plan
from portability.export import export_user
from portability.importing import plan_import
from portability.models import PendingImport
from portability.tasks import ImportStopped, check_pending_import, save_pending_import
from tests.journal_of_everything import fill_journal
from tests.reminders.conftest import task_backend  # noqa: F401 (a fixture: db and rq)

HTMX = {"HX-Request": "true"}


def upload(client, content: bytes):
    file = SimpleUploadedFile("cramp-journal.json", content, content_type="application/json")
    return client.post(reverse("import_data"), {"file": file})


@pytest.fixture
def exported(owner, stranger):
    fill_journal(stranger)
    return json.dumps(export_user(stranger)).encode()


@pytest.mark.django_db(transaction=True)  # the real workers commit their work
def test_the_check_and_the_save_run_on_the_worker_while_the_page_shows_progress(
    owner_client,
    owner,
    exported,
    task_backend,  # noqa: F811
):
    assert upload(owner_client, exported).url == reverse("import_preview")

    checking = owner_client.get(reverse("import_preview")).content.decode()
    assert "Checking the file" in checking
    assert '<meta http-equiv="refresh"' in checking  # no JavaScript: the page asks again
    poll = owner_client.get(reverse("import_preview"), headers=HTMX)
    assert 'hx-trigger="every 1s"' in poll.content.decode()
    assert "<html" not in poll.content.decode()  # only the small progress partial

    task_backend.run_worker()

    poll = owner_client.get(reverse("import_preview"), headers=HTMX)
    assert poll.status_code == 204 and poll["HX-Redirect"] == reverse("import_preview")
    preview = owner_client.get(reverse("import_preview")).content.decode()
    assert "Check the import" in preview and "Import 16 records" in preview
    pending = PendingImport.objects.get(user=owner)
    confirm = owner_client.post(reverse("import_preview"), {"digest": pending.digest})
    assert confirm.url == reverse("import_preview")
    saving = owner_client.get(reverse("import_preview")).content.decode()
    assert "Saving the import" in saving and "Saved 0 of" in saving
    assert not Cramp.objects.filter(user=owner).exists()

    task_backend.run_worker()

    done = owner_client.get(reverse("import_preview"), follow=True)
    assert done.redirect_chain[-1][0] == reverse("account_data")
    assert "Import saved: 16 to add, 0 already there" in done.content.decode()
    assert Cramp.objects.filter(user=owner).count() == 2
    assert not PendingImport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_upload_while_one_is_checked_gets_a_clear_message(
    owner_client,
    owner,
    exported,
    task_backend,  # noqa: F811
):
    upload(owner_client, exported)
    first = PendingImport.objects.get(user=owner)

    second = upload(owner_client, b'{"schema_version": 3, "cramps": []}')

    assert second.status_code == 422
    assert "Your previous file is still being checked" in second.content.decode()
    assert PendingImport.objects.get(user=owner).digest == first.digest
    task_backend.run_worker()
    assert upload(owner_client, b'{"schema_version": 3}').url == reverse("import_preview")


def many_cramps(count: int) -> dict:
    cramps = [
        {"id": f"00000000-0000-4000-8000-{n:012d}", "occurred_at": "2026-03-14T02:30:00+00:00",
         "severity": 5}
        for n in range(1, count + 1)
    ]  # fmt: skip
    return {"schema_version": 3, "cramps": cramps}


def test_the_save_goes_in_chunks_and_says_how_far_it_got(owner):
    plan = plan_import(owner, many_cramps(1200))
    written = []

    apply_plan(owner, plan, progress=written.append)

    assert written == [500, 1000, 1200]
    assert Cramp.objects.filter(user=owner).count() == 1200


def test_the_task_keeps_its_progress_on_the_upload(owner):
    text = json.dumps(many_cramps(700))
    pending = PendingImport.objects.create(user=owner, content=text, digest="d" * 64)

    check_pending_import(pending)
    assert pending.state == PendingImport.State.READY
    assert pending.outcome["counts"]["cramps"] == {"add": 700, "skip": 0}
    PendingImport.objects.filter(pk=pending.pk).update(state=PendingImport.State.IMPORTING)
    save_pending_import(pending)

    pending.refresh_from_db()
    assert pending.state == PendingImport.State.DONE
    assert (pending.done_rows, pending.total_rows, pending.percent) == (700, 700, 100)


def test_a_cancel_stops_the_save_between_chunks(owner):
    plan = plan_import(owner, many_cramps(1200))

    def cancelled(done):
        raise ImportStopped

    with pytest.raises(ImportStopped):
        apply_plan(owner, plan, progress=cancelled)

    assert Cramp.objects.filter(user=owner).count() == 500  # the first chunk, no more
    again = plan_import(owner, many_cramps(1200))
    assert again.counts()["cramps"] == {"add": 700, "skip": 500}  # a new import adds the rest


def test_a_file_over_the_cap_is_refused_at_upload(owner_client, settings):
    settings.IMPORT_MAX_RECORDS = 3
    document = {"schema_version": 3, "cramps": [{}, {}], "days": [{}, {}]}

    response = upload(owner_client, json.dumps(document).encode())

    assert response.status_code == 422
    assert "The file has 4 records; one import takes at most 3" in response.content.decode()
    assert not PendingImport.objects.exists()
