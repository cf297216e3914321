"""Two-step sign-in to the admin with an authenticator app (decision 010)."""

import datetime
import io
import json
import re
from base64 import b32decode

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from publications.models import IngestToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # noqa: S105 - the factories' password


def code_for(key, steps_ahead=0):
    """What the phone shows: RFC 6238 with the key the site gave (or one step later)."""
    return f"{totp(key, drift=steps_ahead):06d}"


def wrong_code(key):
    # Off by one from every code the site accepts now (current step and its neighbours).
    accepted = {code_for(key, step) for step in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in accepted)


def password_step(client, user):
    return client.post("/admin/login/", {"username": user.username, "password": PASSWORD})


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def editor_with_device():
    user = UserFactory(groups=["Communications"])
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return user, device


def test_an_editor_turns_it_on_from_the_account_page_and_then_signs_in_with_a_code(client):
    editor = UserFactory(groups=["Communications"])
    assert password_step(client, editor)["Location"] == "/admin/"  # no code asked yet

    account = client.get("/admin/account/").content.decode()
    assert 'href="/admin/two-factor/"' in account
    assert "Two-step verification" in account

    setup = client.get("/admin/two-factor/").content.decode()
    assert '<svg role="img" aria-label="QR code of the key to scan"' in setup
    secret = re.search(r"<code>([A-Z2-7 ]{39})</code>", setup).group(1)
    assert "otpauth://totp/Mila%3A" in setup and f"secret={secret.replace(' ', '')}" in setup
    # Reloading keeps the key the phone has scanned.
    assert secret in client.get("/admin/two-factor/").content.decode()
    key = b32decode(secret.replace(" ", ""))

    typo = client.post("/admin/two-factor/", {"code": "12a4"})
    assert "Enter the 6 digits that your authenticator app shows." in typo.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()

    confirmed = client.post("/admin/two-factor/", {"code": code_for(key)}, follow=True)
    assert "Two-step verification is on." in confirmed.content.decode()
    assert "Turn two-step verification off" in confirmed.content.decode()
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get("/admin/").status_code == 200  # this session gave the code

    client.post("/admin/logout/")
    response = password_step(client, editor)
    assert response["Location"] == "/admin/login/code/"
    assert not signed_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    # The code already used to confirm cannot be replayed; the next one can.
    replay = client.post("/admin/login/code/", {"code": code_for(key)})
    assert replay.status_code == 200 and not signed_in(client)
    with freeze_time(timezone.now() + datetime.timedelta(seconds=2)):
        admitted = client.post("/admin/login/code/", {"code": code_for(key, steps_ahead=1)})
    assert admitted["Location"] == "/admin/"
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_the_code_page_is_a_labelled_form(client, editor_with_device):
    editor, _device = editor_with_device
    password_step(client, editor)
    page = client.get("/admin/login/code/").content.decode()
    assert '<label class="w-field__label" for="id_code"' in page
    assert "Authentication code" in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert 'aria-describedby="id_code-helptext"' in page
    assert f"To finish signing in as {editor.username}" in page


def test_a_wrong_code_is_refused_and_the_right_one_admitted(client, editor_with_device):
    editor, device = editor_with_device
    with freeze_time(timezone.now()) as clock:
        password_step(client, editor)
        refused = client.post("/admin/login/code/", {"code": wrong_code(device.bin_key)})
        assert refused.status_code == 200
        # Shown in the page's status area (the sign-in style hides errors under fields).
        assert '<li class="error">This code is not valid.' in refused.content.decode()
        assert 'aria-invalid="true"' in refused.content.decode()
        assert not signed_in(client)
        assert client.get("/admin/pages/")["Location"].startswith("/admin/login/")

        # Straight after a wrong code, even the right one waits (django-otp's growing delay).
        too_soon = client.post("/admin/login/code/", {"code": code_for(device.bin_key)})
        assert "Too many wrong codes. Wait a few seconds" in too_soon.content.decode()
        assert not signed_in(client)

        clock.tick(5)
        admitted = client.post("/admin/login/code/", {"code": code_for(device.bin_key)})
    assert admitted["Location"] == "/admin/"
    assert client.get("/admin/pages/").status_code == 200


def test_five_wrong_codes_send_back_to_the_password(client, editor_with_device):
    editor, device = editor_with_device
    password_step(client, editor)
    for _attempt in range(4):
        client.post("/admin/login/code/", {"code": wrong_code(device.bin_key)})
    last = client.post("/admin/login/code/", {"code": wrong_code(device.bin_key)}, follow=True)
    assert last.redirect_chain[-1][0] == "/admin/login/"
    assert "Too many wrong codes: please sign in again." in last.content.decode()
    # The code page is closed until the password is given again.
    assert client.get("/admin/login/code/")["Location"] == "/admin/login/"


def test_wrong_passwords_and_wrong_codes_count_for_the_lockout(
    client, settings, editor_with_device
):
    settings.AXES_ENABLED = True
    editor, device = editor_with_device
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/admin/login/", {"username": editor.username, "password": "wrong"})
    password_step(client, editor)
    locked = client.post("/admin/login/code/", {"code": wrong_code(device.bin_key)})
    assert locked.status_code in (403, 429)
    assert "Too many failed sign-in attempts" in locked.content.decode()
    # Even the right password and then the right code do not get in now.
    assert password_step(client, editor).status_code in (403, 429)
    assert not signed_in(client)


def test_an_account_without_a_device_signs_in_as_before(client):
    editor = UserFactory(groups=["Communications"])
    UserFactory(groups=["Communications"]).totpdevice_set.create(name="Phone", confirmed=True)
    response = password_step(client, editor)
    assert response["Location"] == "/admin/"
    assert signed_in(client)
    assert client.get("/admin/pages/").status_code == 200


def test_a_device_not_confirmed_yet_asks_for_no_code(client):
    editor = UserFactory(groups=["Communications"])
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=False)
    assert password_step(client, editor)["Location"] == "/admin/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_session_opened_without_the_code_is_closed(client, editor_with_device):
    # A session from before the device was added (or from another browser) must not keep the
    # admin open.
    editor, _device = editor_with_device
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response["Location"] == "/admin/login/?next=/admin/pages/"
    assert not signed_in(client)


def test_turning_it_off_needs_the_password(client, editor_with_device):
    editor, device = editor_with_device
    password_step(client, editor)
    client.post("/admin/login/code/", {"code": code_for(device.bin_key)})
    assert signed_in(client)

    refused = client.post("/admin/two-factor/remove/", {"password": "not my password"})
    assert "This is not your password." in refused.content.decode()
    assert TOTPDevice.objects.filter(user=editor).exists()

    removed = client.post("/admin/two-factor/remove/", {"password": PASSWORD}, follow=True)
    assert "Two-step verification is off" in removed.content.decode()
    assert "Turn on two-step verification" in removed.content.decode()  # with a new key
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    client.post("/admin/logout/")
    assert password_step(client, editor)["Location"] == "/admin/"


def test_superusers_can_be_required_to_turn_it_on(client, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/two-factor/"
    assert "Superusers must use two-step verification" in response.content.decode()

    editor = UserFactory(groups=["Communications"])
    client.force_login(editor)
    assert client.get("/admin/pages/").status_code == 200


def test_the_ingestion_api_still_takes_its_token_alone(client, editor_with_device):
    editor, _device = editor_with_device
    token = IngestToken.create_token("pipeline")[1]
    response = client.post(
        "/api/publications/ingest/",
        json.dumps([]),
        content_type="application/json",
        headers={"x-api-token": token},
    )
    assert response.status_code == 200
    # A password-only session of an account with a device is not a way in either.
    client.force_login(editor)
    without_token = client.post(
        "/api/publications/ingest/", json.dumps([]), content_type="application/json"
    )
    assert without_token.status_code == 401


def test_a_lost_phone_is_handled_by_an_administrator(client, editor_with_device):
    editor, _device = editor_with_device
    out = io.StringIO()
    call_command("disable_two_factor", editor.username, stdout=out)
    assert "turned off" in out.getvalue()
    assert password_step(client, editor)["Location"] == "/admin/"
    with pytest.raises(CommandError):
        call_command("disable_two_factor", "nobody@example.org")
