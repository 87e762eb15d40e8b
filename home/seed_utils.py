"""Idempotent building blocks for each app's ``seed.py`` (demo content for people, not tests)."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

PALETTE = [(11, 92, 173), (29, 107, 52), (179, 38, 30), (122, 63, 160), (191, 110, 0), (0, 121, 128)]


def home_page():
    from home.models import HomePage

    return HomePage.objects.get()


def demo_image(title, *, seed=0, size=(1200, 800), label=None):
    """A generated abstract picture (no downloads), created once per title."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(f"{title}-{seed}")
    base = PALETTE[rng.randrange(len(PALETTE))]
    picture = PILImage.new("RGB", size, tuple(min(255, c + 150) for c in base))
    draw = ImageDraw.Draw(picture)
    for _ in range(14):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(40, 260)
        colour = PALETTE[rng.randrange(len(PALETTE))]
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    if label:
        draw.rectangle((0, size[1] - 120, size[0], size[1]), fill=(255, 255, 255))
        draw.text((40, size[1] - 90), label, fill=(27, 31, 36), font_size=48)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:40]
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{slug}.png"), description=title)


def ensure_child(parent, model, slug, **fields):
    """Return the child page ``slug`` of ``parent``, creating and publishing it if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_site_root(home):
    """Point the default site at ``home`` and drop Wagtail's placeholder welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="CAS Sosnowiec"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "CAS Sosnowiec"
        site.save()
    for page in Page.objects.filter(depth=2).exclude(pk=home.pk):
        if page.specific_class is Page:
            page.delete()
    return site
