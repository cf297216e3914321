"""Two-step sign-in to the admin with an authenticator app (TOTP via django-otp; decision 010).

Optional for each account: anyone with admin access turns it on from their account page. Once
it is on, a correct password no longer signs the account in. The session only remembers, for a
few minutes, who passed the password step, and the code page finishes the sign-in. So a stolen
password alone opens nothing: not the admin, not members-only pages. The password step is
still Wagtail's form, under django-axes' lockout; wrong codes count as failed sign-ins for the
same lockout, on top of django-otp's growing delay between attempts.

AdminTwoFactorMiddleware closes the admin to a session that is signed in without the code its
account now requires: one opened before the device was added, or with `client.login()`.
"""

import re
import time
from base64 import b32encode

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.account import LoginView as WagtailLoginView

PENDING_SESSION_KEY = "two_factor_pending"
# How long the code page waits after the password step, and how many wrong codes it takes
# before the password must be given again.
PENDING_MAX_AGE = 5 * 60
MAX_CODE_FAILURES = 5

# Admin paths a half-signed-in session may still reach (signing in and out, password reset),
# and, for a superuser who must turn two-step sign-in on, the setup page and its scripts.
ADMIN_PREFIX = "/admin/"
ALWAYS_OPEN_PREFIXES = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")
SETUP_PREFIXES = ("/admin/two-factor/", "/admin/jsi18n/")


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Authentication code"),
        help_text=_("The 6-digit code that your authenticator app shows now."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the 6 digits that your authenticator app shows."))
        return code


class RemoveForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


def code_error(was_throttled):
    """The message for a refused code: wrong, or sent too soon after wrong ones."""
    if was_throttled:
        return _("Too many wrong codes. Wait a few seconds, then enter the current code.")
    return _(
        "This code is not valid. Check that your device's clock is right and try the current code."
    )


class LoginView(WagtailLoginView):
    """Wagtail's sign-in page, which hands accounts with a device over to the code page."""

    def form_valid(self, form):
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING_SESSION_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "remember": bool(form.cleaned_data.get("remember")),
            "next": self.get_success_url(),
            "since": int(time.time()),
            "failures": 0,
        }
        return redirect("two_factor_login_code")


@method_decorator([sensitive_post_parameters(), csrf_protect, never_cache], name="dispatch")
class LoginCodeView(FormView):
    """Second step of the sign-in: the code from the authenticator app."""

    template_name = "two_factor/login_code.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        self.pending = request.session.get(PENDING_SESSION_KEY)
        self.pending_user = self.pending_device = None
        if self.pending and time.time() - self.pending["since"] <= PENDING_MAX_AGE:
            self.pending_user = (
                get_user_model().objects.filter(pk=self.pending["user"], is_active=True).first()
            )
        if self.pending_user is not None:
            self.pending_device = confirmed_device(self.pending_user)
        if self.pending_device is None:
            request.session.pop(PENDING_SESSION_KEY, None)
            if self.pending:
                messages.error(request, _("Your sign-in took too long: please sign in again."))
            return redirect("wagtailadmin_login")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(username=self.pending_user.get_username(), **kwargs)

    def form_valid(self, form):
        request, user = self.request, self.pending_user
        credentials = {"username": user.get_username()}
        if settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(request, credentials):
            request.session.pop(PENDING_SESSION_KEY, None)
            return get_lockout_response(request, None, credentials)

        throttled = not self.pending_device.verify_is_allowed()[0]
        device = verify_token(user, self.pending_device.persistent_id, form.cleaned_data["code"])
        if device is None:
            return self.code_refused(form, credentials, throttled)

        request.session.pop(PENDING_SESSION_KEY)
        user.backend = self.pending["backend"]
        auth_login(request, user)
        otp_login(request, device)
        request.session.set_expiry(settings.SESSION_COOKIE_AGE if self.pending["remember"] else 0)
        next_url = self.pending["next"]
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("wagtailadmin_home")
        return redirect(next_url)

    def code_refused(self, form, credentials, throttled):
        request = self.request
        self.pending["failures"] += 1
        request.session[PENDING_SESSION_KEY] = self.pending
        # Counted by django-axes like a wrong password; its middleware answers with the lockout
        # page once the limit is reached.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if self.pending["failures"] >= MAX_CODE_FAILURES:
            request.session.pop(PENDING_SESSION_KEY)
            messages.error(request, _("Too many wrong codes: please sign in again."))
            return redirect("wagtailadmin_login")
        form.add_error("code", code_error(throttled))
        return self.form_invalid(form)


def qr_code_svg(text, label):
    """The QR code of `text` as inline SVG, drawn here: no script, no image from elsewhere."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    # qrcode's own markup; the label is escaped.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


def grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_admin_access
@sensitive_post_parameters()
def setup(request):
    """Turn two-step sign-in on (scan, then confirm with a code) or see that it is on."""
    user = request.user
    device = confirmed_device(user)
    if device is not None:
        return render_account(request, device=device, remove_form=RemoveForm(user))

    # One unconfirmed device per account, kept until confirmed: reloading the page must not
    # change the key that the phone has already scanned.
    new_device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if new_device is None:
        new_device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = not new_device.verify_is_allowed()[0]
        if new_device.verify_token(form.cleaned_data["code"]):
            new_device.confirmed = True
            new_device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, new_device)
            messages.success(
                request,
                gettext(
                    "Two-step verification is on. From now on, signing in asks for a code "
                    "from your authenticator app after your password."
                ),
            )
            return redirect("two_factor_setup")
        form.add_error("code", code_error(throttled))
    secret = b32encode(new_device.bin_key).decode()
    return render_account(
        request,
        new_device=new_device,
        form=form,
        secret=grouped(secret),
        config_url=new_device.config_url,
        qr_code=qr_code_svg(new_device.config_url, gettext("QR code of the key to scan")),
    )


@require_admin_access
@require_POST
@sensitive_post_parameters()
def remove(request):
    """Turn two-step sign-in off, after the password is given again."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect("two_factor_setup")
    form = RemoveForm(request.user, request.POST)
    if not form.is_valid():
        return render_account(request, device=device, remove_form=form)
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(
        request, gettext("Two-step verification is off: your password alone signs you in.")
    )
    return redirect("two_factor_setup")


def render_account(request, **context):
    return render(
        request,
        "two_factor/account.html",
        {
            "page_title": _("Two-step verification"),
            "header_icon": "key",
            "required": settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS and request.user.is_superuser,
            **context,
        },
    )


class AdminTwoFactorMiddleware:
    """Keep the admin closed to a session that has not given the code its account requires."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(ADMIN_PREFIX) and not path.startswith(ALWAYS_OPEN_PREFIXES):
            response = self.check(request, path)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request, path):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if confirmed_device(user) is not None:
            # Signed in with the password only: start again, with the code this time.
            logout(request)
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if (
            settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS
            and user.is_superuser
            and not path.startswith(SETUP_PREFIXES)
        ):
            messages.warning(
                request, _("Superusers must use two-step verification: set it up to continue.")
            )
            return redirect("two_factor_setup")
        return None
