from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .accounts import create_faculty_account, send_set_password_email
from .forms import can_manage_profiles
from .models import PersonPage


class FacultyAccountForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the faculty member"))
    send_email = forms.BooleanField(
        label=_("Email them a link to choose their password"), required=False, initial=True
    )


def create_account(request, page_id):
    """One step for Communications: a login that can edit this profile and nothing else."""
    if not can_manage_profiles(request.user):
        raise PermissionDenied
    profile = get_object_or_404(PersonPage, pk=page_id)
    form = FacultyAccountForm(request.POST or None, initial={"email": profile.email})
    if request.method == "POST" and form.is_valid():
        try:
            user, url = create_faculty_account(profile, form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if form.cleaned_data["send_email"]:
                send_set_password_email(user, url)
                messages.success(
                    request,
                    gettext(
                        "Account created for %(name)s; a set-password link was sent to %(email)s."
                    )
                    % {"name": profile.full_name, "email": user.email},
                )
            else:
                messages.success(
                    request,
                    gettext(
                        "Account created for %(name)s. Send them this set-password link: %(url)s"
                    )
                    % {"name": profile.full_name, "url": url},
                )
            return redirect("wagtailadmin_pages:edit", profile.pk)
    return TemplateResponse(
        request, "people/admin/create_account.html", {"form": form, "profile": profile}
    )
