"""The visitor-facing translated fields of a page model, as registered with modeltranslation."""

import re
from dataclasses import dataclass
from functools import cache

from django.utils.html import strip_tags
from django.utils.text import format_lazy
from modelcluster.models import get_all_child_relations
from modeltranslation.translator import NotRegistered, translator
from wagtail.fields import RichTextField, StreamField

SOURCE, TARGET = "en", "fr"
LANGUAGES = (SOURCE, TARGET)
# Columns modeltranslation keeps per language that editors never type.
NOT_EDITED = {"url_path", "draft_title"}
TEXT, RICH, STREAM = "text", "rich", "stream"


def other(language):
    return TARGET if language == SOURCE else SOURCE


@dataclass(frozen=True)
class TranslatedField:
    """`name` is `intro`, or `featured_items.blurb` for a field of an inline child."""

    name: str
    field_name: str
    kind: str
    label: object
    relation: str | None = None
    model_field: object = None

    def column(self, language):
        return f"{self.field_name}_{language}"

    def objects(self, page):
        """The page itself, or its inline children holding this field."""
        if self.relation is None:
            return [page]
        return list(getattr(page, self.relation).all())

    def values(self, page, language):
        return [getattr(obj, self.column(language)) for obj in self.objects(page)]

    def raw(self, content, language):
        """The stored value(s) in a revision's content (or `page.serializable_data()`)."""
        if self.relation is None:
            return content.get(self.column(language))
        return [child.get(self.column(language)) for child in content.get(self.relation) or []]

    def pairs(self, page):
        """(object, English value, French value) for each object holding the field."""
        return [
            (obj, getattr(obj, self.column(SOURCE)), getattr(obj, self.column(TARGET)))
            for obj in self.objects(page)
        ]

    def missing_in(self, page, language):
        """True when some object has text in the other language and none in `language`."""
        return any(
            is_empty(getattr(obj, self.column(language)))
            and not is_empty(getattr(obj, self.column(other(language))))
            for obj in self.objects(page)
        )


def is_empty(value):
    if value is None:
        return True
    if isinstance(value, str):
        if "<embed" in value:
            return False
        return not re.sub(r"\s|&nbsp;", "", strip_tags(value))
    try:
        return len(value) == 0
    except TypeError:
        return False


def _kind(model_field):
    if isinstance(model_field, StreamField):
        return STREAM
    if isinstance(model_field, RichTextField):
        return RICH
    return TEXT


def _registered_fields(model):
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    names = [name for name in options.all_fields if name not in NOT_EDITED]
    # Page's own fields first (title, slug...), then the model's, in declaration order.
    order = {field.name: index for index, field in enumerate(model._meta.get_fields())}
    return sorted(names, key=lambda name: order.get(name, 0))


@cache
def translated_fields(model):
    """Every TranslatedField of a page model, its inline children's included."""
    fields = []
    for name in _registered_fields(model):
        model_field = model._meta.get_field(name)
        fields.append(
            TranslatedField(
                name=name,
                field_name=name,
                kind=_kind(model_field),
                label=model_field.verbose_name,
                model_field=model_field,
            )
        )
    for relation in get_all_child_relations(model):
        child_model = relation.related_model
        accessor = relation.get_accessor_name()
        for name in _registered_fields(child_model):
            model_field = child_model._meta.get_field(name)
            fields.append(
                TranslatedField(
                    name=f"{accessor}.{name}",
                    field_name=name,
                    kind=_kind(model_field),
                    label=format_lazy(
                        "{} › {}", child_model._meta.verbose_name_plural, model_field.verbose_name
                    ),
                    relation=accessor,
                    model_field=model_field,
                )
            )
    return tuple(fields)


def field_labels(model):
    return {field.name: field.label for field in translated_fields(model)}


def has_own_translations(model):
    """False for page types that translate only Page's own fields (publications keep their
    original title): a section export leaves them out."""
    try:
        return bool(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return False
