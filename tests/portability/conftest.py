import pytest


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    """The import's background tasks (portability/tasks.py) run within the request here;
    tests/portability/test_background_import.py runs them on the real workers."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": [settings.TASKS_QUEUE],
        }
    }
