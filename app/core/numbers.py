"""Money, percentages and deadlines in an answer, as yearly amounts and exact spans."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

HOURS_PER_YEAR = 2080  # 40 hours × 52 weeks
MAX_YEARLY = 1e9  # a bigger yearly figure is not a salary anyone negotiates (and 1e400 would be infinite)
MAX_PERCENT = 1e6

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
    if i > 1
}
_WORD_NUMBER = (
    r"(?:(?:a|one|two|three|four|five|six|seven|eight|nine)[ -]hundred(?:[ -](?:and[ -])?)?)?"
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"one|two|three|four|five|six|seven|eight|nine)?"
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_EXPONENT = r"(?:e\+?\d{1,3})?"  # scientific notation ("$1e5"); a negative exponent is no salary
_CURRENCY = r"(?:[$£€¥₹]|(?:usd|cad|gbp|eur|aud)\s?|ca\$|a\$)"
_SCALE = r"(?:\s?k\b|\s?grand\b|\s?thousand\b|\s?K\b)"
_PERIOD = (
    r"(?P<period>\s*(?:/|an?|per)\s*(?P<unit>hour|hr|h|month|mo|year|yr|annum)\b"
    r"|\s+(?P<unit2>hourly|monthly|annually|yearly)\b)?"
)
_AMOUNT = rf"(?P<cur{{n}}>{_CURRENCY})?(?P<num{{n}}>{_NUMBER}{_EXPONENT})(?P<scale{{n}}>{_SCALE})?"
_AMOUNT1, _AMOUNT2 = _AMOUNT.replace("{n}", "1"), _AMOUNT.replace("{n}", "2")
MONEY = re.compile(
    rf"(?<![\w.,])(?:between\s+)?{_AMOUNT1}"
    rf"(?:\s*(?:-|to|and)\s*{_AMOUNT2})?"
    rf"(?P<words>\s(?:dollars|bucks|pounds|euros))?{_PERIOD}(?![\w%])(?!\(k\))(?!\s*(?:%|percent|per cent))",
    re.IGNORECASE,
)
WORD_MONEY = re.compile(rf"\b(?P<num>{_WORD_NUMBER})[ -]?(?P<scale>thousand|grand|k)\b", re.IGNORECASE)
DECADES = re.compile(
    r"\b(?P<where>low|mid|high|upper|lower)[ -]?(?:(?P<word>twenties|thirties|forties|fifties|"
    r"sixties|seventies|eighties|nineties)|(?P<num>[1-9]0)'?s)\b",
    re.IGNORECASE,
)
PERCENT = re.compile(
    rf"(?<![\w.])(?P<a>{_NUMBER}|{_WORD_NUMBER}(?<=[a-z]))(?:\s*%?\s*(?:-|to)\s*(?P<b>{_NUMBER}))?"
    r"\s*(?:%|percent\b|per cent\b)",
    re.IGNORECASE,
)
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today|eod|cob|noon)"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|ten|a few|a couple of|a couple)"
DEADLINE = re.compile(
    rf"\b(?:(?:by|until|till|before|on)\s+(?:this\s+|next\s+|the\s+)?(?:{_DAY}|end\s+of\s+(?:the\s+)?"
    rf"(?:day|week|month)|\d{{1,2}}(?:st|nd|rd|th)|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)"
    rf"|(?:in|within)\s+(?:the\s+next\s+)?{_COUNT}\s+(?:business\s+|working\s+)?(?:days?|weeks?|hours?)"
    rf"|{_COUNT}\s+(?:business\s+|working\s+)?(?:days?|hours?)\s+to\s+(?:think|decide|review|consider|look)"
    rf"|\d{{2}}\s+hours|next\s+(?:week|{_DAY})|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|week|month)"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|tomorrow|tonight)\b",
    re.IGNORECASE,
)
# A minus sign (hyphen, or the unicode minus U+2212) right before the figure or its currency: "-5k", "−$5k", "$-5k".
# Not a range's dash ("80-90k"): the sign must not follow a word or a digit.
_SIGN_BEFORE = re.compile(r"(?:^|[^\w.,])[-−]\s?[$£€¥₹]?$")
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?:years?|yrs?|days?|weeks?|months?|hours?|options?|shares?|people|users|"
    r"employees|percent|%|st\b|nd\b|rd\b|th\b|am\b|pm\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    yearly: float
    start: int
    end: int
    text: str
    per: str = "year"  # as named: year, month or hour


@dataclass(frozen=True)
class Mention:
    value: float | str
    start: int
    end: int
    text: str


def words_to_number(text: str) -> float | None:
    total, seen = 0, False
    for word in re.split(r"[ -]+", text.lower().strip()):
        if word in ("and", ""):
            continue
        if word in ("a", "one") and not seen:
            total, seen = 1, True
        elif word in _UNITS:
            total, seen = total + _UNITS[word], True
        elif word in _TENS:
            total, seen = total + _TENS[word], True
        elif word == "hundred":
            total, seen = max(total, 1) * 100, True
        else:
            return None
    return float(total) if seen else None


def _per(match: re.Match[str]) -> str:
    unit = (match.group("unit") or match.group("unit2") or "").lower()
    return {
        "hour": "hour",
        "hr": "hour",
        "h": "hour",
        "hourly": "hour",
        "month": "month",
        "mo": "month",
        "monthly": "month",
    }.get(unit, "year")


def _yearly(value: float, per: str) -> float:
    return value * HOURS_PER_YEAR if per == "hour" else value * 12 if per == "month" else value


def money(text: str) -> list[Amount]:
    """Every amount of money named, as yearly figures, in the order they appear."""
    found: list[Amount] = []
    taken = _Spans()
    for m in MONEY.finditer(text):
        for amount in _numeric_amounts(text, m):
            found.append(amount)
            taken.add(amount.start, amount.end)
    for m in WORD_MONEY.finditer(text):
        value = words_to_number(m.group("num"))
        if value and taken.add(m.start(), m.end()):
            found.append(Amount(value * 1000, m.start(), m.end(), m.group()))
    for m in DECADES.finditer(text):
        if taken.free(m.start(), m.end()):
            tens = _TENS.get((m.group("word") or "").lower().replace("ies", "y")) or int(m.group("num") or 0)
            offset = {"low": 1, "lower": 1, "mid": 5, "high": 8, "upper": 8}[m.group("where").lower()]
            found.append(Amount((tens + offset) * 1000, m.start(), m.end(), m.group()))
            taken.add(m.start(), m.end())
    if _SALARY_TALK.search(text):
        found += [a for a in _bare_thousands(text) if taken.free(a.start, a.end)]
    return sorted((a for a in found if sane(a.yearly)), key=lambda a: a.start)


class _Spans:
    """Spans already taken by an amount, kept sorted and apart, so an overlap test is a bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end) - 1  # the last span starting before `end`
        return k < 0 or self.ends[k] <= start

    def add(self, start: int, end: int) -> bool:
        """Take the span if it is free; whether it was."""
        if not self.free(start, end):
            return False
        k = bisect.bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)
        return True


def sane(yearly: float) -> bool:
    """A yearly figure that can be a salary ask: finite, positive and at most MAX_YEARLY."""
    return 0 < yearly <= MAX_YEARLY


# In salary talk people drop the thousands: "Do 71 and the review, and I'll sign", "62 is low for Austin".
_SALARY_TALK = re.compile(
    r"\b(?:salary|base|offer|pay|paid|budget|range|number|counter|sign|accept|comp|compensation|raise|halfway)\b"
    r"|\d\s?k\b",
    re.IGNORECASE,
)
_BARE = re.compile(r"(?<![\w.,$£€#/:\-−])(?P<num>[2-9]\d|1\d\d|2[0-4]\d)(?![\w%.,:/-]|\.\d)")
_NOT_BARE_BEFORE = re.compile(
    r"(?:\b(?:i'm|im|i am|age|aged|top|the|room|page|step|version|v|number|no|at|by|around|about|in|of)\s*)$",
    re.IGNORECASE,
)
_NOT_BARE_AFTER = re.compile(
    r"\s*(?:years?|yrs?|days?|weeks?|months?|hours?|hrs?|minutes?|mins?|people|users|employees|percent|per|"
    r"interviews?|projects?|apps?|games?|times?|%|st\b|nd\b|rd\b|th\b|am\b|pm\b|o'clock|an hour|/h)",
    re.IGNORECASE,
)


def _bare_thousands(text: str) -> list[Amount]:
    """Two- and three-digit numbers (20-249) said as thousands, when nothing marks them as something else."""
    amounts = []
    for m in _BARE.finditer(text):
        if _NOT_BARE_AFTER.match(text, m.end()) or _NOT_BARE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        amounts.append(Amount(float(m.group("num")) * 1000, m.start(), m.end(), m.group()))
    return amounts


def _numeric_amounts(text: str, m: re.Match[str]) -> list[Amount]:
    if _SIGN_BEFORE.search(text, max(0, m.start() - 4), m.start()):
        return []  # a negative amount ("-5k", "−$5k") is a difference or a loss, not an ask
    per = _per(m)
    first, second = _number(m, 1), _number(m, 2)
    assert first is not None  # MONEY always matches num1
    scale1, scale2 = m.group("scale1"), m.group("scale2")
    end1 = m.end("scale1") if scale1 else m.end("num1")
    if second is not None and scale2 and not scale1 and first < 1000:
        scale1 = scale2  # "85 to 90k": the k belongs to both
    signal = bool(m.group("cur1") or m.group("cur2") or scale1 or scale2 or m.group("words"))
    values = [(first, scale1, m.start("cur1") if m.group("cur1") else m.start("num1"), end1)]
    if second is not None:
        values.append(
            (
                second,
                scale2,
                m.start("cur2") if m.group("cur2") else m.start("num2"),
                m.end("scale2") if scale2 else m.end("num2"),
            )
        )
    amounts = []
    for value, scale, start, end in values:
        value *= 1000 if scale else 1
        if not _looks_like_money(text, value, signal, per, end, m):
            continue
        amounts.append(
            Amount(
                _yearly(value, per),
                m.start() if len(values) == 1 else start,
                m.end() if len(values) == 1 else end,
                m.group() if len(values) == 1 else text[start:end],
                per,
            )
        )
    return amounts


def _number(m: re.Match[str], n: int) -> float | None:
    raw = m.group(f"num{n}")
    return float(raw.replace(",", "")) if raw else None  # inf for 400 digits or 1e400: `sane` drops it


def _looks_like_money(text: str, value: float, signal: bool, per: str, end: int, m: re.Match[str]) -> bool:
    if _NOT_MONEY_AFTER.match(text, m.end()) and not signal:
        return False
    if text[max(0, m.start() - 3) : m.start()].lower().endswith("40") or text[m.start() : m.end()].lower() == "401k":
        return False
    if per != "year":
        return signal or value >= 10
    if signal:
        return value >= 100
    is_year = 1900 <= value <= 2100 and float(value).is_integer()
    return value >= 10000 and not is_year


def percents(text: str) -> list[Mention]:
    found = []
    for m in PERCENT.finditer(text):
        for group in ("a", "b"):
            raw = m.group(group)
            if raw:
                value = float(raw.replace(",", "")) if raw[0].isdigit() else words_to_number(raw)
                if value is not None and 0 <= value <= MAX_PERCENT:
                    found.append(Mention(value, m.start(), m.end(), m.group()))
    return found


def deadlines(text: str) -> list[Mention]:
    return [Mention(m.group(), m.start(), m.end(), m.group()) for m in DEADLINE.finditer(text)]


def parse_amount(text: str) -> float | None:
    """An amount typed into a form ("85k", "85,000", "$85,000"); None when empty; ValueError when not a number."""
    cleaned = re.sub(r"[\s,$£€¥₹]", "", text)
    if not cleaned:
        return None
    scale = 1000 if cleaned[-1:] in ("k", "K") else 1
    value = float(cleaned.rstrip("kK")) * scale
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a usable amount")
    return value
