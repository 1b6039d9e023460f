"""The column headings and channel words a contact-count file may use (§5 "Every channel").

Read, never shown: the Chinese words are what Chinese spreadsheets say, matched after lower-casing.
"""

from .models import Channel

ALIASES = {
    "时间": "time", "开始时间": "time", "时段": "time", "start": "time", "技能": "skill", "队列": "skill",
    "queue": "skill", "渠道": "channel", "数量": "count", "联络量": "count", "contacts": "count",
    "处理时长": "handle_time", "平均处理时长": "handle_time", "aht": "handle_time", "handle_s": "handle_time",
}  # fmt: skip
CHANNEL_WORDS = {
    "chat": Channel.CHAT, "web chat": Channel.CHAT, "在线客服": Channel.CHAT, "在线": Channel.CHAT,
    "网聊": Channel.CHAT, "email": Channel.EMAIL, "e-mail": Channel.EMAIL, "mail": Channel.EMAIL,
    "邮件": Channel.EMAIL, "电子邮件": Channel.EMAIL, "fax": Channel.FAX, "传真": Channel.FAX,
}  # fmt: skip
