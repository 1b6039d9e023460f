"""Pages of calls and recordings: search, detail with player, audio served behind the access check."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hotline.core.params import parse_float
from hotline.org.access import person_of
from hotline.org.widgets import DateInput

from . import playback, services, storage
from .access import can_comment, can_hear_recordings, visible_calls, visible_recordings
from .models import Direction
from .selectors import CallSearch, search_calls, search_count_from_rollups, skills_for

WEEKDAYS = [
    (0, _("周一")),
    (1, _("周二")),
    (2, _("周三")),
    (3, _("周四")),
    (4, _("周五")),
    (5, _("周六")),
    (6, _("周日")),
]


class SearchForm(forms.Form):
    agent = forms.CharField(label=_("工号/姓名"), required=False)
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
    min_seconds = forms.FloatField(label=_("最短（秒）"), required=False, min_value=0)
    max_seconds = forms.FloatField(label=_("最长（秒）"), required=False, min_value=0)
    weekday = forms.TypedChoiceField(
        label=_("星期"), required=False, choices=[("", "—"), *WEEKDAYS], coerce=int, empty_value=None
    )
    skill = forms.ChoiceField(label=_("技能"), required=False)
    direction = forms.ChoiceField(label=_("方向"), required=False, choices=[("", "—"), *Direction.choices])
    reason = forms.CharField(label=_("归档原因"), required=False)
    min_score = forms.FloatField(label=_("最低得分"), required=False, min_value=0, max_value=100)
    max_score = forms.FloatField(label=_("最高得分"), required=False, min_value=0, max_value=100)
    flag = forms.ChoiceField(
        label=_("培训素材"),
        required=False,
        choices=[("", "—"), ("any", _("已标记")), ("excellent", _("优秀")), ("poor", _("较差"))],
    )
    with_recording = forms.BooleanField(label=_("仅有录音"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("-start", _("时间（新→旧）")),
            ("start", _("时间（旧→新）")),
            ("-duration", _("时长（长→短）")),
            ("duration", _("时长（短→长）")),
        ],
    )

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "—")] + [(s, s) for s in skills]


@login_required
def recording_search(request):
    form = SearchForm(request.GET or None, skills=skills_for(request.user))
    f = CallSearch()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        f = CallSearch(
            agent=d["agent"].strip(),
            date_from=d["date_from"],
            date_to=d["date_to"],
            min_seconds=d["min_seconds"],
            max_seconds=d["max_seconds"],
            weekday=d["weekday"],
            skill=d["skill"],
            direction=d["direction"],
            reason=d["reason"].strip(),
            with_recording=d["with_recording"],
            min_score=d["min_score"],
            max_score=d["max_score"],
            flag=d["flag"],
            sort=d["sort"] or "-start",
        )
    paginator = Paginator(search_calls(request.user, f), 50)
    counted = search_count_from_rollups(request.user, f)
    if counted is not None:
        paginator.count = counted  # Paginator.count is a cached property: set, it is not counted again
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "calls/search.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_hear": can_hear_recordings(request.user),
        },
    )


@login_required
def call_detail(request, pk: int):
    call = get_object_or_404(visible_calls(request.user).select_related("agent", "center"), pk=pk)
    recording = visible_recordings(request.user).filter(call=call).first()
    comments = recording.comments.select_related("author") if recording else []
    return render(
        request,
        "calls/detail.html",
        {
            "call": call,
            "recording": recording,
            "comments": comments,
            "can_comment": can_comment(request.user),
        },
    )


@login_required
@require_POST
def recording_comment(request, pk: int):
    recording = get_object_or_404(visible_recordings(request.user), call_id=pk)
    me = person_of(request.user)
    if not can_comment(request.user) or me is None:
        raise PermissionDenied
    try:
        services.recording_comment_add(
            recording=recording,
            author=me,
            at_seconds=parse_float(
                request.POST.get("at_seconds"), field="at_seconds", default=0.0, min=0, max=86400
            ),
            text=request.POST.get("text", ""),
        )
    except ValueError:
        pass
    return HttpResponseRedirect(reverse("calls:detail", args=[pk]))


@login_required
def recording_audio(request, pk: int):
    """Serve a recording only to someone allowed to hear that call; supports Range for seeking."""
    recording = get_object_or_404(visible_recordings(request.user), call_id=pk)
    if recording.is_remote:
        return HttpResponseRedirect(recording.path)
    if storage.is_s3():  # streamed from the bucket with Range (docs/DECISIONS.md)
        try:
            return playback.serve_s3(request, recording.path)
        except (storage.RecordingPathError, FileNotFoundError):
            raise Http404("recording file missing") from None
    try:
        path = storage.resolve(recording.path)  # never outside the recordings folder (§10)
    except storage.RecordingPathError:
        raise Http404("recording file missing") from None
    if not path.is_file():
        path = storage.generate_missing(recording) or path  # e.g. demo audio, synthesised on first play
    if not path.is_file():
        raise Http404("recording file missing")
    return playback.serve(request, path)  # transcoded where a browser cannot play it; Range for seeking
