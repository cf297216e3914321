from wagtail.admin.forms import WagtailAdminPageForm

MANAGE_PROFILES_PERMISSION = "people.manage_profiles"

# Fields a faculty member may not change on their own profile, enforced by leaving them out of
# the form: a crafted POST that includes them is ignored.
RESERVED_FIELDS = (
    "given_name",
    "family_name",
    "membership_type",
    "cifar_chair",
    "extra_roles_en",
    "extra_roles_fr",
    "account",
    "is_example",
    "slug_en",
    "slug_fr",
    "seo_title_en",
    "seo_title_fr",
    "search_description_en",
    "search_description_fr",
    "show_in_menus",
    "go_live_at",
    "expire_at",
)


def can_manage_profiles(user):
    return bool(user and user.has_perm(MANAGE_PROFILES_PERMISSION))


class PersonPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_manage_profiles(self.for_user):
            for name in RESERVED_FIELDS:
                self.fields.pop(name, None)
        # Slugs default to family-given (see PersonPage.full_clean).
        for name in ("slug_en", "slug_fr"):
            if name in self.fields:
                self.fields[name].required = False
