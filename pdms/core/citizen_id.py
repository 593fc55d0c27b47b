"""Citizen ID numbers (số CCCD): validation, protection at rest, masking.

A CCCD has 12 digits: a 3-digit province code of birth registration, a digit for century
and sex (0/1 = 20th century male/female, 2/3 = 21st, ...), the last two digits of the
birth year, then 6 serial digits. The number is stored encrypted; a keyed hash (HMAC) lets
the database find duplicates without holding the number in clear.
"""

import base64
import datetime as dt
import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import DomainError

PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 "
    "034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 "
    "067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)


def century_sex_digit(birth_date: dt.date, sex: str) -> str:
    century_index = birth_date.year // 100 - 19  # 1900s -> 0, 2000s -> 1
    return str(2 * century_index + (1 if sex == "female" else 0))


def validate_citizen_id(number: str, *, birth_date: dt.date | None = None, sex: str | None = None) -> str:
    """Return the cleaned 12-digit number or raise DomainError saying what is wrong."""
    cleaned = "".join(str(number or "").split())
    if not (len(cleaned) == 12 and cleaned.isdigit()):
        raise DomainError(
            _("Citizen ID “%(value)s” must have exactly 12 digits.") % {"value": number}, field="citizen_id"
        )
    if cleaned[:3] not in PROVINCE_CODES:
        raise DomainError(
            _("Citizen ID %(value)s starts with %(code)s, which is not a province code.")
            % {"value": cleaned, "code": cleaned[:3]},
            field="citizen_id",
        )
    if birth_date is not None:
        if cleaned[4:6] != f"{birth_date.year % 100:02d}":
            raise DomainError(
                _("The citizen ID does not match the birth year %(year)s.") % {"year": birth_date.year},
                field="citizen_id",
            )
        if sex in ("male", "female") and cleaned[3] != century_sex_digit(birth_date, sex):
            raise DomainError(
                _("The citizen ID does not match the sex and birth century of the person."),
                field="citizen_id",
            )
    return cleaned


@functools.lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(("citizen-id-encryption:" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


# Each function takes the key material as ``key`` (a rotation holds two), PERSONAL_DATA_KEY by default.


def encrypt(number: str, *, key: str | None = None) -> str:
    return _fernet(key or settings.PERSONAL_DATA_KEY).encrypt(number.encode()).decode()


def decrypt(token: str, *, key: str | None = None) -> str:
    """The clear text; ``cryptography.fernet.InvalidToken`` when ``token`` was made with another key."""
    return _fernet(key or settings.PERSONAL_DATA_KEY).decrypt(token.encode()).decode() if token else ""


def blind_index(number: str, *, key: str | None = None) -> str:
    """Keyed hash used for uniqueness and exact look-up."""
    secret = ("citizen-id-index:" + (key or settings.PERSONAL_DATA_KEY)).encode()
    return hmac.new(secret, number.encode(), hashlib.sha256).hexdigest()


def mask(last_digits: str) -> str:
    return "•" * 8 + last_digits if last_digits else ""


# Nine digits or more, perhaps grouped by spaces as people type them: a citizen ID (or an
# older 9-digit identity card number) quoted in a message.
_QUOTED_NUMBER = re.compile(r"\d(?:\s?\d){8,}")


def mask_quoted(text: str) -> str:
    """``text`` with every ID number it quotes masked as ``mask`` does:
    "Số CCCD 001090012345 ..." becomes "Số CCCD ••••••••2345 ..."."""
    return _QUOTED_NUMBER.sub(lambda match: mask("".join(match.group().split())[-4:]), text)
