"""The progress of a publishing build, polled by the approver's page (newsroom.js)."""

from __future__ import annotations

from starlette.responses import Response

from .guard import Visit
from .rendering import render
from .states import State


def build_box(newsroom) -> dict:
    """What build_status.html shows: the last build, and the time to count its seconds from."""
    return {"build": newsroom.publisher.status(), "now": newsroom.clock()}


class BuildViews:
    def __init__(self, newsroom) -> None:
        self.newsroom = newsroom

    async def status(self, visit: Visit) -> Response:
        """The status box alone (the same template as in the article page), with the link to
        the live article of ?bai= once it is published: the script swaps it in while a build
        runs, so the page never reloads over the approver's typing."""
        articles = self.newsroom.articles
        key = visit.request.query_params.get("bai")
        article = articles.get(key) if key else None
        published = article is not None and article.state is State.PUBLISHED
        context = {
            **build_box(self.newsroom),
            "article": article,
            "address": articles.address(article) if published else None,
        }
        return render(visit.request, "build_status.html", context)
