"""Sign-in: no account enumeration, sessions that end."""

import pytest
from django.conf import settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(client):
    UserFactory(username="known@example.org")
    known = client.post(
        "/admin/login/", {"username": "known@example.org", "password": "wrong-password"}
    )
    unknown = client.post(
        "/admin/login/", {"username": "nobody@example.org", "password": "wrong-password"}
    )
    assert known.status_code == unknown.status_code == 200
    message = "Your username and password didn"
    assert message in known.content.decode() and message in unknown.content.decode()


def test_password_reset_does_not_reveal_whether_an_account_exists(client, mailoutbox):
    UserFactory(username="known@example.org")
    known = client.post("/admin/password_reset/", {"email": "known@example.org"})
    unknown = client.post("/admin/password_reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1  # only the real account gets an email


def test_sessions_expire(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/admin/")
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"]  # a browser-session cookie
