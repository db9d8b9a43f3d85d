"""The privacy notice: what Ura stores, why, who sees it, how long, whom to ask, and the one rule.

Shown before the first question of a membership request, in the welcome, and by /privacy; how
long follows URA_RETENTION_DAYS (what the daily purge in bot/log/retention.py
actually blanks), and whom to ask follows URA_PRIVACY_CONTACT.
"""

from __future__ import annotations

from bot.core.i18n import Safe, Translator
from bot.core.rendering import Reply
from config.settings import Settings


def privacy_notice(t: Translator, lang: str, settings: Settings) -> Safe:
    days = settings.retention_days
    kept = t.plural(lang, "privacy.kept", days) if days else t(lang, "privacy.kept.forever")
    contact = settings.privacy_contact.strip()
    ask = (
        t(lang, "privacy.contact", contact=contact)
        if contact
        else t(lang, "privacy.contact.office")
    )
    parts = [t(lang, "privacy.notice"), kept, ask, t(lang, "privacy.rule")]
    return Safe("\n".join(parts))


def privacy_reply(t: Translator, lang: str, settings: Settings) -> Reply:
    return Reply(privacy_notice(t, lang, settings))
