from django import forms
from django.template.loader import render_to_string

from home.forms import AccessibleFormMixin, HoneypotField


class SampleForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label="Imię")
    website = HoneypotField()


def test_shared_form_links_errors_to_fields_and_hides_the_honeypot():
    form = SampleForm(data={"name": ""})
    html = render_to_string("includes/form.html", {"form": form})
    assert 'id="error-summary"' in html
    assert '<a href="#id_name">Imię: ' in html
    assert 'aria-describedby="id_name-errors"' in html
    assert '<div class="hp" aria-hidden="true"><label for="id_website">' in html
