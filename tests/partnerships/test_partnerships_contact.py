import html

import pytest
from django.core import mail
from django.utils import translation

from partnerships.models import PartnerContactPage, PartnerEnquiry
from partnerships.ratelimit import client_ip

pytestmark = pytest.mark.django_db

URL_EN = "/en/become-a-partner/"
URL_FR = "/fr/devenir-partenaire/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def valid_data(**overrides):
    data = {
        "organisation": "Hydro Example",
        "name": "Camille Roy",
        "email": "camille@example.org",
        "organisation_type": "company",
        "interests": ["research", "talent"],
        "message": "We would like to forecast demand with your researchers.",
        "subject_line": "",
    }
    data.update(overrides)
    return data


def test_form_renders_in_both_languages_with_labels(client):
    english = client.get(URL_EN).content.decode()
    assert '<label for="id_organisation">Organisation</label>' in english
    assert "<legend>What are you interested in?</legend>" in english
    assert 'aria-describedby="id_email_helptext"' in english
    french = client.get(URL_FR).content.decode()
    assert "<h1>Devenir partenaire</h1>" in french
    assert '<label for="id_email">Adresse courriel</label>' in french
    assert "Gouvernement ou organisme public" in french
    assert "<legend>Qu’est-ce qui vous intéresse?</legend>" in french
    assert 'name="csrfmiddlewaretoken"' in french


def test_valid_submission_is_stored_emailed_and_thanked_in_the_visitors_language(client, settings):
    settings.PARTNER_CONTACT_EMAIL = "partners@mila.example"
    response = client.post(URL_FR, valid_data())
    assert response.status_code == 302
    assert response["Location"] == URL_FR + "?sent=1"
    enquiry = PartnerEnquiry.objects.get()
    assert enquiry.language == "fr"
    assert enquiry.form_data["organisation"] == "Hydro Example"
    assert enquiry.form_data["interests"] == ["research", "talent"]
    assert "subject_line" not in enquiry.form_data
    assert enquiry.page.specific == PartnerContactPage.objects.get()

    (message,) = mail.outbox
    assert message.to == ["partners@mila.example"]
    assert message.reply_to == ["camille@example.org"]
    assert message.subject == "Partnership enquiry: Hydro Example"
    assert "Language: French" in message.body
    assert "Interested in" not in message.body
    assert "A research collaboration, Recruiting talent (job and internship fairs)" in message.body
    assert "We would like to forecast demand" in message.body

    thanks = client.get(response["Location"]).content.decode()
    assert '<html lang="fr">' in thanks
    assert "Merci, votre message a été envoyé" in thanks
    assert "Un membre de l’équipe des partenariats vous répondra" in thanks


def test_the_page_can_send_to_its_own_addresses(client):
    page = PartnerContactPage.objects.get()
    page.to_address = "a@mila.example, b@mila.example"
    page.save_revision().publish()
    client.post(URL_EN, valid_data())
    assert mail.outbox[0].to == ["a@mila.example", "b@mila.example"]
    assert PartnerEnquiry.objects.get().language == "en"


def test_missing_email_shows_the_error_and_keeps_what_was_typed(client):
    response = client.post(URL_FR, valid_data(email=""))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Veuillez corriger le champ ci-dessous." in content
    assert '<a href="#id_email">Adresse courriel : Champ requis.</a>' in content
    assert '<ul class="errorlist" id="id_email_error"><li>Champ requis.</li></ul>' in (content)
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_email_helptext id_email_error"' in content
    assert 'value="Hydro Example"' in content
    assert 'value="Camille Roy"' in content
    assert '<option value="company" selected>' in content
    assert 'value="research"' in content and 'id="id_interests_0" checked' in content
    assert "We would like to forecast demand with your researchers.</textarea>" in content
    assert PartnerEnquiry.objects.count() == 0
    assert mail.outbox == []


def test_an_invalid_email_and_no_interest_give_two_errors(client):
    content = client.post(URL_EN, valid_data(email="not-an-address", interests=[])).content.decode()
    assert "Please correct the 2 fields below." in content
    assert '<a href="#id_interests_0">What are you interested in?: ' in content
    assert 'value="not-an-address"' in content


def test_a_line_break_in_the_organisation_is_refused_not_a_server_error(client):
    response = client.post(URL_EN, valid_data(organisation="Acme\r\nBcc: victim@example.org"))
    assert response.status_code == 200
    assert "Write this on one line." in response.content.decode()
    assert PartnerEnquiry.objects.count() == 0


def test_honeypot_filled_stores_nothing_and_shows_no_error(client):
    response = client.post(URL_EN, valid_data(subject_line="Cheap pills"), follow=True)
    assert response.status_code == 200
    assert "Thank you, your message has been sent" in response.content.decode()
    assert PartnerEnquiry.objects.count() == 0
    assert mail.outbox == []


def test_over_the_rate_limit_a_polite_message_and_nothing_stored(client, settings):
    settings.PARTNER_CONTACT_RATE_LIMIT = 2
    for _n in range(2):
        assert client.post(URL_EN, valid_data()).status_code == 302
    response = client.post(URL_EN, valid_data(organisation="Third Try Inc."))
    assert response.status_code == 429
    content = response.content.decode()
    assert "Thank you for your interest." in content
    assert "Your message has not been sent. Please try again in an hour" in content
    assert 'value="Third Try Inc."' in content
    assert PartnerEnquiry.objects.count() == 2
    assert len(mail.outbox) == 2
    # Another address is not affected.
    other = client.post(URL_EN, valid_data(), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302
    assert PartnerEnquiry.objects.count() == 3


def test_rate_limit_message_in_french(client, settings):
    settings.PARTNER_CONTACT_RATE_LIMIT = 0
    content = client.post(URL_FR, valid_data()).content.decode()
    assert "Merci de votre intérêt." in content
    assert PartnerEnquiry.objects.count() == 0


def test_a_mail_failure_keeps_the_enquiry_and_thanks_the_visitor(client, monkeypatch):
    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    response = client.post(URL_EN, valid_data())
    assert response.status_code == 302
    assert PartnerEnquiry.objects.count() == 1


def test_enquiries_are_listed_in_the_admin(client, django_user_model):
    client.post(URL_FR, valid_data())
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
    client.force_login(admin)
    page = PartnerContactPage.objects.get()
    content = html.unescape(client.get(f"/admin/forms/submissions/{page.pk}/").content.decode())
    assert "Hydro Example" in content
    assert "camille@example.org" in content
    assert "Established company" in content
    assert "A research collaboration, Recruiting talent (job and internship fairs)" in content
    assert "French" in content
    forms_index = client.get("/admin/forms/").content.decode()
    assert "Become a partner" in forms_index


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"}, "1.2.3.4"),
        (
            2,
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4, 10.0.0.2"},
            "1.2.3.4",
        ),
        (1, {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(rf, settings, proxies, meta, expected):
    settings.PARTNER_CONTACT_PROXY_COUNT = proxies
    assert client_ip(rf.get("/", **meta)) == expected


def test_editors_can_open_the_form_page_and_see_its_submissions(client, admin_user):
    client.post(URL_EN, valid_data())
    client.force_login(admin_user)
    page = PartnerContactPage.objects.get()
    content = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "send submissions to" in content.lower()
    assert f'<a href="/admin/forms/submissions/{page.pk}/">1</a>' in content
