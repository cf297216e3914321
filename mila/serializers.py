"""Small read-only serializers for the API v2 fields of the content apps (see mila/api.py).

Translated values (topic and institution names) come in the language the API request asked for.
"""

from rest_framework import serializers

from .models import Institution


class TermSerializer(serializers.Serializer):
    """A term of a controlled vocabulary (research topic, sector): id, slug and name."""

    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class InstitutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "short_name", "name"]


class PageLinkField(serializers.Field):
    """A related page as `{id, title, html_url}`, or null when it is not live.

    Wagtail's own nested page field would show a draft profile's id and title.
    """

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        page = super().get_attribute(instance)
        return page if page is not None and page.live else None

    def to_representation(self, page):
        return {
            "id": page.pk,
            "title": page.title,
            "html_url": page.get_full_url(self.context.get("request")),
        }
