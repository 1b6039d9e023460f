"""The texts workforce stores or shows as keys (rendered when read, ``hotline.org.texts``): the intraday
alert messages naming the contingency plan that answers them, and the drill warnings (seed 002)."""

from hotline.core.errors import gettext_noop
from hotline.org.texts import register, register_choices

from .models import Scenario

register_choices("workforce.scenario", Scenario)

ALERT_VOLUME_PLAN = register(
    "workforce.alert.volume_plan",
    gettext_noop("%(start)s 话务量超过预测 %(severity)s：按应急预案「%(plan)s」处理"),
    start="datetime", severity="percent",
)  # fmt: skip
ALERT_STAFF_PLAN = register(
    "workforce.alert.staff_plan",
    gettext_noop("%(start)s 在岗人数低于排班 %(severity)s：按应急预案「%(plan)s」处理"),
    start="datetime", severity="percent",
)  # fmt: skip
ALERT_VOLUME_NO_PLAN = register(
    "workforce.alert.volume_no_plan",
    gettext_noop("%(start)s 话务量超过预测 %(severity)s：本中心尚未制定「%(scenario)s」应急预案"),
    start="datetime", severity="percent", scenario="choice:workforce.scenario",
)  # fmt: skip
ALERT_STAFF_NO_PLAN = register(
    "workforce.alert.staff_no_plan",
    gettext_noop("%(start)s 在岗人数低于排班 %(severity)s：本中心尚未制定「%(scenario)s」应急预案"),
    start="datetime", severity="percent", scenario="choice:workforce.scenario",
)  # fmt: skip

DRILLS_CENTER = register(
    "workforce.drills.center",
    gettext_noop("最近 12 个月只演练了 %(n)s 次，要求每年不少于 %(required)s 次"),
)
DRILLS_SCENARIO = register(
    "workforce.drills.scenario",
    gettext_noop("「%(scenario)s」最近 12 个月演练 %(n)s 次，要求每年不少于 %(required)s 次"),
    scenario="choice:workforce.scenario",
)  # fmt: skip
NO_PLANS = register("workforce.drills.no_plans", gettext_noop("本中心尚未制定任何应急预案"))
