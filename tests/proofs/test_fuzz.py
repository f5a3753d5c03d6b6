"""Property-based tests: hostile values at every form and POST view (tests/proofs/fuzz.py).

- A valid submission with one hostile value in one field is refused with a 4xx or the form
  again with its error, and nothing stored changes.
- Anything at all (any fields, any values, the wrong content type) never gets a 500, and a
  GET never changes anything. A target with a payload strategy of its own (a JSON import)
  must also refuse every payload and change nothing, unless it says strict=False.
- The valid submissions the harness starts from are accepted, so that the refusals above are
  the hostile value's doing and not a submission that was wrong anyway.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.examples import examples
from tests.proofs.fuzz import TARGETS, anything, send_json
from tests.urlconf import snapshot_rows

# Every field of every strict target, each its own test: no field is left to chance.
STRICT_FIELDS = [
    (target, name) for target in TARGETS if target.strict for name in target.hostile_fields()
]
POSTED_FORMS = [target for target in TARGETS if target.method == "POST" and target.form]

fuzz_settings = settings(
    max_examples=examples(30),
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure in CI reproduces locally
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the database is checked before and after each
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def label(target):
    return target.label


def client_for(target, owner):
    client = Client(REMOTE_ADDR="203.0.113.9")
    if not target.as_visitor:
        client.force_login(owner)
    return client


def form_errors(response) -> list:
    """The errors of the form the response shows again, if it shows one."""
    contexts = response.context or []
    for context in contexts if isinstance(contexts, list) else [contexts]:
        form = context.get("form")
        if form is not None and form.is_bound and form.errors:
            return list(form.errors)
    return []


def refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    return response.status_code == 200 and bool(form_errors(response))


@pytest.mark.parametrize(
    ("target", "name"), STRICT_FIELDS, ids=[f"{t.label}.{name}" for t, name in STRICT_FIELDS]
)
@settings(fuzz_settings, max_examples=examples(10))
@given(data=st.data())
def test_one_hostile_value_is_refused_and_changes_nothing(owner, target, name, data):
    client = client_for(target, owner)
    url = target.url(owner)
    submission = target.valid(owner)
    submission[name] = data.draw(target.hostile_fields()[name], label="value")
    before = snapshot_rows()

    for headers in ({}, {"HX-Request": "true"}):
        response = target.send(client, target.method, url, submission, headers)
        assert refused(response), f"{target.label}: {name} accepted ({response.status_code})"

    assert snapshot_rows() == before


@pytest.mark.parametrize("target", TARGETS, ids=label)
@fuzz_settings
@given(data=st.data())
def test_anything_at_all_never_gets_a_500(owner, target, data):
    client = client_for(target, owner)
    url = target.url(owner)
    names = st.sampled_from([*target.field_names(), "request_token", "extra", "a[]", ""])
    if target.payload is not None:
        submission = data.draw(target.payload, label="payload")
    else:
        submission = data.draw(st.dictionaries(names, anything, max_size=6), label="fields")
        submission = {**target.valid(owner), **submission}
    send = target.send
    if target.payload is None and target.method == "POST":
        send = data.draw(st.sampled_from([target.send, send_json]), label="encoding")
    htmx = data.draw(st.booleans(), label="htmx")
    before = snapshot_rows()

    response = send(client, target.method, url, submission, {"HX-Request": "true"} if htmx else {})

    assert response.status_code < 500, f"{target.label}: {response.status_code}"
    if target.method == "GET":
        assert snapshot_rows() == before
    if target.payload is not None and target.strict:
        # A payload strategy makes only documents to refuse (hostile_json_documents).
        assert refused(response), f"{target.label}: accepted ({response.status_code})"
        assert snapshot_rows() == before


@pytest.mark.parametrize("target", POSTED_FORMS, ids=label)
def test_the_valid_submission_the_fuzzing_starts_from_is_accepted(owner, target):
    client = client_for(target, owner)
    url = target.url(owner)

    response = target.send(client, target.method, url, target.valid(owner), {})

    assert response.status_code in (200, 302), response.status_code
    assert not form_errors(response), form_errors(response)
