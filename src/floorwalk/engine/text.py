"""Marking English text for translation without importing Django.

`gettext_noop` has the name Django's `makemessages` looks for, so every string wrapped in it
lands in the message catalogues; the web layer translates the value with `gettext(value)`
when it displays it.
"""


def gettext_noop(message: str) -> str:
    """Return `message` unchanged; the call only marks it for extraction."""
    return message
