"""Uploads: only real images of sane size become images; documents download safely."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("uploader", "u@example.org", "x"))
    return client


def png(size=(40, 30), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_real_image_is_accepted(editor):
    response = upload_image(editor, "portrait.png", png())
    assert response.status_code == 302
    assert Image.objects.filter(title="portrait.png").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
            "Not a supported image format",
        ),
        ("page.png", b"<html><script>alert(1)</script></html>", "image/png", "Not a valid"),
        ("bomb.png", png((7000, 7000), "1"), "image/png", "too many pixels"),
    ],
)
def test_what_is_not_a_safe_image_is_refused_with_a_form_error(
    editor, name, content, content_type, message
):
    before = Image.objects.count()
    response = upload_image(editor, name, content, content_type)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Image.objects.count() == before


def test_an_image_over_the_size_limit_is_refused(editor, settings):
    oversized = png((400, 400)) + b"\0" * settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    response = upload_image(editor, "big.png", oversized)
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not Image.objects.filter(title="big.png").exists()


def test_documents_download_as_attachments_that_cannot_run(editor, client):
    response = editor.post(
        "/admin/documents/add/",
        {
            "title": "Annual report",
            "file": SimpleUploadedFile("report.txt", b"<script>alert(1)</script>"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Annual report")
    client.logout()
    download = client.get(document.url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "default-src 'none'"


def test_documents_of_other_types_are_refused(editor):
    response = editor.post(
        "/admin/documents/add/",
        {
            "title": "Phishing page",
            "file": SimpleUploadedFile("login.html", b"<form></form>", content_type="text/html"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert not Document.objects.filter(title="Phishing page").exists()
