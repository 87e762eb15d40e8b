"""Translation catalogues built with Babel: extraction from Python and Django templates,
merging into per-app ``.po`` files, compilation to ``.mo`` and completeness checks."""

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation.template import templatize

TARGET_LANGUAGES = ["pl", "en", "uk"]
SOURCE_LANGUAGE = "pl"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SKIP_DIRS = {"migrations", "__pycache__", "locale", "static", "node_modules"}


def extract_django_template(fileobj, keywords, comment_tags, options):
    """Babel extractor for Django templates: templatize() into Python, then extract that."""
    from babel.messages.extract import extract_python

    source = fileobj.read().decode("utf-8")
    python_source = templatize(source, origin=options.get("origin"))
    yield from extract_python(io.BytesIO(python_source.encode("utf-8")), keywords, comment_tags, options)


def catalogue_roots():
    """``(locale_dir, source_dirs)`` for every catalogue: one per CAS app plus the project's.

    An app nested in another CAS app's package (``campaigns.workshops``) has no catalogue of its
    own: its strings are extracted with the enclosing app's sources into that app's catalogue,
    which Django reads for every language (all installed apps' catalogues are merged).
    """
    base = Path(settings.BASE_DIR)
    top_level = [app for app in settings.CAS_APPS if "." not in app]
    for app in settings.CAS_APPS:
        if "." in app and app.split(".", 1)[0] not in top_level:
            raise ImproperlyConfigured(f"{app}: a nested CAS app must live inside a listed CAS app")
    roots = [(base / app / "locale", [base / app]) for app in top_level]
    roots.append((base / "cas_site" / "locale", [base / "cas_site"]))
    return roots


def source_files(directory: Path):
    for path in sorted(directory.rglob("*")):
        if any(part in SKIP_DIRS for part in path.relative_to(directory).parts):
            continue
        if path.suffix == ".py" or (path.suffix in {".html", ".txt"} and "templates" in path.parts):
            yield path


def extract(directories) -> Catalog:
    template = Catalog(locale=None, project="CAS", fuzzy=False)
    base = Path(settings.BASE_DIR)
    for directory in directories:
        for path in source_files(directory):
            method = "python" if path.suffix == ".py" else extract_django_template
            for lineno, message, comments, context in extract_from_file(
                method, str(path), keywords=KEYWORDS, options={"origin": str(path)}
            ):
                template.add(
                    message,
                    locations=[(str(path.relative_to(base)), lineno)],
                    auto_comments=comments,
                    context=context,
                )
    return template


def po_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def load(path: Path, language: str) -> Catalog:
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=language)
    return Catalog(locale=language, project="CAS", fuzzy=False)


def update_catalogues():
    """Merge freshly extracted messages into every ``.po`` file, keeping translations."""
    results = []
    for locale_dir, directories in catalogue_roots():
        template = extract(directories)
        for language in TARGET_LANGUAGES:
            path = po_path(locale_dir, language)
            catalogue = load(path, language)
            # Keyed with the context too: "Termin" and pgettext("…", "Termin") are two messages.
            before = {(m.context, m.id) for m in catalogue if m.id}
            created = catalogue.creation_date
            catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
            catalogue.obsolete.clear()
            after = {(m.context, m.id) for m in catalogue if m.id}
            if not after and not path.exists():
                continue
            if path.exists() and after == before:
                continue  # nothing new: leave the file (and its dates) untouched
            catalogue.creation_date = created
            catalogue.revision_date = created
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                # No source locations: they change with every edit and only breed merge conflicts.
                write_po(
                    handle, catalogue, width=100, omit_header=False, sort_output=True,
                    include_previous=False, no_location=True,
                )
            results.append((path, len(after - before), len(before - after)))
    return results


def compile_catalogues():
    compiled = []
    for locale_dir, _directories in catalogue_roots():
        for language in TARGET_LANGUAGES:
            path = po_path(locale_dir, language)
            if not path.exists():
                continue
            catalogue = load(path, language)
            for message in list(catalogue):
                # Babel would compile an untranslated plural as the source text: leave it out,
                # so gettext falls back to the source exactly as for any other untranslated entry.
                if message.id and message.pluralizable and not all(message.string):
                    catalogue.delete(message.id, context=message.context)
            mo = path.with_suffix(".mo")
            with mo.open("wb") as handle:
                write_mo(handle, catalogue, use_fuzzy=False)
            compiled.append(mo)
    return compiled


def needs_translation(message, language) -> bool:
    """Polish is the source language: only its plural forms need writing out."""
    if language == SOURCE_LANGUAGE:
        return message.pluralizable
    return True


def missing(message, language) -> bool:
    if message.fuzzy:
        return True
    if isinstance(message.string, (tuple, list)):
        return not all(message.string)
    return not message.string


def check_catalogues():
    """Every extracted message is present and translated in every catalogue, and .mo is current."""
    problems = []
    for locale_dir, directories in catalogue_roots():
        template = extract(directories)
        if not len(template):
            continue
        for language in TARGET_LANGUAGES:
            path = po_path(locale_dir, language)
            catalogue = load(path, language)
            for message in template:
                if not message.id or not needs_translation(message, language):
                    continue
                key = message.id[0] if message.pluralizable else message.id
                entry = catalogue.get(message.id, context=message.context) or catalogue.get(
                    key, context=message.context
                )
                if entry is None:
                    problems.append(f"{path}: missing {key!r}")
                elif missing(entry, language):
                    problems.append(f"{path}: untranslated {key!r}")
            if path.exists() and not compiled_matches(path, catalogue):
                problems.append(
                    f"{path.with_suffix('.mo')}: differs from its .po; run `manage.py cas_messages`"
                )
    return problems


def translations(catalogue) -> dict:
    def key(m):
        # Babel's read_mo gives contexts as bytes, read_po as str.
        context = m.context.decode() if isinstance(m.context, bytes) else m.context
        return context, m.id if isinstance(m.id, str) else tuple(m.id)

    return {
        key(m): m.string if isinstance(m.string, str) else tuple(m.string)
        for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, (tuple, list)) else m.string)
    }


def compiled_matches(po: Path, catalogue) -> bool:
    """Compare contents, not timestamps: a fresh clone gives every file the same age."""
    from babel.messages.mofile import read_mo

    mo = po.with_suffix(".mo")
    if not mo.exists():
        return False
    with mo.open("rb") as handle:
        return translations(read_mo(handle)) == translations(catalogue)
