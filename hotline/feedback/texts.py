"""The texts feedback stores as keys in the inbox (rendered when read, ``hotline.org.texts``).

Parameters of kind ``text`` are user data (a name, a typed reason or comment, an item's text) and are
shown as stored; numbers, dates and percentages are formatted when read.
"""

from hotline.core.errors import gettext_noop
from hotline.org.texts import register

DISPUTE_NEW = register(
    "feedback.dispute_new", gettext_noop("新申诉待复核：%(agent)s"), "%(reason)s",
)  # fmt: skip
DISPUTE_UPHELD = register(
    "feedback.dispute_upheld", gettext_noop("申诉结果：维持原评分"),
    gettext_noop("%(explanation)s\n原得分 %(before)s → 现得分 %(after)s"), before="number", after="number",
)  # fmt: skip
DISPUTE_ADJUSTED = register(
    "feedback.dispute_adjusted", gettext_noop("申诉结果：评分已调整"),
    gettext_noop("%(explanation)s\n原得分 %(before)s → 现得分 %(after)s"), before="number", after="number",
)  # fmt: skip
ANALYSIS_RETURNED = register(
    "feedback.analysis_returned", gettext_noop("分析表被退回：%(period)s"), "%(comment)s"
)
RESULT = register("feedback.result", gettext_noop("监听结果 %(period)s"), "%(lines)s", lines="lines")
RESULT_SCORES = register(
    "feedback.result_scores", gettext_noop("录音监听 %(recording)s，实时监听 %(live)s，平均 %(mean)s"),
    recording="number", live="number", mean="number",
)  # fmt: skip
RESULT_MONTHLY = register(
    "feedback.result_monthly", gettext_noop("本月服务质量得分 %(monthly)s"), monthly="number"
)
RESULT_FAILED = register("feedback.result_failed", gettext_noop("失分项目：%(items)s"), items="list")
RESULT_RECORD = register(
    "feedback.result_record", gettext_noop("%(date)s #%(order)s 优点：%(strengths)s 不足：%(improvements)s"),
    date="date",
)  # fmt: skip
TRAINING_NEW = register(
    "feedback.training_new", gettext_noop("新培训计划：%(topic)s"), gettext_noop("%(period)s 失分率 %(rate)s"),
    rate="percent",
)  # fmt: skip
