"""URL converters. ``<id:pk>``: a row id in a page URL — digits, at most 18 of them, so it always fits
a 64-bit ``bigint`` (a longer number cannot name a row: the URL simply does not match, 404, where
``<int:pk>`` would hand the database a number it raises on)."""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)  # as Django's own ``int``; reverse() then checks it against ``regex``
