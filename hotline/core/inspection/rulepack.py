"""The default rule pack (SPEC §8): one or more rules per item of the default form (§3.5).

Item keys are those of ``hotline.core.scoring.DEFAULT_FORM`` (``courtesy.01`` … ``complaints.02``).
Phrases are the regime's standard service phrases (服务规范用语) and its forbidden phrases
(服务禁用语), rewritten against real dialogue (``shared/notes/inspection-real-data.md``): greetings
and personas anywhere in the agent's first turns, every form of "what can I do for you", politeness
without 请 (您/先生/麻烦/感谢…; 你 used throughout fails), forbidden phrases as statements only
("不知道您是否…" is a polite question, "这个我也不清楚" is the failure), rhetorical questions by their
construction (不是…吗/嘛, 难道, 我不是说了), shirking that sends the customer elsewhere, read-backs
of a number with 对吗/是吗, a farewell answered with thanks. Text is normalised before matching
(:mod:`hotline.core.inspection.textnorm`). A center edits a copy of this pack as JSON.
Weights: 1 per ordinary item, 2 for rhetorical questions, 4 for the critical item (无服务禁用语…, a fatal error on the form).
"""

from __future__ import annotations

_HOLD_ASKED = {"or": [{"hold": {}}, {"role": "agent", "keyword": ["稍等", "等一下", "等一等", "稍候"]}]}
_AGENT_SPOKE = {"role": "agent"}  # a call where the agent said nothing is N.A., not a failure
_P = "[^,.!?;。…~]"  # a character inside one clause (text is NFKC: ，？！ are ASCII)

# a brand persona the agent names itself by (小沃已为您记录, 小骆驼感到抱歉, 私信给小翼) — not 小编, 小时…
_NAME = (
    r"((?<![大最缩变减较])小(?!编|时|区|伙伴|朋友|孩|米|心|额|程序|屏|店|号|票|于|组|视频|说|部分|姐|哥)"
    r"([\u4e00-\u9fff]{1,2}?|[a-z])|(?<![\u4e00-\u9fff][姐妹])[\u4e00-\u9fff](妹|妮儿))"  # 小沃, 小U; 沃妹, 京妮儿
)
_PERSONA = (
    _NAME
    + r"(已|会|将|非常|感到|为您|帮您|这边|马上|立即|正在|十分|深表|很|给您|收到|看到|告诉|能够|在此|协助|也)|"
    r"(私信|联系|告诉|反馈给|留言给)(给)?" + _NAME + r"(?=[,.!?~]|$|呢|哦|吧)"
)
_FORBIDDEN_WORDS = ["你自己看", "爱买不买", "随便你", "烦不烦", "少废话", "有病", "你管不着", "我也没办法",
                    "我也没有办法", "我们也没办法", "我们也没有办法", "关我什么事", "你听不懂", "不归我管",
                    "你找别人", "你问别人", "我哪知道", "我怎么知道"]  # fmt: skip
# "不知道/不清楚" only as a statement by the agent: not a question ("不知道您是否…"), not the
# customer's ignorance ("您不知道…"), not a condition ("如果不清楚…").
_DONT_KNOW = {"role": "agent", "phrase": ["不知道", "不清楚", "不晓得", "不太清楚", "不太知道", "不是很清楚", "不了解", "不太了解"],
              "fuzzy": False, "question": False,
              "exclude": ["不知道您", "不知道你", "不清楚您", "您不知道", "你不知道", "您不清楚", "你不清楚", "您不了解", "你不了解",
                          "如果", "若", "如有", "是否", "能否", "有没有", "不知道该", "不清楚的"]}  # fmt: skip
RAW_RULES: list[dict] = [
    {"key": "greeting", "title": "开头问候", "item": "courtesy.01", "applies_if": _AGENT_SPOKE,
     "when": {"or": [
         {"role": "agent", "position": {"first_turn": 3},
          "phrase": ["您好", "你好", "欢迎致电", "欢迎来电", "很高兴为您服务", "早上好", "上午好", "中午好", "下午好",
                     "晚上好", "新年好", "节日快乐", "亲爱的", "哈尼"]},
         # 亲 opening a clause of the first sentence (亲,… / 嘻嘻,亲…), not 亲自/亲身… nor 抱歉亲
         {"role": "agent", "position": {"first_turn": 1},
          "regex": r"(^|[,!~ ]|这位)亲(?!自|身|手|属|人|戚|友|子|情|切|密|近|眼|口|笔)"}]}},
    {"key": "self_id", "title": "报工号", "item": "courtesy.02", "applies_if": _AGENT_SPOKE,
     "when": {"or": [
         {"role": "agent", "position": {"first": 3},
          "regex": r"工号|\d+号(话务员|客服|专员|为您)|我是" + _P + r"{0,12}(客服|话务员|专员|顾问|小\w)|"
                   r"(客服|话务员|小\w{1,2})" + _P + r"{0,6}(很高兴)?(为您服务|为您效劳)|这里是" + _P + r"{1,12}(客服|热线)"},
         {"role": "agent", "position": {"first": 3}, "regex": _PERSONA}]}},
    {"key": "purpose", "title": "说明来意/询问需求", "item": "courtesy.03", "applies_if": _AGENT_SPOKE,
     "when": {"or": [
         {"role": "agent", "position": {"first": 4},
          "phrase": ["有什么可以帮您", "有什么可以帮到您", "有什么可以为您", "有什么能帮您", "有什么需要帮助",
                     "请问您需要", "请问有什么", "请问您咨询", "请问您要办理", "很高兴为您服务",
                     "请问您遇到"]},
         {"role": "agent", "position": {"first": 4},
          "regex": r"本次(来电|去电)|打电话(是|给您)|通知您|想跟您|"
                   r"请问" + _P + r"{0,16}(什么问题|问题(吗|么|呢)|遇到|需要|需求|想要|办理(什么|哪)|咨询|什么事|哪方面)|"
                   r"(向|跟|和|与)您(沟通)?了解" + _P + r"{0,6}(情况|问题|需求)|"
                   r"(请|烦请|麻烦|建议)(您)?(将|把)" + _P + r"{0,24}(问题|情况)" + r".{0,30}(私信|提供|告知|发送|发给)|(有|遇到)(什么|哪些)(问题|困难|需要|需求)|有问题(吗|么|呢)|"
                   r"请(您)?(说|讲)一下|您(要|想|需要)(订|办理|咨询|查询|了解)|"
                   r"(描述|说明|说说|讲讲|提供)(一?下)?(您|你)?(遇到的|的)?(具体|详细)?(相关)?(问题|情况|需求)"}]}},
    {"key": "polite", "title": "礼貌用语与尊称", "item": "courtesy.07", "applies_if": _AGENT_SPOKE,
     "when": {"or": [
         {"role": "agent", "regex": r"您(?!好)"},  # 您 beyond the greeting; 您好 then 你 throughout fails
         {"and": [{"role": "agent", "keyword": ["您", "先生", "女士", "请", "麻烦", "谢谢", "感谢", "不客气", "抱歉",
                                                "不好意思", "亲", "哈尼"]},
                  {"not": {"role": "agent", "regex": r"你(?!好|们)"}}]}]}},
    {"key": "hold_phrase", "title": "等待前使用服务用语", "item": "courtesy.08", "applies_if": _HOLD_ASKED,
     "when": {"role": "agent", "regex": r"请(您)?稍(等|候)|麻烦您?(稍)?等|您(先)?稍(等|候)|请您等|稍等片刻"}},
    {"key": "hold_thanks", "title": "等待后致谢", "item": "courtesy.09", "applies_if": _HOLD_ASKED,
     "when": {"role": "agent",
              "regex": r"(感谢|谢谢)(您)?(的)?(耐心)?等待|让您久等|久等了|(抱歉|不好意思)(让您)?等"}},
    {"key": "order_thanks", "title": "订货结束致谢", "item": "courtesy.11",
     "applies_if": {"context": {"skill": ["订货"]}},
     "when": {"role": "agent", "position": {"last": 4}, "keyword": ["感谢", "谢谢"]}},
    {"key": "farewell", "title": "规范道别", "item": "courtesy.12", "applies_if": _AGENT_SPOKE,
     "when": {"or": [
         {"role": "agent", "position": {"last": 3},
          "phrase": ["再见", "欢迎再次来电", "欢迎您再次来电", "感谢您的来电", "感谢来电", "生活愉快",
                     "还有其他问题", "还有其他需要", "欢迎随时咨询", "随时联系", "期待您再次", "欢迎继续关注"]},
         # 祝您 exactly: its pinyin is also 助您 (帮助您…)
         {"role": "agent", "position": {"last": 3}, "regex": r"祝您|随时(与我们|和我们)?(联系|咨询|私信|致电|来电)"},
         # a written sign-off: the agent's last clause thanks (感谢您的理解与支持 / 谢谢) or answers thanks
         {"role": "agent", "position": {"last": 1},
          "regex": r"((谢谢|感谢|多谢|不用客气|不客气|再见|拜拜)" + _P + r"{0,8}|感谢" + _P
                   + r"{0,16}(支持|理解|配合|关注|信任|厚爱))[.!~。]*(\[\w{1,4}\])?$"},
         {"role": "agent", "position": {"last": 2}, "regex": r"(^|[^再在看意听遇])见[.!。]?$"},  # ASR "_见"
         {"and": [{"role": "customer", "position": {"last": 2}, "regex": r"再见|拜拜|谢谢|多谢|好的(?![\u4e00-\u9fff])"},
                  {"role": "agent", "position": {"last": 2}, "phrase": ["谢谢", "感谢", "不客气", "再见"]}]}]}},
    {"key": "clear_speech", "title": "语速适中（吐字清晰）", "item": "courtesy.04", "mode": "forbid",
     "when": {"speech_rate": {"role": "agent", "above": 6.5}}},
    {"key": "rhetorical", "title": "反问语气", "item": "attitude.01", "mode": "forbid", "weight": 2,
     "when": {"role": "agent",
              "regex": r"(?<!是)不是" + _P + r"{1,15}(嘛|吗)|难道|我不是(说|告诉|跟你说|和你说)(过)?|"
                       r"不是(跟|和)(你|您)说(过)?了|听不懂(吗|啊)?|你没听(见|清|懂)|听明白了没|你怎么(又|还)|"
                       r"这都不(会|懂)|的吧\?{2,}|说了多少遍|要我说几遍|你到底",
              "exclude": ["请问", "是不是您", "不是您本人"]}},
    {"key": "forbidden", "title": "服务禁用语", "item": "attitude.02", "mode": "forbid", "weight": 4,
     "when": {"or": [{"role": "agent", "keyword": _FORBIDDEN_WORDS}, _DONT_KNOW]}},
    {"key": "shirking", "title": "推脱", "item": "attitude.03", "mode": "forbid",
     "when": {"or": [
         {"role": "agent",
          "regex": r"不归(我|我们)管|(不关|跟|和)(我|我们)(的事|没关系|无关)|这不是(我|我们)的(事|问题)|"
                   r"不是(我|我们)(这边|负责)|你找别人"},
         # sending the customer elsewhere for the answer — not when the agent does it for them
         # ("我帮您联系…"), asks whether they did, or invites them back ("如有疑问随时联系…")
         {"role": "agent",
          "regex": r"(去|自己)(找|问)" + _P + r"{0,10}(客服|部门|营业厅|厂家|商家)|@\S+\s*(了解|咨询)|"
                   r"(自行|自己)(拨打|联系|咨询)|"
                   r"(联系(?!电话|方式|人员|我们)|咨询|询问|问问|问一下|添加|拨打|致电)(一下|下)?" + _P
                   + r"{0,10}(客服|厂家|商家|当地|其他部门|别的部门|营业厅|快递|热线)|"
                   r"(打|拨打)" + _P + r"{0,12}(问一下|问问|咨询一下)|"
                   # the whole answer sent to a hotline or a shop: 建议拨打10000号或到营业点咨询
                   r"(建议|请)(您)?((拨|拔)打\d{3,}|(到|去|前往)" + _P + r"{0,6}(营业厅|营业点|网点|门店))" + _P
                   + r"{0,8}(咨询|了解|询问)",
          "question": False,  # "请问您有没有联系过当地客服？" asks, it does not send
          "exclude": ["我们", "我司", "帮您", "为您", "我帮", "我给", "我来", "如有", "如需", "如对", "若后续",
                      "随时", "再次联系", "如仍", "如果都不行", "欢迎", "感谢"],
          # an intake channel with a promised follow-up, or an extra option beside taking the case
          "unless": ["专人为您", "相关人员会", "同时您也可以", "为您跟进", "若后续", "如有疑问"]}]}},
    {"key": "listening", "title": "倾听与适时回应（抢话/冷场）", "item": "skills.01", "mode": "forbid",
     "when": {"or": [{"overtalk": {"total_above": 6}}, {"silence": {"longer_than": 10}}]}},
    {"key": "read_back", "title": "复述订单", "item": "skills.02",
     "applies_if": {"or": [{"context": {"skill": ["订货"]}}, {"role": "customer", "regex": r"(?<![\d@])\d{6,}"}]},
     "when": {"role": "agent",
              "regex": r"复述|给您(重复|核对)|跟您(核对|确认)|确认一下|核对一下|您订的是|"
                       r"\d{3,}" + _P + r"{0,8}(对吗|是吗|对吧|是吧|没错吧|没错吗|对不对|是不是|吗)|"
                       r"(地址|号码|手机号|订单号|电话|单号)(是|为)" + _P + r"{1,30}(对吗|是吗|对吧|是吧|没错吧|对不对)|"
                       r"(全部|都)(帮|给)您" + _P + r"{0,6}吗|您(说|要)的是" + _P + r"{1,20}(吗|对吧|\?)"}},
    {"key": "confirm_allocation", "title": "确认实配信息", "item": "skills.06",
     "applies_if": {"context": {"skill": ["订货"]}},
     "when": {"role": "agent", "regex": r"实配|到货|配送|送货"}},
]  # fmt: skip
