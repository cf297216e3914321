from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from people.accounts import create_faculty_account, send_set_password_email
from people.models import PersonPage


class Command(BaseCommand):
    help = "Create the login of a faculty member, allowed to edit their own profile only."

    def add_arguments(self, parser):
        parser.add_argument("profile_slug", help="the profile's English slug, e.g. bengio-yoshua")
        parser.add_argument("email")
        parser.add_argument(
            "--no-email", action="store_true", help="print the set-password link only"
        )

    def handle(self, profile_slug, email, no_email=False, **options):
        profile = PersonPage.objects.filter(slug_en=profile_slug).first()
        if profile is None:
            raise CommandError(f"No profile has the slug “{profile_slug}”.")
        try:
            user, url = create_faculty_account(profile, email)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not no_email:
            send_set_password_email(user, url)
            self.stdout.write(f"Emailed a set-password link to {user.email}.")
        self.stdout.write(f"Account “{user.get_username()}” can now edit {profile.full_name}.")
        self.stdout.write(f"Set-password link: {url}")
