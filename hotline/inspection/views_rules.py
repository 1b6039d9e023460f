"""The rule-pack editor of automatic inspection (§8; issue 14 item 7).

One page per center: the pack in force, its versions, and a form that edits every rule — on or off,
title, the form item it answers, require/forbid, weight, and the values of each condition leaf (words,
role, position, regex, thresholds) — plus a new simple rule. The tree of a condition is shown in words
and kept as it is; saving appends a version from a chosen day (policy mechanism, audited). Managers of
the center and administrators edit; QA monitors read.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from hotline.core.inspection import ruleedit
from hotline.core.params import parse_id
from hotline.core.scoring import DEFAULT_FORM
from hotline.org.access import person_of
from hotline.org.policies import next_free_day, policy_history
from hotline.org.widgets import DateInput

from .access import can_edit_rule_pack, can_view_inspection, inspection_centers
from .services_rules import RulePackError, rule_pack_for, rule_pack_raw, rule_pack_save, rule_pack_trial

ROLE_CHOICES = [("", _("任何一方")), ("agent", _("坐席")), ("customer", _("客户"))]
POS_CHOICES = [
    ("", _("整通电话")),
    ("first", _("开头几句")),
    ("first_turn", _("第一轮发言的开头几句")),
    ("last", _("结尾几句")),
]
MODE_CHOICES = [("require", _("要求：条件成立则通过")), ("forbid", _("禁止：条件成立则不通过"))]
MATCH_CHOICES = [("phrase", _("说到其中一个（容错匹配）")), ("keyword", _("说到其中一个（原文匹配）")),
                 ("regex", _("正则表达式"))]  # fmt: skip
TRI_CHOICES = [("", _("不限")), ("yes", _("是")), ("no", _("否"))]
MAX_WORDS, MAX_WORD = 200, 40
_SPLIT = re.compile(r"[\n\r、，,;；]+")


def _item_choices():
    en = (get_language() or "").startswith("en")
    return [("", _("（不对应评分项）"))] + [
        (it.key, f"{it.key} {it.text_en if en and it.text_en else it.text}") for it in DEFAULT_FORM.items
    ]


class WordsField(forms.CharField):
    """A list of words typed one a line (or separated by 、，,;)."""

    widget = forms.Textarea(attrs={"rows": 2, "cols": 40})

    def to_python(self, value):
        text = super().to_python(value) or ""
        words = list(dict.fromkeys(w.strip() for w in _SPLIT.split(text) if w.strip()))
        if len(words) > MAX_WORDS:
            raise forms.ValidationError(gettext("最多 %(n)d 个词") % {"n": MAX_WORDS})
        long = [w for w in words if len(w) > MAX_WORD]
        if long:
            raise forms.ValidationError(
                gettext("词太长（最多 %(n)d 个字）：%(w)s") % {"n": MAX_WORD, "w": long[0][:50]}
            )
        return words

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class RegexField(forms.CharField):
    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if text:
            try:
                re.compile(text)
            except (re.error, RecursionError, OverflowError) as exc:
                raise forms.ValidationError(gettext("正则表达式有误：%(e)s") % {"e": exc}) from None
        return text


def _number(label, lo, hi, required=True):
    return forms.FloatField(label=label, min_value=lo, max_value=hi, required=required)


class PackForm(forms.Form):
    """Every rule of ``rules`` (fields ``r<i>-…``, leaves ``r<i>-<path>-…``) plus a new rule (``new-…``)."""

    effective_from = forms.DateField(label=_("生效日期"), widget=DateInput())
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False)

    def __init__(self, *args, rules: list[dict], readonly: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        items = _item_choices()
        self.layout = []
        for i, r in enumerate(rules):
            p = f"r{i}"
            self.fields[f"{p}-enabled"] = forms.BooleanField(label=_("启用"), required=False,
                                                              initial=r.get("enabled", True) is not False)  # fmt: skip
            self.fields[f"{p}-title"] = forms.CharField(
                label=_("名称"), max_length=60, initial=r.get("title", r["key"])
            )
            self.fields[f"{p}-item"] = forms.ChoiceField(label=_("评分项"), choices=items, required=False,
                                                         initial=r.get("item", ""))  # fmt: skip
            self.fields[f"{p}-mode"] = forms.ChoiceField(label=_("类型"), choices=MODE_CHOICES,
                                                         initial=r.get("mode", "require"))  # fmt: skip
            self.fields[f"{p}-weight"] = _number(_("风险权重"), 0, 10)
            self.fields[f"{p}-weight"].initial = r.get("weight", 1)
            leaves = []
            for path, leaf in ruleedit.leaves(r.get("when")):
                names = self._leaf_fields(f"{p}-{ruleedit.path_key(path)}", leaf)
                leaves.append({"text": describe(leaf), "fields": [self[n] for n in names]})
            self.layout.append({
                "index": i, "key": r["key"], "title": r.get("title", r["key"]),
                "head": [self[f"{p}-{n}"] for n in ("title", "item", "mode", "weight")],
                "enabled": self[f"{p}-enabled"], "when": describe(r.get("when")),
                "applies": describe(r["applies_if"]) if r.get("applies_if") else "", "leaves": leaves,
            })  # fmt: skip
        self.fields["new-title"] = forms.CharField(label=_("名称"), max_length=60, required=False)
        self.fields["new-item"] = forms.ChoiceField(label=_("评分项"), choices=items, required=False)
        self.fields["new-mode"] = forms.ChoiceField(label=_("类型"), choices=MODE_CHOICES, initial="require")
        self.fields["new-weight"] = _number(_("风险权重"), 0, 10, required=False)
        self.fields["new-role"] = forms.ChoiceField(label=_("谁说"), choices=ROLE_CHOICES, required=False,
                                                    initial="agent")  # fmt: skip
        self.fields["new-pos"] = forms.ChoiceField(label=_("在哪里"), choices=POS_CHOICES, required=False)
        self.fields["new-n"] = forms.IntegerField(label=_("句数"), min_value=1, max_value=50, required=False)
        self.fields["new-match"] = forms.ChoiceField(
            label=_("匹配方式"), choices=MATCH_CHOICES, initial="phrase"
        )
        self.fields["new-words"] = WordsField(label=_("词语（每行一个）"), required=False)
        self.fields["new-regex"] = RegexField(label=_("正则表达式"), required=False, max_length=500)
        self.fields["new-exclude"] = WordsField(label=_("排除含有这些词的句子"), required=False)
        self.fields["new-question"] = forms.ChoiceField(label=_("问句"), choices=TRI_CHOICES, required=False)
        self.new_fields = [self[n] for n in self.fields if n.startswith("new-")]
        if readonly:
            for f in self.fields.values():
                f.disabled = True

    def _leaf_fields(self, p: str, leaf: dict) -> list[str]:
        kind = ruleedit.leaf_kind(leaf)
        names = []

        def add(name, field, initial):
            field.initial = initial
            self.fields[f"{p}-{name}"] = field
            names.append(f"{p}-{name}")

        if kind == "text":
            add(
                "role",
                forms.ChoiceField(label=_("谁说"), choices=ROLE_CHOICES, required=False),
                leaf.get("role", ""),
            )
            pos = leaf.get("position") or {}
            where = next(iter(pos), "")
            add("pos", forms.ChoiceField(label=_("在哪里"), choices=POS_CHOICES, required=False), where)
            add("n", forms.IntegerField(label=_("句数"), min_value=1, max_value=50, required=False),
                pos.get(where) if where else None)  # fmt: skip
            for key in ("phrase", "keyword"):
                if key in leaf:
                    add(key, WordsField(label=_("词语（每行一个）")), leaf[key])
            if "regex" in leaf:
                add("regex", RegexField(label=_("正则表达式"), max_length=500), leaf["regex"])
            if "phrase" in leaf or "keyword" in leaf or "exclude" in leaf:
                add(
                    "exclude",
                    WordsField(label=_("排除含有这些词的句子"), required=False),
                    leaf.get("exclude", []),
                )
        elif kind == "silence":
            v = leaf["silence"]
            add("longer_than", _number(_("静音超过（秒）"), 0.5, 600), v.get("longer_than", 8))
            add(
                "count", forms.IntegerField(label=_("至少次数"), min_value=1, max_value=50), v.get("count", 1)
            )
        elif kind == "speech_rate":
            v = leaf["speech_rate"]
            for key, label in (("above", _("语速高于（字/秒）")), ("below", _("语速低于（字/秒）"))):
                if key in v:
                    add(key, _number(label, 0.5, 20), v[key])
        elif kind == "overtalk":
            v = leaf["overtalk"]
            if "total_above" in v:
                add("total_above", _number(_("抢话总时长超过（秒）"), 0, 600), v["total_above"])
            if "count" in v:
                add(
                    "count",
                    forms.IntegerField(label=_("抢话至少次数"), min_value=1, max_value=100),
                    v["count"],
                )
        return names

    def clean(self):
        data = super().clean()
        if (data.get("new-title") or "").strip():
            if data.get("new-match") == "regex" and not data.get("new-regex"):
                self.add_error("new-regex", gettext("请填写正则表达式"))
            elif data.get("new-match") != "regex" and not data.get("new-words"):
                self.add_error("new-words", gettext("请至少填写一个词语"))
        return data

    def pack(self) -> list[dict]:
        """The edited rules (the shape of every condition kept, its values replaced)."""
        d = self.cleaned_data
        out = []
        for i, r in enumerate(self.rules):
            p = f"r{i}"
            rule = {**r, "title": d[f"{p}-title"].strip() or r["key"], "item": d[f"{p}-item"] or "",
                    "mode": d[f"{p}-mode"], "weight": _num(d[f"{p}-weight"])}  # fmt: skip
            if d[f"{p}-enabled"]:
                rule.pop("enabled", None)
            else:
                rule["enabled"] = False
            cond = r["when"]
            for path, leaf in ruleedit.leaves(cond):
                cond = ruleedit.replace_leaf(cond, path, _edited(leaf, d, f"{p}-{ruleedit.path_key(path)}"))
            rule["when"] = cond
            out.append(rule)
        title = (d.get("new-title") or "").strip()
        if title:
            out.append(_new_rule(d, title, {r["key"] for r in out}))
        return out


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(float(x), 2)


def _edited(leaf: dict, d: dict, p: str) -> dict:
    kind = ruleedit.leaf_kind(leaf)
    new = dict(leaf)
    if kind == "text":
        for key, value in (("role", d.get(f"{p}-role")),):
            if value:
                new[key] = value
            else:
                new.pop(key, None)
        where, n = d.get(f"{p}-pos"), d.get(f"{p}-n")
        if where and n:
            new["position"] = {where: n}
        else:
            new.pop("position", None)
        for key in ("phrase", "keyword", "regex"):
            if f"{p}-{key}" in d:
                new[key] = d[f"{p}-{key}"]
        if f"{p}-exclude" in d:
            if d[f"{p}-exclude"]:
                new["exclude"] = d[f"{p}-exclude"]
            else:
                new.pop("exclude", None)
    elif kind in ("silence", "speech_rate", "overtalk"):
        inner = dict(leaf[kind])
        for key in ("longer_than", "count", "above", "below", "total_above"):
            if f"{p}-{key}" in d and d[f"{p}-{key}"] is not None:
                inner[key] = _num(d[f"{p}-{key}"])
        new[kind] = inner
    return new


def _new_rule(d: dict, title: str, taken: set[str]) -> dict:
    n = 1
    while f"custom_{n}" in taken:
        n += 1
    leaf: dict = {}
    if d.get("new-role"):
        leaf["role"] = d["new-role"]
    if d.get("new-pos") and d.get("new-n"):
        leaf["position"] = {d["new-pos"]: d["new-n"]}
    match = d.get("new-match") or "phrase"
    if match == "regex":
        leaf["regex"] = d["new-regex"]
    else:
        leaf[match] = d["new-words"]
    if d.get("new-exclude"):
        leaf["exclude"] = d["new-exclude"]
    if d.get("new-question") in ("yes", "no"):
        leaf["question"] = d["new-question"] == "yes"
    weight = d.get("new-weight")
    return {"key": f"custom_{n}", "title": title, "item": d.get("new-item") or "", "mode": d.get("new-mode") or "require",
            "weight": _num(1 if weight is None else weight), "when": leaf}  # fmt: skip


# ---------------------------------------------------------------- a condition in words


def _words(ws) -> str:
    ws = [str(w) for w in ws or ()]
    shown = "、".join(ws[:8])
    return shown + (gettext("等 %(n)d 个") % {"n": len(ws)} if len(ws) > 8 else "")


def describe(cond) -> str:
    """A condition in the reader's language, e.g. "坐席（开头 3 句）说到：您好、你好"."""
    if not isinstance(cond, dict) or not cond:
        return "—"
    if "and" in cond:
        return gettext("同时满足：%(parts)s") % {
            "parts": "；".join(f"（{describe(c)}）" for c in cond["and"])
        }
    if "or" in cond:
        return gettext("满足任一：%(parts)s") % {"parts": "；".join(f"（{describe(c)}）" for c in cond["or"])}
    if "not" in cond:
        return gettext("不是：%(part)s") % {"part": describe(cond["not"])}
    kind = ruleedit.leaf_kind(cond)
    if kind == "silence":
        v = cond["silence"]
        return gettext("静音超过 %(s)s 秒至少 %(n)s 次") % {
            "s": v.get("longer_than", "?"),
            "n": v.get("count", 1),
        }
    if kind == "overtalk":
        v = cond["overtalk"]
        if "total_above" in v:
            return gettext("抢话总时长超过 %(s)s 秒") % {"s": v["total_above"]}
        return gettext("抢话至少 %(n)s 次") % {"n": v.get("count", "?")}
    if kind == "speech_rate":
        v = cond["speech_rate"]
        who = dict(ROLE_CHOICES).get(v.get("role", ""), "")
        if "above" in v:
            return gettext("%(who)s语速高于每秒 %(r)s 字") % {"who": who, "r": v["above"]}
        return gettext("%(who)s语速低于每秒 %(r)s 字") % {"who": who, "r": v.get("below", "?")}
    if kind == "hold":
        return gettext("通话中有保持（等待音乐）")
    if kind == "context":
        v = cond["context"]
        parts = []
        if v.get("skill"):
            parts.append(gettext("技能为：%(s)s") % {"s": _words(v["skill"])})
        if v.get("direction"):
            parts.append(gettext("呼入") if v["direction"] == "in" else gettext("呼出"))
        return "，".join(parts) or "—"
    who = str(dict(ROLE_CHOICES).get(cond.get("role", ""), ""))
    pos = cond.get("position") or {}
    if "first" in pos:
        who += gettext("（开头 %(n)s 句）") % {"n": pos["first"]}
    elif "first_turn" in pos:
        who += gettext("（第一轮发言的开头 %(n)s 句）") % {"n": pos["first_turn"]}
    elif "last" in pos:
        who += gettext("（结尾 %(n)s 句）") % {"n": pos["last"]}
    what = []
    if cond.get("phrase"):
        what.append(gettext("说到：%(w)s") % {"w": _words(cond["phrase"])})
    if cond.get("keyword"):
        what.append(gettext("说到原词：%(w)s") % {"w": _words(cond["keyword"])})
    if cond.get("regex"):
        what.append(
            gettext("符合正则 %(r)s") % {"r": cond["regex"][:60] + ("…" if len(cond["regex"]) > 60 else "")}
        )
    if cond.get("question") is True:
        what.append(gettext("且是问句"))
    elif cond.get("question") is False:
        what.append(gettext("且不是问句"))
    if cond.get("negated") is True:
        what.append(gettext("且被否定"))
    elif cond.get("negated") is False:
        what.append(gettext("且未被否定"))
    if cond.get("exclude"):
        what.append(gettext("不含：%(w)s") % {"w": _words(cond["exclude"])})
    if cond.get("unless"):
        what.append(gettext("整句不含：%(w)s") % {"w": _words(cond["unless"])})
    return who + ("，".join(what) if what else gettext("说过话"))


# ---------------------------------------------------------------- the page


@login_required
def rule_pack(request):
    if not can_view_inspection(request.user):
        raise PermissionDenied
    centers = list(inspection_centers(request.user))
    if not centers:
        raise PermissionDenied
    wanted = parse_id(request.GET.get("center"), field="center")
    me = person_of(request.user)
    center = next((c for c in centers if c.pk == wanted), None)
    if wanted is not None and center is None:
        raise PermissionDenied  # another center's pack
    if center is None:
        center = next((c for c in centers if me is not None and c.pk == me.center_id), centers[0])
    can_edit = can_edit_rule_pack(request.user, center)
    today = center.today()
    versions = policy_history("rule_pack", center)
    base = versions[0] if versions else rule_pack_for(center, today)  # edit the newest version
    rules = rule_pack_raw(base)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = PackForm(request.POST, rules=rules)
        if form.is_valid() and request.POST.get("preview"):
            try:
                trial = rule_pack_trial(
                    center=center, rules=form.pack(), current=rule_pack_for(center, today).rules
                )
            except RulePackError as exc:
                form.add_error(None, str(exc))
            else:
                return _page(request, center, centers, form, can_edit, versions, today, trial)
        elif form.is_valid():
            try:
                rule_pack_save(center=center, rules=form.pack(), note=form.cleaned_data["note"],
                               effective_from=form.cleaned_data["effective_from"], actor=request.user, today=today)  # fmt: skip
            except RulePackError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    gettext("规则包已保存，自 %(d)s 起生效") % {"d": form.cleaned_data["effective_from"]},
                )
                return HttpResponseRedirect(f"{reverse('inspection:rules')}?center={center.pk}")
        messages.error(request, gettext("规则包未保存：请修改标红的内容"))
    else:
        form = PackForm(
            rules=rules,
            readonly=not can_edit,
            initial={"effective_from": next_free_day("rule_pack", center, today)},
        )
    return _page(request, center, centers, form, can_edit, versions, today, None)


def _page(request, center, centers, form, can_edit, versions, today, trial):
    in_force = rule_pack_for(center, today)
    return render(request, "inspection/rules.html", {
        "center": center, "centers": centers, "form": form, "can_edit": can_edit, "versions": versions,
        "in_force": in_force, "is_default": not in_force.rules, "today": today, "trial": trial,
    })  # fmt: skip
