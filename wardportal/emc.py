"""EMC: the national system that monitors every state portal, through a script of its own.

Each portal registered with EMC gets a snippet to embed: an external script and a badge (a
link and an image). The portal loads nothing from other sites otherwise, so all of it happens
only when the ward sets EMC_SCRIPT_URL (publishconf.py): then the footer carries the script
(external, `async`: nothing inline) and the badge, and the Content-Security-Policy lets in
exactly those hosts (wardportal.csp). Without it no page makes a third-party request.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from wardportal.csp import content_security_policy
from wardportal.settings import SettingsError

_SETTINGS = ("EMC_SCRIPT_URL", "EMC_BADGE_LINK", "EMC_BADGE_IMAGE")


@dataclass(frozen=True)
class Emc:
    """The EMC snippet as settings give it; all empty when the ward has none."""

    script: str = ""
    badge_link: str = ""
    badge_image: str = ""

    @classmethod
    def from_settings(cls, settings: dict) -> Emc:
        """The snippet, each address checked: https, a host, nothing that breaks a header."""
        for name in _SETTINGS:
            url = settings[name]
            if url and origin(url) is None:
                raise SettingsError(
                    f"thiết lập {name} = {url!r} không hợp lệ; cần một địa chỉ đầy đủ bắt đầu"
                    " bằng https://, chép đúng từ mã nhúng EMC được cấp"
                )
        emc = cls(*(settings[name] for name in _SETTINGS))
        if (emc.badge_link or emc.badge_image) and not emc.script:
            raise SettingsError(
                "thiết lập EMC_BADGE_LINK, EMC_BADGE_IMAGE cần đi cùng EMC_SCRIPT_URL (địa chỉ"
                " tệp script trong mã nhúng EMC)"
            )
        return emc

    @property
    def configured(self) -> bool:
        return bool(self.script)

    def policy(self) -> str:
        """The site's Content-Security-Policy: the strict one, plus EMC's hosts when set."""
        if not self.configured:
            return content_security_policy()
        script_host = origin(self.script)
        badge_host = origin(self.badge_image) if self.badge_image else None
        assert script_host is not None, "from_settings refuses a script address with no origin"
        images = [badge_host] if badge_host else []
        return content_security_policy(
            scripts=[script_host], images=[script_host, *images], connects=[script_host]
        )


def origin(url: str) -> str | None:
    """ "https://host[:port]" of an https URL, or None if it is not one a policy can name."""
    if any(character in url for character in "\"'; \t\r\n\\"):
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        return None
    return f"https://{parts.netloc.lower()}"
