"""Moves the sessions Django's table holds into the new one, each marked with its user, so
that nobody is signed out by the change of session engine."""

from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations

from accounts.sessions import signed_in_user_id


def move_sessions(apps, schema_editor):
    OldSession = apps.get_model("sessions", "Session")
    Session = apps.get_model("accounts", "Session")
    User = apps.get_model("accounts", "User")
    decoder = SessionStore()  # signs with the same salt as accounts.sessions.SessionStore
    users = set(User.objects.values_list("pk", flat=True))
    batch = []
    for old in OldSession.objects.iterator(chunk_size=2000):
        user_id = signed_in_user_id(decoder.decode(old.session_data))
        batch.append(
            Session(
                session_key=old.session_key,
                session_data=old.session_data,
                expire_date=old.expire_date,
                user_id=user_id if user_id in users else None,
            )
        )
        if len(batch) >= 2000:
            Session.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Session.objects.bulk_create(batch, ignore_conflicts=True)
    OldSession.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_session_with_user"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_sessions, migrations.RunPython.noop)]
