"""Form plumbing shared by every public form of the site."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibleFormMixin:
    """Links each input to its help text and errors (``aria-describedby``, ``aria-invalid``),
    so screen readers announce what is wrong where."""

    def __getitem__(self, name):
        bound = super().__getitem__(name)
        attrs = bound.field.widget.attrs
        ids = []
        if bound.help_text:
            ids.append(f"{bound.auto_id}-help")
        if self.is_bound and name in self.errors:
            ids.append(f"{bound.auto_id}-errors")
            attrs["aria-invalid"] = "true"
        if ids:
            attrs["aria-describedby"] = " ".join(ids)
        return bound


class HoneypotField(forms.CharField):
    """A field people never see or fill; bots that fill it are ignored silently."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Zostaw to pole puste"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
        super().__init__(**kwargs)
