"""Per-IP rate limiting on Django's cache (local memory in development, Redis in production).

A fixed window: the first accepted submission from an address starts a counter that expires
after `window` seconds. See docs/decisions/004-partner-form-spam-protection.md.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_ip(request):
    """The visitor's address. Behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (the ones on its left can be forged by the client)."""
    proxies = getattr(settings, "PARTNER_CONTACT_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class RateLimit:
    def __init__(self, scope, limit, window):
        self.scope = scope
        self.limit = limit
        self.window = window

    def key(self, request):
        # Hashed, so the cache holds no visitor addresses.
        digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
        return f"ratelimit:{self.scope}:{digest}"

    def hit(self, request):
        """Count one attempt; False when the address is over the limit for this window.

        When the cache is unreachable the attempt is allowed: the honeypot still filters bots,
        and a broken cache must not lose a real partner's message.
        """
        key = self.key(request)
        try:
            cache.add(key, 0, timeout=self.window)
            try:
                count = cache.incr(key)
            except ValueError:  # the key expired between add() and incr()
                cache.set(key, 1, timeout=self.window)
                count = 1
        except Exception:
            logger.exception("Rate limit cache unavailable; allowing the request.")
            return True
        return count <= self.limit


def partner_contact_limit():
    return RateLimit(
        "partner-contact",
        limit=settings.PARTNER_CONTACT_RATE_LIMIT,
        window=settings.PARTNER_CONTACT_RATE_WINDOW,
    )
