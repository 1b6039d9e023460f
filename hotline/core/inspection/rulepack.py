"""The default rule pack (SPEC §8): one or more rules per item of the default form (§3.5).

Item keys are those of ``hotline.core.scoring.DEFAULT_FORM`` (``courtesy.01`` … ``complaints.02``).
Phrases are the regime's standard service phrases (服务规范用语) and its forbidden phrases
(服务禁用语); a center edits a copy of this pack as JSON. Weights: 1 per ordinary item, 2 for
rhetorical questions, 4 for the critical item (无服务禁用语…, a fatal error on the form).
"""

from __future__ import annotations

_HOLD_ASKED = {"or": [{"hold": {}}, {"role": "agent", "keyword": ["稍等", "等一下", "等一等", "稍候"]}]}

RAW_RULES: list[dict] = [
    {"key": "greeting", "title": "开头问候", "item": "courtesy.01",
     "when": {"role": "agent", "position": {"first": 2}, "keyword": ["您好", "你好", "欢迎致电", "早上好", "下午好"]}},
    {"key": "self_id", "title": "报工号", "item": "courtesy.02",
     "when": {"role": "agent", "position": {"first": 3}, "regex": r"工号|我是.{0,10}(客服|话务员|专员)"}},
    {"key": "purpose", "title": "说明来意/询问需求", "item": "courtesy.03",
     "when": {"role": "agent", "position": {"first": 4},
              "regex": r"为您服务|有什么(可以)?(帮|为)您|请问您(要|需要|有)|本次(来电|去电)|打电话(是|给您)|通知您|想跟您"}},
    {"key": "polite", "title": "礼貌用语与尊称", "item": "courtesy.07",
     "when": {"and": [{"role": "agent", "keyword": ["请"]}, {"role": "agent", "keyword": ["您"]}]}},
    {"key": "hold_phrase", "title": "等待前使用服务用语", "item": "courtesy.08", "applies_if": _HOLD_ASKED,
     "when": {"role": "agent", "regex": r"请(您)?稍(等|候)|麻烦您(稍)?等|请您等"}},
    {"key": "hold_thanks", "title": "等待后致谢", "item": "courtesy.09", "applies_if": _HOLD_ASKED,
     "when": {"role": "agent", "regex": r"(感谢|谢谢)(您)?(的)?(耐心)?等待|让您久等|久等了"}},
    {"key": "order_thanks", "title": "订货结束致谢", "item": "courtesy.11",
     "applies_if": {"context": {"skill": ["订货"]}},
     "when": {"role": "agent", "position": {"last": 4}, "keyword": ["感谢", "谢谢"]}},
    {"key": "farewell", "title": "规范道别", "item": "courtesy.12",
     "when": {"role": "agent", "position": {"last": 3}, "keyword": ["再见", "祝您", "欢迎再次来电", "欢迎您再次来电"]}},
    {"key": "clear_speech", "title": "语速适中（吐字清晰）", "item": "courtesy.04", "mode": "forbid",
     "when": {"speech_rate": {"role": "agent", "above": 6.5}}},
    {"key": "rhetorical", "title": "反问语气", "item": "attitude.01", "mode": "forbid", "weight": 2,
     "when": {"role": "agent",
              "regex": r"听不懂吗|你没听(见|清)吗|听明白了没|不是(跟|和)你说了|我不是说(过)?了|难道你|你怎么(又|还)|这都不(会|懂)"}},
    {"key": "forbidden", "title": "服务禁用语", "item": "attitude.02", "mode": "forbid", "weight": 4,
     "when": {"role": "agent",
              "keyword": ["不知道", "你自己看", "爱买不买", "随便你", "烦不烦", "少废话", "有病", "你管不着", "我也没办法"]}},
    {"key": "shirking", "title": "推脱", "item": "attitude.03", "mode": "forbid",
     "when": {"role": "agent", "keyword": ["不归我管", "你找别人", "不关我的事", "这不是我们的事", "跟我没关系"]}},
    {"key": "listening", "title": "倾听与适时回应（抢话/冷场）", "item": "skills.01", "mode": "forbid",
     "when": {"or": [{"overtalk": {"total_above": 6}}, {"silence": {"longer_than": 10}}]}},
    {"key": "read_back", "title": "复述订单", "item": "skills.02",
     "applies_if": {"context": {"skill": ["订货"]}},
     "when": {"role": "agent", "regex": r"复述|给您(重复|核对)|跟您(核对|确认)|确认一下|核对一下|您订的是"}},
    {"key": "confirm_allocation", "title": "确认实配信息", "item": "skills.06",
     "applies_if": {"context": {"skill": ["订货"]}},
     "when": {"role": "agent", "regex": r"实配|到货|配送|送货"}},
]  # fmt: skip
