"""A list of values from a fixed vocabulary, stored as a JSON list of slugs.

A JSON list works the same on SQLite and PostgreSQL (no ArrayField). Filtering
uses :func:`contains_choice`, a text match on the quoted slug: the slugs of a
vocabulary never contain one another in quotes, so the match is exact.
"""

from django import forms
from django.db import models
from django.db.models import Q

from campaigns.choices import Audience


class ChoiceListField(models.JSONField):
    """A JSON list of slugs of ``vocabulary``, edited as a group of checkboxes."""

    vocabulary = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.vocabulary.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = set(self.vocabulary.values)
        if not isinstance(value, list) or not set(value) <= allowed:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )

    def labels(self, value):
        return [self.vocabulary(v).label for v in value or [] if v in self.vocabulary.values]


class AudienceListField(ChoiceListField):
    vocabulary = Audience


def contains_choice(field_name: str, slug: str) -> Q:
    """``Q`` matching rows whose list ``field_name`` contains ``slug``."""
    return Q(**{f"{field_name}__icontains": f'"{slug}"'})
