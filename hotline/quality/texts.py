"""The texts quality stores as keys (rendered when read, ``hotline.org.texts``)."""

from hotline.core.errors import gettext_noop
from hotline.org.texts import register, register_choices

from .models import Kind

MAJOR_ERROR = register(
    "quality.major_error", gettext_noop("致命错误：%(items)s（%(kind)s %(date)s）"),
    items="list", kind="choice:quality.kind", date="date",
)  # fmt: skip
BARGE_IN = register("quality.barge_in", gettext_noop("质检员在实时监听中强拆了通话（%(at)s）"), at="datetime")

register_choices("quality.kind", Kind)
