"""Official phone numbers and email addresses: checked as they are typed, made into links.

A resident taps a number to call it, so a number a phone cannot dial is a broken promise:
the build refuses it. Numbers are read with Google's libphonenumber rules for Viet Nam
(`phonenumbers`), which know mobile and landline lengths and prefixes; spaces, dots and
dashes as officers type them ("0912.345.678", "(0229) 3871 000") are fine. The link is the
international form (tel:+84912345678), which dials from any phone, at home or abroad.
"""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

PHONE_HINT = (
    "Hãy ghi một số: di động 10 chữ số (ví dụ 0912 345 678) hoặc máy bàn có mã vùng"
    " (ví dụ 0229 3871 000), có thể bắt đầu bằng +84"
)
EMAIL_HINT = (
    "Hãy ghi một địa chỉ đầy đủ, dạng ten@donvi.gov.vn, không có dấu cách hay dấu tiếng Việt"
)


class ReachError(ValueError):
    """A phone number or email address no one could use; the message is Vietnamese."""


def tel_link(typed: str) -> str:
    """The `tel:` address of a Vietnamese phone number as typed ("0912 345 678" →
    "tel:+84912345678"); ReachError if it is not a number a phone can dial."""
    try:
        number = phonenumbers.parse(typed, "VN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ReachError(f"số điện thoại “{typed}” không hợp lệ")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def checked_email(typed: str) -> str:
    """The address in its normal form (domain in lower case); ReachError if it is malformed.

    Only the form is checked: a build must not depend on the network (no DNS look-up).
    """
    try:
        return validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ReachError(f"địa chỉ thư điện tử “{typed}” không hợp lệ") from None
