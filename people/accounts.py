"""Faculty accounts: one login per profile, created by Communications in one step."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .access import sync_profile_access


def set_password_url(user):
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@transaction.atomic
def create_faculty_account(profile, email, password=None):
    """Create the login of `profile`'s owner, give it access to that profile only.

    Returns (user, set-password URL). Raises ValidationError with a message for the editor.
    """
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email.strip())
    if profile.account_id:
        raise ValidationError(
            _("%(name)s already has an account (%(account)s).")
            % {"name": profile.full_name, "account": profile.account.get_username()}
        )
    if user_model.objects.filter(username__iexact=email).exists():
        raise ValidationError(
            _("An account with the email %(email)s already exists.") % {"email": email}
        )
    user = user_model.objects.create_user(
        username=email,
        email=email,
        password=password,
        first_name=profile.given_name,
        last_name=profile.family_name,
    )
    # Set on the live page and on its latest draft, so publishing the draft keeps the owner.
    type(profile).objects.filter(pk=profile.pk).update(account=user)
    profile.account = user
    if profile.has_unpublished_changes and profile.latest_revision:
        revision = profile.latest_revision
        revision.content["account"] = user.pk
        revision.save(update_fields=["content"])
    sync_profile_access(profile)
    return user, set_password_url(user)


def send_set_password_email(user, url):
    send_mail(
        subject=_("Your Mila website account"),
        message=_(
            "Hello %(name)s,\n\nAn account was created so that you can update your profile on "
            "the Mila website. Choose your password here:\n\n%(url)s\n\nYour username is "
            "%(username)s. This link works once.\n"
        )
        % {"name": user.first_name, "url": url, "username": user.get_username()},
        from_email=None,
        recipient_list=[user.email],
    )
