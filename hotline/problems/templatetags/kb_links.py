"""``{% evaluation_articles ev %}`` and ``{% training_articles entry %}``: the knowledge-base articles
linked from an evaluation or a training entry (§9), with suggestions and a link form for those who may
link. One line in another app's template; the rules stay in ``hotline.problems.access``."""

from __future__ import annotations

from django import template

from hotline.problems import access, selectors
from hotline.problems.models import ArticleLink

register = template.Library()


def _ctx(context, links, suggestions, target: str, target_id: int, can_link: bool, items=()):
    request = context.get("request")
    return {
        "links": links,
        "suggestions": [a for a in suggestions if a.pk not in {ln.article_id for ln in links}],
        "target": target,
        "target_id": target_id,
        "can_link": can_link,
        "can_read": request is not None and access.can_read_kb(request.user),
        "items": items,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("problems/_article_links.html", takes_context=True)
def evaluation_articles(context, ev):
    request = context.get("request")
    if "article_links" in getattr(ev, "_prefetched_objects_cache", {}):  # a list page prefetched them
        links = list(ev.article_links.all())
    else:
        links = list(ArticleLink.objects.filter(evaluation=ev).select_related("article"))
    can_link = request is not None and access.can_link_evaluation(request.user, ev)
    suggestions, items = [], ()
    if can_link:
        suggestions = selectors.evaluation_suggestions(ev)
        items = [(i.key, i.text) for i in ev.form.core().items]
    return _ctx(context, links, suggestions, "evaluation", ev.pk, can_link, items)


@register.inclusion_tag("problems/_article_links.html", takes_context=True)
def training_articles(context, entry):
    request = context.get("request")
    links = list(ArticleLink.objects.filter(training_entry=entry).select_related("article"))
    can_link = request is not None and access.can_link_training(request.user, entry)
    suggestions = []
    if can_link:
        suggestions = selectors.training_suggestions(entry)
    return _ctx(context, links, suggestions, "training", entry.pk, can_link)
