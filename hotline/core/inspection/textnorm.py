"""Text normalisation and tolerant phrase matching for Chinese speech transcripts (SPEC §8).

ASR text mixes traditional and simplified forms, full- and half-width characters, digits written
out (幺/一/两…), odd or missing punctuation, and drops or confuses characters (很高兴[为]您服务,
再见 → 在见). Rules match on a normalised form:

* :func:`clean` — NFKC (full-width → half-width), traditional → simplified for common characters
  (a table of a few hundred characters; no dictionary download), runs of three or more Chinese
  numerals → digits (幺三八 → 138, 一二三四 → 1234), a table of ASR confusions (empty by default:
  homophones such as 在见/再见 are matched through pinyin by :func:`find`),
  lower-case Latin. Punctuation is kept (clause splitting and question marks need it).
* :func:`strip` — :func:`clean` without punctuation and spaces (for matching).
* :func:`clauses` — a sentence split at punctuation into cleaned clauses.
* :func:`find` — tolerant search of a phrase in a stripped clause: exact, then the same toneless
  pinyin (homophone confusions), then character edit distance ≤ k (k = 0 under 4 characters, 1 for
  4–9, 2 from 10) — so dropped or substituted characters in long phrases still match, while short
  phrases (不知道) never match a neighbour (知道).

All functions are pure; results are cached per string.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Traditional → simplified, common characters of service dialogue (pairs, same length).
_T = (
    "這個們來說對會時為們與從後裡麼請問您號碼話電務業員單訂貨買賣價錢費帳戶銀行開關門題問應該"
    "謝謝讓給幫處理辦法過還沒見再覺得聽聲響東車機場點鐘間隊層樓離線網絡經濟聯繫係統計劃確認證"
    "資料記錄寫讀選擇轉換變動態實際現場狀況條件標準規範禮貌態語氣歡迎謝絕氣憤滿意投訴領導負責"
    "經歷決定斷續發現運輸輸入產品質檢驗調查詢額優惠購買退換貨幣種類難過讓步與據説説"
)
_S = (
    "这个们来说对会时为们与从后里么请问您号码话电务业员单订货买卖价钱费账户银行开关门题问应该"
    "谢谢让给帮处理办法过还没见再觉得听声响东车机场点钟间队层楼离线网络经济联系系统计划确认证"
    "资料记录写读选择转换变动态实际现场状况条件标准规范礼貌态语气欢迎谢绝气愤满意投诉领导负责"
    "经历决定断续发现运输输入产品质检验调查询额优惠购买退换货币种类难过让步与据说说"
)
_MORE = {
    "鐘": "钟",
    "於": "于",
    "麼": "么",
    "嗎": "吗",
    "吧": "吧",
    "呢": "呢",
    "幾": "几",
    "個": "个",
    "裏": "里",
    "麵": "面",
    "髮": "发",
    "鬆": "松",
    "腦": "脑",
    "碼": "码",
    "郵": "邮",
    "寄": "寄",
    "遞": "递",
    "驗": "验",
    "隨": "随",
    "從": "从",
    "們": "们",
    "幫": "帮",
    "說": "说",
    "聽": "听",
    "懂": "懂",
    "知": "知",
    "道": "道",
    "楚": "楚",
    "沒": "没",
    "關": "关",
    "係": "系",
    "煩": "烦",
    "廢": "废",
    "爭": "争",
    "嗯": "嗯",
    "務": "务",
    "為": "为",
    "謝": "谢",
    "請": "请",
    "稍": "稍",
    "等": "等",
    "讓": "让",
    "久": "久",
    "見": "见",
    "祝": "祝",
    "愉": "愉",
    "快": "快",
    "歡": "欢",
    "迎": "迎",
    "撥": "拨",
    "打": "打",
    "熱": "热",
    "線": "线",
    "服": "服",
    "興": "兴",
    "高": "高",
    "確": "确",
    "認": "认",
    "對": "对",
    "錯": "错",
    "誤": "误",
    "換": "换",
    "賬": "账",
    "帳": "账",
    "戶": "户",
    "餘": "余",
    "額": "额",
    "時": "时",
    "間": "间",
    "長": "长",
    "問": "问",
    "題": "题",
    "處": "处",
    "理": "理",
    "經": "经",
    "過": "过",
    "還": "还",
    "給": "给",
    "嗎？": "吗？",
    "啟": "启",
    "報": "报",
    "銷": "销",
    "單": "单",
    "據": "据",
    "質": "质",
    "檢": "检",
    "查": "查",
    "詢": "询",
    "難": "难",
    "該": "该",
    "應": "应",
    "辦": "办",
    "樣": "样",
    "這": "这",
    "那": "那",
    "裡": "里",
    "頭": "头",
    "樂": "乐",
    "專": "专",
    "員": "员",
    "號": "号",
    "電": "电",
    "話": "话",
    "訂": "订",
    "貨": "货",
    "價": "价",
    "錢": "钱",
    "費": "费",
    "買": "买",
    "賣": "卖",
    "氣": "气",
    "態": "态",
    "領": "领",
    "導": "导",
    "滿": "满",
    "訴": "诉",
    "騙": "骗",
    "麻": "麻",
    "煩您": "烦您",
}
_T2S = str.maketrans(_T, _S)
_T2S.update({ord(k): v for k, v in _MORE.items() if len(k) == 1 and k != v})

_NUMERALS = {"零": "0", "〇": "0", "幺": "1", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4",
             "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip
_NUM_RUN = re.compile(f"[{''.join(_NUMERALS)}0-9]{{3,}}")

# ASR confusions (after simplification): replacements applied everywhere.
# Kept small on purpose: a replacement applies everywhere ("您号" → "您好" would turn 您号码 into
# 您好码, "稍后" → "稍候" would make every "稍后给您回电" a hold). Homophones (在见/再见, 您号/您好)
# are matched through pinyin by :func:`find` instead.
ASR_CONFUSIONS: dict[str, str] = {}

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_CLAUSE = re.compile(r"(?<=[。！？!?；;，,…\n])|(?<=\.)(?!\d)|\s{2,}")
_QMARK = set("？?")


def to_simplified(text: str) -> str:
    """Traditional → simplified for the common characters of service dialogue (a small table)."""
    return text.translate(_T2S)


def _digits(m: re.Match) -> str:
    return "".join(_NUMERALS.get(ch, ch) for ch in m.group(0))


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    """NFKC, simplified, Chinese numeral runs of ≥ 3 → digits, ASR confusions; punctuation kept."""
    t = to_simplified(unicodedata.normalize("NFKC", text or "")).lower()
    t = _NUM_RUN.sub(_digits, t)
    for wrong, right in ASR_CONFUSIONS.items():
        t = t.replace(wrong, right)
    return t


@lru_cache(maxsize=65536)
def strip(text: str) -> str:
    """:func:`clean` without punctuation or spaces — the form phrases are matched on."""
    return _PUNCT.sub("", clean(text))


@lru_cache(maxsize=16384)
def clauses(text: str) -> tuple[str, ...]:
    """The cleaned clauses of a sentence (split after 。！？；，…, a full stop not before a digit, line
    breaks), punctuation kept."""
    return tuple(c.strip() for c in _CLAUSE.split(clean(text)) if c and c.strip())


_Q_WORDS = re.compile(
    r"(是否|能否|可否|有没有|是不是|对不对|对吗|是吗|好吗|行吗|可以吗|请问|吗|呢|的吧|是吧|对吧|好吧？)$"
)


def is_question(clause: str) -> bool:
    """A clause is a question: it ends with ？ or a question particle (吗/呢/么/吧…), or asks
    indirectly (是否/能否/请问/有没有 anywhere)."""
    c = clause.strip()
    if c and c[-1] in _QMARK:
        return True
    bare = _PUNCT.sub("", c)
    return bool(_Q_WORDS.search(bare)) or any(w in bare for w in ("是否", "能否", "可否", "请问"))


_PINYIN_CHAR: dict[str, tuple[str, ...]] = {}


def _char_pinyin(ch: str) -> tuple[str, ...]:
    """Toneless pinyin of one character (a Han character's syllable; any other character itself)."""
    out = _PINYIN_CHAR.get(ch)
    if out is None:
        if "\u4e00" <= ch <= "\u9fff":
            from pypinyin import lazy_pinyin

            out = tuple(lazy_pinyin(ch))
        else:
            out = (ch,)
        _PINYIN_CHAR[ch] = out
    return out


@lru_cache(maxsize=65536)
def pinyin(text: str) -> tuple[str, ...]:
    """Toneless pinyin, one syllable per Han character (others kept as they are)."""
    out: list[str] = []
    for ch in text:
        out += _char_pinyin(ch)
    return tuple(out)


# Each distinct syllable gets one private-use character, so a text's pinyin is a string as long as
# the text and "same toneless pinyin" is a plain substring search (str.find, in C).
_SYLLABLE_CODE: dict[str, str] = {}


def _syllable_code(syl: str) -> str:
    code = _SYLLABLE_CODE.get(syl)
    if code is None:
        code = _SYLLABLE_CODE[syl] = chr(0xF0000 + len(_SYLLABLE_CODE))
    return code


@lru_cache(maxsize=65536)
def pinyin_code(text: str) -> str | None:
    """The toneless pinyin of ``text`` as one code character per syllable; None when a character
    does not give exactly one syllable (then positions in the code are not positions in the text)."""
    syllables = pinyin(text)
    if len(syllables) != len(text):
        return None
    return "".join(_syllable_code(s) for s in syllables)


@lru_cache(maxsize=65536)
def _charset(text: str) -> frozenset[str]:
    return frozenset(text)


def tolerance(phrase: str) -> int:
    """Edit distance allowed for a phrase of n characters: 0 under 4, 1 for 4–9, 2 from 10."""
    n = len(phrase)
    return 0 if n < 4 else 1 if n < 10 else 2


def _sellers(p: str, t: str, k: int) -> tuple[int, int] | None:
    """Best (start, end) of a substring of t within edit distance k of p, else None.

    The plain dynamic programme (Sellers 1980; O(len p × len t)): the lowest distance wins, then
    the first end; the start follows the path preferring substitution, then deletion, then
    insertion. The reference for :func:`_approx`, which finds the end much faster and calls this
    on the text up to that end only."""
    m = len(p)
    prev = list(range(m + 1))
    best: tuple[int, int, int] | None = None
    prev_start = list(range(m + 1))
    for j, ch in enumerate(t, start=1):
        cur = [0] * (m + 1)
        cur_start = [j] * (m + 1)
        for i in range(1, m + 1):
            sub = prev[i - 1] + (p[i - 1] != ch)
            dele = prev[i] + 1
            ins = cur[i - 1] + 1
            v = min(sub, dele, ins)
            cur[i] = v
            cur_start[i] = prev_start[i - 1] if v == sub else prev_start[i] if v == dele else cur_start[i - 1]
        if cur[m] <= k and (best is None or cur[m] < best[0]):
            best = (cur[m], cur_start[m], j)
        prev, prev_start = cur, cur_start
    return None if best is None else (best[1], best[2])


@lru_cache(maxsize=4096)
def _peq(p: str) -> dict[str, int]:
    """Per character, the bit mask of its positions in p (bit i = p[i]) for :func:`_best_end`."""
    out: dict[str, int] = {}
    for i, ch in enumerate(p):
        out[ch] = out.get(ch, 0) | (1 << i)
    return out


def _best_end(p: str, t: str, k: int) -> tuple[int, int] | None:
    """(distance, end) of the best approximate occurrence of p in t (lowest distance ≤ k, then the
    first end), else None — Myers' bit-parallel edit distance (1999): one column of the Sellers
    programme per text character in a few integer operations, the column kept as bit vectors of
    +1/−1 vertical differences; only the score of the last row is followed."""
    m = len(p)
    peq = _peq(p)
    full = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = full, 0, m
    best: tuple[int, int] | None = None
    for j, ch in enumerate(t, start=1):
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        if score <= k and (best is None or score < best[0]):
            best = (score, j)
            if score == 0:
                break
    return best


def _approx(p: str, t: str, k: int) -> tuple[int, int] | None:
    """Best (start, end) of a substring of t within edit distance k of p, else None — the same
    answer as :func:`_sellers`, fast: a character filter first (an occurrence within k edits keeps
    at least len p − k of p's characters, so at least that many of p's characters must occur in t),
    then the best end by :func:`_best_end`, then the start by :func:`_sellers` on t up to that end
    (the programme's columns up to an end do not depend on what follows it)."""
    m = len(p)
    if m == 0 or len(t) < m - k:
        return None
    chars = _charset(t)
    if sum(ch in chars for ch in p) < m - k:
        return None
    hit = _best_end(p, t, k)
    if hit is None:
        return None
    return _sellers(p, t[: hit[1]], k)


def find(phrase: str, text: str, *, fuzzy: bool = True) -> tuple[int, int] | None:
    """Where a phrase occurs in a stripped text: (start, end) character offsets, or None.

    Exact first; with ``fuzzy``, then the same toneless pinyin, then edit distance ≤
    :func:`tolerance`."""
    p = strip(phrase)
    if not p:
        return None
    i = text.find(p)
    if i >= 0:
        return i, i + len(p)
    if not fuzzy or len(p) < 2:
        return None
    pc, tc = pinyin_code(p), pinyin_code(text)
    if pc is not None and tc is not None:
        s = tc.find(pc)
        if s >= 0:
            return s, s + len(pc)
    elif tc is not None:  # a phrase character with several syllables (never in the default pack)
        pp, tp = pinyin(p), pinyin(text)
        for s in range(len(tp) - len(pp) + 1):
            if tp[s : s + len(pp)] == pp:
                return s, s + len(pp)
    k = tolerance(p)
    return _approx(p, text, k) if k else None


class PhraseSet:
    """A list of phrases compiled once (per rule pack: :func:`phrase_set` caches by the phrases) to
    answer "does any of them occur" in a stripped text with the answers of :func:`find`, phrase by
    phrase, but in three passes over all phrases at once: one regular expression of the exact forms,
    one of the pinyin codes, then edit distance only for the phrases that pass the character filter
    (and no start offset is needed for a yes/no)."""

    def __init__(self, phrases: tuple[str, ...], fuzzy: bool):
        forms = list(dict.fromkeys(p for p in (strip(x) for x in phrases) if p))
        self.exact = re.compile("|".join(map(re.escape, forms))) if forms else None
        tolerant = [p for p in forms if fuzzy and len(p) >= 2]
        codes = [pinyin_code(p) for p in tolerant]
        self.pinyin = re.compile("|".join(re.escape(c) for c in codes if c)) if any(codes) else None
        # phrases with a several-syllable character (never in the default pack) go the long way
        self.slow = tuple(p for p, c in zip(tolerant, codes, strict=True) if c is None)
        # (phrase, k, characters needed, its character set, counts when a character repeats)
        self.approx = tuple(
            (p, tolerance(p), len(p) - tolerance(p), frozenset(p),
             None if len(set(p)) == len(p) else {ch: p.count(ch) for ch in set(p)})
            for p in tolerant if tolerance(p)
        )  # fmt: skip

    def any_in(self, text: str) -> bool:
        """Some phrase occurs in the stripped ``text`` (exactly, by pinyin or within its tolerance)."""
        if self.exact is not None and self.exact.search(text):
            return True
        tc = pinyin_code(text) if (self.pinyin is not None or self.slow) else None
        if tc is not None and self.pinyin is not None and self.pinyin.search(tc):
            return True
        if self.slow and tc is not None and any(find(p, text) is not None for p in self.slow):
            return True
        if not self.approx:
            return False
        n = len(text)
        chars = _charset(text)
        for p, k, need, pset, counts in self.approx:
            if n < need:
                continue
            common = pset & chars
            kept = len(common) if counts is None else sum(counts[ch] for ch in common)
            if kept >= need and _best_end(p, text, k) is not None:
                return True
        return False


@lru_cache(maxsize=1024)
def phrase_set(phrases: tuple[str, ...], fuzzy: bool = True) -> PhraseSet:
    """The compiled :class:`PhraseSet` of these phrases (built once per distinct list)."""
    return PhraseSet(phrases, fuzzy)


_NEGATORS = ("不", "没", "别", "未", "无", "非")


def negated(text: str, start: int) -> bool:
    """The hit at ``start`` of a stripped text follows a negator (不/没/别/未/无/非) within 2 characters."""
    return any(ch in _NEGATORS for ch in text[max(0, start - 2) : start])
