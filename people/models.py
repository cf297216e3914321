from django import forms
from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from mila import seo
from mila.pages import BasePage, IndexPage, SearchKind
from mila.serializers import InstitutionSerializer, TermSerializer
from mila.text import fold

from . import validators
from .forms import PersonPageForm
from .vocabulary import (  # noqa: F401 - importable from here as before
    ACADEMIC,
    ACADEMIC_MEMBERSHIPS,
    MembershipType,
    initial_of,
)


class EmailVisibility(models.TextChoices):
    OBFUSCATED = "obfuscated", _("Shown, written so that spam robots cannot read it")
    HIDDEN = "hidden", _("Not shown")


class Degree(models.TextChoices):
    MSC = "msc", _("Master’s (MSc)")
    PHD = "phd", _("PhD")
    POSTDOC = "postdoc", _("Postdoc")
    INTERNSHIP = "internship", _("Internship")


class PersonPage(BasePage):
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    sort_key = models.CharField(max_length=210, editable=False, db_index=True, default="")
    is_example = models.BooleanField(
        _("example profile"),
        default=False,
        help_text=_("An invented person used for demonstration; the page says so."),
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("portrait"),
    )
    portrait_alt = models.CharField(
        _("portrait description"),
        max_length=200,
        blank=True,
        help_text=_("Alternative text. Leave empty for “Portrait of <name>”."),
    )
    membership_type = models.CharField(
        _("membership type"), max_length=20, choices=MembershipType, default=MembershipType.CORE
    )
    position_title = models.CharField(_("title"), max_length=150, blank=True)
    institution = models.ForeignKey(
        "mila.Institution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("institution"),
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    extra_roles = models.CharField(
        _("other roles"),
        max_length=250,
        blank=True,
        help_text=_("For example: Founder and Scientific Advisor, Leadership Team."),
    )
    cifar_chair = models.BooleanField(_("Canada CIFAR AI Chair"), default=False)
    research_topics = ParentalManyToManyField(
        "mila.ResearchTopic", blank=True, related_name="people", verbose_name=_("research topics")
    )
    bio = RichTextField(_("biography"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    accepting_students = models.BooleanField(_("accepting new students"), default=False)
    accepts_msc = models.BooleanField(Degree.MSC.label, default=False)
    accepts_phd = models.BooleanField(Degree.PHD.label, default=False)
    accepts_postdoc = models.BooleanField(Degree.POSTDOC.label, default=False)
    accepts_interns = models.BooleanField(Degree.INTERNSHIP.label, default=False)
    website = models.URLField(_("personal website"), blank=True)
    google_scholar_url = models.URLField(
        _("Google Scholar profile"), blank=True, validators=[validators.validate_google_scholar_url]
    )
    orcid = models.CharField(
        _("ORCID iD"), max_length=19, blank=True, validators=[validators.validate_orcid]
    )
    github_username = models.CharField(
        _("GitHub username"),
        max_length=39,
        blank=True,
        validators=[validators.validate_github_username],
    )
    openreview_id = models.CharField(
        _("OpenReview id"),
        max_length=100,
        blank=True,
        validators=[validators.validate_openreview_id],
    )
    semantic_scholar_id = models.CharField(
        _("Semantic Scholar author id"),
        max_length=20,
        blank=True,
        validators=[validators.validate_semantic_scholar_id],
    )
    email = models.EmailField(_("email"), blank=True)
    email_visibility = models.CharField(
        _("show email"), max_length=20, choices=EmailVisibility, default=EmailVisibility.OBFUSCATED
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profile",
        verbose_name=_("faculty account"),
        help_text=_("The person’s own login: it may edit this profile and nothing else."),
    )

    base_form_class = PersonPageForm

    profile_panels = [
        FieldRowPanel([FieldPanel("given_name"), FieldPanel("family_name")], heading=_("Name")),
        MultiFieldPanel(
            [FieldPanel("portrait"), FieldPanel("portrait_alt")], heading=_("Portrait")
        ),
        MultiFieldPanel(
            [FieldPanel("position_title"), FieldPanel("institution"), FieldPanel("department")],
            heading=_("Position"),
        ),
        FieldPanel("research_topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("bio"),
        MultiFieldPanel(
            [
                FieldPanel("accepting_students"),
                FieldRowPanel(
                    [
                        FieldPanel("accepts_msc"),
                        FieldPanel("accepts_phd"),
                        FieldPanel("accepts_postdoc"),
                        FieldPanel("accepts_interns"),
                    ]
                ),
            ],
            heading=_("Supervision"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("google_scholar_url"),
                FieldPanel("orcid"),
                FieldPanel("github_username"),
                FieldPanel("openreview_id"),
                FieldPanel("semantic_scholar_id"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("email_visibility")]),
            ],
            heading=_("Links"),
        ),
    ]
    membership_panels = [
        FieldPanel("membership_type"),
        FieldPanel("cifar_chair"),
        FieldPanel("extra_roles"),
        FieldPanel("account"),
        FieldPanel("is_example"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(profile_panels, heading=_("Profile")),
            ObjectList(membership_panels, heading=_("Membership")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("given_name"),
        index.SearchField("family_name"),
        index.SearchField("bio"),
        index.FilterField("membership_type"),
    ]
    # The email address and the faculty account stay out of the API.
    api_fields = [
        APIField("given_name"),
        APIField("family_name"),
        APIField("is_example"),
        APIField("portrait"),
        APIField("portrait_alt"),
        APIField("membership_type"),
        APIField("position_title"),
        APIField("institution", serializer=InstitutionSerializer()),
        APIField("department"),
        APIField("extra_roles"),
        APIField("cifar_chair"),
        APIField("research_topics", serializer=TermSerializer(many=True)),
        APIField("bio"),
        APIField("accepting_students"),
        APIField("accepts_msc"),
        APIField("accepts_phd"),
        APIField("accepts_postdoc"),
        APIField("accepts_interns"),
        APIField("website"),
        APIField("google_scholar_url"),
        APIField("orcid"),
        APIField("github_username"),
        APIField("openreview_id"),
        APIField("semantic_scholar_id"),
    ]

    parent_page_types = ["people.PeopleIndexPage"]
    subpage_types = []

    search_kind = SearchKind("people", _("People"), 10)
    og_type = "profile"
    description_fields = ("search_description", "bio")
    social_image_fields = ("portrait",)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [
            (
                "manage_profiles",
                _("Can edit every field of any profile and create faculty accounts"),
            ),
        ]

    def __str__(self):
        return self.full_name

    def search_document_extra(self):
        """What the site search also finds a person by (see sitesearch.documents)."""
        topics = [topic.name for topic in self.research_topics.all()]
        return [*topics, self.institution.name] if self.institution else topics

    def structured_data(self, request):
        same_as = [
            url
            for url in (
                f"https://orcid.org/{self.orcid}" if self.orcid else "",
                self.google_scholar_url,
                f"https://github.com/{self.github_username}" if self.github_username else "",
                f"https://openreview.net/profile?id={self.openreview_id}"
                if self.openreview_id
                else "",
                self.website,
            )
            if url
        ]
        affiliations = [{"@id": seo.absolute(request, "/#organization"), "name": "Mila"}]
        if self.institution:
            affiliations.append({"@type": "CollegeOrUniversity", "name": self.institution.name})
        data = {
            "@type": "Person",
            "name": self.full_name,
            "givenName": self.given_name,
            "familyName": self.family_name,
            "url": seo.absolute(request, self.get_url(request)),
            "affiliation": affiliations,
        }
        if self.position_title:
            data["jobTitle"] = self.position_title
        if self.portrait:
            data["image"] = seo.image(self, request)[0]
        if same_as:
            data["sameAs"] = same_as
        return data

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def default_slug(self):
        return slugify(f"{self.family_name}-{self.given_name}")

    @property
    def initial(self):
        return initial_of(self.sort_key)

    @property
    def supervised_degrees(self):
        flags = [
            (self.accepts_msc, Degree.MSC),
            (self.accepts_phd, Degree.PHD),
            (self.accepts_postdoc, Degree.POSTDOC),
            (self.accepts_interns, Degree.INTERNSHIP),
        ]
        return [degree.label for accepted, degree in flags if accepted]

    @property
    def obfuscated_email(self):
        if not self.email or self.email_visibility != EmailVisibility.OBFUSCATED:
            return ""
        local, _at, domain = self.email.partition("@")
        return f"{local} [at] {domain.replace('.', ' [dot] ')}"

    def full_clean(self, *args, **kwargs):
        # The title and slugs are derived from the name: one source of truth, in both languages.
        for language, _name in settings.LANGUAGES:
            setattr(self, f"title_{language}", self.full_name)
            if not getattr(self, f"slug_{language}", ""):
                setattr(self, f"slug_{language}", self.default_slug)
        self.title = self.full_name
        if not self.slug:
            self.slug = self.default_slug
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.sort_key = fold(f"{self.family_name} {self.given_name}")
        super().save(*args, **kwargs)


@register_setting(icon="user")
class ProfileSettings(BaseGenericSetting):
    faculty_can_publish = models.BooleanField(
        _("faculty publish their own profile changes directly"),
        default=False,
        help_text=_(
            "Off: faculty changes go to the “Profile review” workflow and Communications approve them."
        ),
    )

    panels = [FieldPanel("faculty_can_publish")]

    class Meta:
        verbose_name = _("faculty profiles")


class PeopleIndexPage(IndexPage):
    """The directory: filters as GET parameters, A–Z by family name, paginated."""

    subpage_types = ["people.PersonPage"]

    page_size = 24

    class Meta:
        verbose_name = _("people directory")

    def get_context(self, request, *args, **kwargs):
        from .directory import Directory

        context = super().get_context(request, *args, **kwargs)
        listing = Directory(self.children(), request.GET, self.page_size, cache_key=self.pk)
        context["listing"] = listing
        context["person_cards"] = listing.cards(request)
        return context
