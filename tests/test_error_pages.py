"""The error page says what is true: after a server error, a write may not have been saved."""

from django.template.loader import render_to_string


def test_the_server_error_page_does_not_promise_that_nothing_was_lost():
    page = render_to_string("500.html")

    assert "Nothing you entered is lost" not in page
    assert "may not have been saved" in page
