"""The Learn section: an index of pages and each page, public to everyone."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import live
from .pages import all_pages, get_page


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "education/index.html", {"pages": all_pages()})


@login_not_required
@require_safe
def page(request: HttpRequest, slug: str) -> HttpResponse:
    current, previous, following = get_page(slug)
    if current is None:
        raise Http404("No such Learn page")
    context = {
        "page": current,
        "body": live.fill(current.html),
        "previous": previous,
        "next": following,
    }
    return render(request, "education/page.html", context)
