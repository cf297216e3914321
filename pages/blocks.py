"""The shared StreamField block library; each block renders with templates/blocks/<name>.html."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Leave empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external link"), required=False)
    button_label = blocks.CharBlock(label=_("button label"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": blocks.BlockValidationError(_("Choose a page or a link."))}
            )
        return value


class EmbedMediaBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("media URL"), help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(
        label=_("title"), max_length=160, help_text=_("Describes the media for screen readers.")
    )

    class Meta:
        icon = "media"
        label = _("Embedded media")
        template = "blocks/embed.html"


class PeopleListBlock(blocks.StructBlock):
    """A team or a group of people, each linked to their profile (unpublished ones are hidden)."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    people = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="people.PersonPage", label=_("person")),
        label=_("people"),
    )

    class Meta:
        icon = "group"
        label = _("People")
        template = "blocks/people_list.html"


class ApplicationStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=160)
    details = blocks.RichTextBlock(
        label=_("details"), required=False, features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "blocks/application_step.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "blocks/question_answer.html"


class ApplicationStepsBlock(blocks.StreamBlock):
    step = ApplicationStepBlock()


class FAQBlock(blocks.StreamBlock):
    question = QuestionAnswerBlock()


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Rich text"), template="blocks/paragraph.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedMediaBlock()
    people = PeopleListBlock()
