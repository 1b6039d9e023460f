"""The recording player on every page that discusses a recording (§2, §8): ``{% player subject %}``.

``subject`` is a call, an evaluation (its call, with the evaluation's time-stamped marks) or a list
of them (a session page: one player, one track per recording, switched by the page). Options:
``hints=False`` on blind scoring pages (calibration, certification); ``comment_form=True`` shows the
"comment at the current position" form of the call page. What each reader sees is decided in
:mod:`hotline.inspection.player`.
"""

from __future__ import annotations

from django import template

from ..player import tracks

register = template.Library()


@register.inclusion_tag("inspection/_player.html", takes_context=True)
def player(context, subject, hints: bool = True, comment_form: bool = False):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "tracks": tracks(user, subject, hints=hints) if user is not None else [],
        "comment_form": comment_form,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
