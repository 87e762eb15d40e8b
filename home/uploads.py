"""Upload checks: the one place that decides whether an uploaded file may be stored.

Every way a file gets in goes through the forms below: Wagtail's document and image
add, edit, multiple-upload and chooser-upload views and the v3 API's
``POST /documents/`` and ``/images/`` all build their form from
``WAGTAILDOCS_DOCUMENT_FORM_BASE`` / ``WAGTAILIMAGES_IMAGE_FORM_BASE``; the admin's
profile-picture form is replaced in ``home.apps``. The checks look at the bytes, not
only the name: the content must match the extension, PDFs must not carry scripts or
launch actions, office files (ZIP containers) must unpack to a bounded size, images are
measured from their header and never decoded here. There is no virus scanner behind
this; the EICAR test signature is refused so that a scanner can be slotted in later.
"""

import mmap
import re
import unicodedata
import warnings
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.admin.forms.account import AvatarPreferencesForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

#: Inner extensions that make a double extension dangerous (``plan.exe.pdf``, ``cv.pdf.html``).
DANGEROUS_EXTENSIONS = frozenset(
    {
        "apk",
        "app",
        "bat",
        "cgi",
        "cmd",
        "com",
        "cpl",
        "dll",
        "exe",
        "hta",
        "htm",
        "html",
        "js",
        "jse",
        "jar",
        "lnk",
        "mjs",
        "msi",
        "php",
        "phtml",
        "pl",
        "ps1",
        "py",
        "scr",
        "sh",
        "shtml",
        "svg",
        "svgz",
        "vb",
        "vbe",
        "vbs",
        "wsf",
        "xht",
        "xhtml",
        "xml",
    }
)
#: Members of a ``.zip`` material pack that are programs, not teaching materials.
EXECUTABLE_EXTENSIONS = frozenset(
    {
        "apk",
        "app",
        "bat",
        "cmd",
        "com",
        "cpl",
        "dll",
        "exe",
        "hta",
        "jar",
        "js",
        "jse",
        "lnk",
        "msi",
        "ps1",
        "scr",
        "vbe",
        "vbs",
        "wsf",
    }
)
#: What the beginning of each accepted document type looks like.
ZIP_MAGIC = b"PK\x03\x04"
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}
OFFICE_EXTENSIONS = {"docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"}
#: The member that proves an office file is what its extension says.
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
#: Limits for ZIP containers: what they may unpack to, how far one member may be compressed.
ZIP_MAX_MEMBERS = 5_000
ZIP_MAX_UNPACKED = 300 * 1024 * 1024
ZIP_MAX_RATIO = 200
#: PDF names that run something when the file is opened or clicked.
PDF_ACTIVE_NAMES = frozenset(
    {"JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA", "AA", "ImportData"}
)
PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9_.+-]|#[0-9A-Fa-f]{2})+)")
PDF_ACTIVE = re.compile(
    rb"/(?:"
    + b"|".join(n.encode() for n in sorted(PDF_ACTIVE_NAMES, key=len, reverse=True))
    + rb")(?![A-Za-z0-9#])"
)
PDF_ESCAPED_NAME = re.compile(rb"/[A-Za-z0-9]*#[0-9A-Fa-f]{2}(?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})*")
#: ``/OpenAction [page /Fit]`` only opens a page (LibreOffice writes it); anything else is an action.
PDF_OPEN_ACTION = re.compile(rb"/OpenAction(?![A-Za-z0-9#])\s*(.)", re.DOTALL)
PDF_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
PDF_STREAM_START = re.compile(rb"stream\r?\n")
PDF_STREAM_BEGIN = re.compile(rb">>\s*stream\r?\n")
PDF_DIRECT_LENGTH = re.compile(rb"/Length\s+(\d{1,12})(?!\s+\d+\s+R)")
PDF_MAX_INFLATED = 64 * 1024 * 1024
#: Markup that makes a file render as a web page in some reader (PDF/HTML polyglots).
HTML_MARKERS = re.compile(rb"<(?:html|script|iframe|body|svg)[\s>/]|javascript:", re.IGNORECASE)
EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"

MESSAGES = {
    "empty": _("Plik jest pusty (0 bajtów). Wybierz plik z treścią."),
    "name": _("Nazwa pliku jest nieprawidłowa. Nadaj plikowi zwykłą nazwę z rozszerzeniem, np. plakat.pdf."),
    "extension": _(
        "Pliki z rozszerzeniem „.%(extension)s” nie są przyjmowane. Dozwolone rozszerzenia: %(allowed)s."
    ),
    "double_extension": _(
        "Nazwa pliku ma podwójne rozszerzenie („.%(inner)s.%(extension)s”), typowe dla ukrytych programów "
        "i stron WWW. Zmień nazwę pliku."
    ),
    "magic": _(
        "Zawartość pliku nie odpowiada rozszerzeniu „.%(extension)s”. Plik mógł mieć zmienioną nazwę "
        "albo jest uszkodzony."
    ),
    # Worded like Wagtail's own size error as the campaigns catalogue translates it.
    "too_big": _("Ten plik jest za duży (%(size)s). Największy dozwolony rozmiar pliku to %(limit)s."),
    "malware": _("Plik zawiera sygnaturę złośliwego oprogramowania i nie został przyjęty."),
    "pdf_truncated": _(
        "Plik PDF jest niekompletny (ucięty albo uszkodzony). Zapisz go ponownie i wyślij jeszcze raz."
    ),
    "pdf_active": _(
        "Plik PDF zawiera aktywną treść (skrypty, automatyczne akcje lub osadzone pliki), której nie "
        "publikujemy. Wyeksportuj dokument do PDF bez nich (np. „Drukuj do PDF”)."
    ),
    "pdf_html": _("Plik PDF zawiera kod strony WWW (HTML lub skrypt) i nie został przyjęty."),
    "pdf_encrypted": _(
        "Plik PDF jest zaszyfrowany (hasło lub ograniczenia uprawnień), więc nie można go sprawdzić. "
        "Zapisz go bez zabezpieczeń."
    ),
    "zip_broken": _(
        "Plik jest uszkodzony: nie da się go otworzyć jako dokumentu biurowego ani archiwum ZIP."
    ),
    "zip_bomb": _(
        "Po rozpakowaniu plik zajmowałby %(size)s, a dopuszczalne jest %(limit)s "
        "(tak wyglądają „bomby ZIP”). Takiego pliku nie przyjmujemy."
    ),
    "zip_ratio": _(
        "Część pliku („%(name)s”) jest skompresowana %(ratio)s razy (tak wyglądają „bomby ZIP”). "
        "Takiego pliku nie przyjmujemy."
    ),
    "zip_members": _("Archiwum zawiera za dużo plików (%(count)s, najwięcej %(limit)s)."),
    "zip_member_name": _("Archiwum zawiera plik o niebezpiecznej nazwie („%(name)s”)."),
    "zip_executable": _("Archiwum zawiera program lub skrypt („%(name)s”). Takich plików nie publikujemy."),
    "macro": _("Dokument zawiera makra. Zapisz go w formacie bez makr i wyślij ponownie."),
    "image_broken": _(
        "To nie jest prawidłowy obraz albo plik jest uszkodzony. Dozwolone formaty: %(allowed)s."
    ),
    "image_format": _("Zawartość pliku (%(found)s) nie odpowiada rozszerzeniu „.%(extension)s”."),
    "pixels": _(
        "Obraz ma za dużo pikseli (%(pixels)s, licząc wszystkie klatki animacji). "
        "Najwięcej: %(limit)s. Zmniejsz obraz przed wysłaniem."
    ),
}


def rejected(key, **params):
    return ValidationError(MESSAGES[key], code=f"upload_{key}", params=params)


def clean_filename(name):
    """The name a file is stored and served under: no directories, no control or
    format characters, no leading dots or spaces, at most 120 characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in {"C", "Z"} or ch == " ")
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 120:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 119 - len(extension)]}.{extension}" if dot and len(extension) <= 10 else name[:120]
    return name


def split_name(name):
    """``("plakat.final.pdf")`` → ``("pdf", ["final"])``: the extension and the inner suffixes."""
    parts = name.lower().split(".")
    if len(parts) < 2:
        return "", []
    return parts[-1], parts[1:-1]


@contextmanager
def file_bytes(upload):
    """The whole upload as a bytes-like object without copying temporary files into memory."""
    upload.seek(0)
    try:
        handle = upload.file
        fileno = handle.fileno()
    except (AttributeError, OSError, ValueError):
        fileno = None
    if fileno is not None and upload.size:
        with mmap.mmap(fileno, 0, access=mmap.ACCESS_READ) as mapped:
            yield mapped
    else:
        yield upload.read()
    upload.seek(0)


def check_name(upload, allowed_extensions):
    """Sanitise ``upload.name`` in place; refuse names without an allowed extension or with a
    dangerous inner one."""
    name = clean_filename(upload.name)
    extension, inner = split_name(name)
    if not name or not extension or name.startswith("."):
        raise rejected("name")
    if extension not in allowed_extensions:
        raise rejected("extension", extension=extension, allowed=", ".join(allowed_extensions))
    for suffix in inner:
        if suffix in DANGEROUS_EXTENSIONS:
            raise rejected("double_extension", inner=suffix, extension=extension)
    upload.name = name
    return extension


def check_size(upload, limit):
    if not upload.size:
        raise rejected("empty")
    if limit is not None and upload.size > limit:
        raise rejected("too_big", size=filesizeformat(upload.size), limit=filesizeformat(limit))


def check_document(upload):
    """Raise ``ValidationError`` (Polish, user-facing) unless ``upload`` is a safe document."""
    allowed = [e.lower() for e in getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []]
    extension = check_name(upload, allowed)
    check_size(upload, getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None))
    with file_bytes(upload) as data:
        if data.find(EICAR) != -1:
            raise rejected("malware")
        if extension in OFFICE_EXTENSIONS:
            if data[:4] != ZIP_MAGIC:
                raise rejected("magic", extension=extension)
        elif extension == "mp4":
            if data[4:8] != b"ftyp":
                raise rejected("magic", extension=extension)
        elif extension in MAGIC and not bytes(data[:16]).startswith(MAGIC[extension]):
            raise rejected("magic", extension=extension)
        if extension == "pdf":
            check_pdf(data)
    if extension in OFFICE_EXTENSIONS:
        check_zip_container(upload, extension)
    elif extension in {"png", "jpg", "jpeg", "gif", "webp"}:
        check_image_header(upload, extension)


def check_pdf(data):
    if data[-1024:].find(b"%%EOF") == -1:
        raise rejected("pdf_truncated")
    if re.search(rb"/Encrypt(?![A-Za-z0-9#])", data):
        raise rejected("pdf_encrypted")
    for part in outside_streams(data):
        check_pdf_objects(part)
    if HTML_MARKERS.search(data):
        raise rejected("pdf_html")
    inflated_total = 0
    for match in PDF_OBJECT_STREAM.finditer(data):
        # Objects packed into compressed object streams (PDF 1.5+) are checked inflated.
        start = PDF_STREAM_START.search(data, match.end(), match.end() + 4096)
        if start is None:
            raise rejected("pdf_active")
        inflater = zlib.decompressobj()
        try:
            objects = inflater.decompress(
                data[start.end() : start.end() + PDF_MAX_INFLATED], PDF_MAX_INFLATED
            )
        except zlib.error:
            raise rejected("pdf_active") from None
        inflated_total += len(objects)
        if inflated_total >= PDF_MAX_INFLATED:
            raise rejected(
                "zip_bomb", size=filesizeformat(inflated_total), limit=filesizeformat(PDF_MAX_INFLATED)
            )
        check_pdf_objects(objects)


def check_pdf_objects(data):
    if PDF_ACTIVE.search(data):
        raise rejected("pdf_active")
    for match in PDF_ESCAPED_NAME.finditer(data):
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group()[1:])
        if name.decode("latin-1") in PDF_ACTIVE_NAMES | {"OpenAction"}:
            raise rejected("pdf_active")
    for match in PDF_OPEN_ACTION.finditer(data):
        if match.group(1) != b"[":
            raise rejected("pdf_active")
    if HTML_MARKERS.search(data):
        raise rejected("pdf_html")


def outside_streams(data):
    """The parts of a PDF between its streams: where objects (and their actions) are.

    Stream contents are compressed pages, fonts and images; random-looking bytes there
    would match short names such as ``/JS`` by chance. A direct ``/Length`` is honoured,
    so a stream cannot swallow objects that a reader would see after it.
    """
    position = 0
    for start in PDF_STREAM_BEGIN.finditer(data):
        if start.start() < position:
            continue
        yield data[position : start.end()]
        length = PDF_DIRECT_LENGTH.search(data, max(position, start.start() - 1024), start.start())
        end = -1
        if length:
            candidate = start.end() + int(length.group(1))
            if data[candidate : candidate + 16].lstrip().startswith(b"endstream"):
                end = candidate
        if end == -1:
            end = data.find(b"endstream", start.end())
        if end == -1:
            return
        position = end
    yield data[position:]


def check_zip_container(upload, extension):
    """Office documents and ZIP packs: bounded unpacked size and ratio, safe member names,
    no programs or macros, and the parts that make the file what its extension says."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise rejected("zip_members", count=len(members), limit=ZIP_MAX_MEMBERS)
            unpacked = sum(member.file_size for member in members)
            if unpacked > ZIP_MAX_UNPACKED:
                raise rejected(
                    "zip_bomb", size=filesizeformat(unpacked), limit=filesizeformat(ZIP_MAX_UNPACKED)
                )
            names = set()
            for member in members:
                check_member(member, extension)
                names.add(member.filename)
            check_container_type(archive, names, extension)
            for member in members:
                # Reading to the declared size verifies the CRC: a member whose header lies
                # about its size (a classic bomb) fails here, after at most ZIP_MAX_UNPACKED bytes.
                with archive.open(member) as stream:
                    while stream.read(1024 * 1024):
                        pass
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
        raise rejected("zip_broken") from None
    finally:
        upload.seek(0)


def check_member(member, extension):
    name = member.filename
    path = PurePosixPath(name.replace("\\", "/"))
    unsafe = (
        path.is_absolute()
        or ".." in path.parts
        or re.match(r"^[A-Za-z]:", name)
        or any(unicodedata.category(ch) == "Cc" for ch in name)
    )
    if unsafe:
        raise rejected("zip_member_name", name=clean_filename(name) or "?")
    if member.file_size > 1024 * 1024 and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1):
        ratio = member.file_size // max(member.compress_size, 1)
        raise rejected("zip_ratio", name=clean_filename(path.name) or "?", ratio=ratio)
    lower = name.lower()
    if path.name.lower() == "vbaproject.bin" or (
        extension in ODF_MIMETYPE and lower.startswith(("basic/", "scripts/"))
    ):
        raise rejected("macro")
    member_extension, _inner = split_name(path.name)
    if member_extension in EXECUTABLE_EXTENSIONS:
        raise rejected("zip_executable", name=clean_filename(path.name))


def check_container_type(archive, names, extension):
    if extension in OOXML_MAIN_PART:
        if "[Content_Types].xml" not in names or OOXML_MAIN_PART[extension] not in names:
            raise rejected("magic", extension=extension)
    elif extension in ODF_MIMETYPE:
        if "mimetype" not in names or archive.getinfo("mimetype").file_size > 100:
            raise rejected("magic", extension=extension)
        if archive.read("mimetype").strip() != ODF_MIMETYPE[extension]:
            raise rejected("magic", extension=extension)


def check_image_header(upload, extension):
    """Measure an image from its header (never decoding it): format, size and frames.

    Pillow reads only the header on ``open``; frames are counted by seeking, which
    parses frame headers without decoding pixels, and stops once the limit is passed.
    """
    limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or PILImage.MAX_IMAGE_PIXELS
    allowed = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "avif": "AVIF"}
    expected = allowed.get(extension)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload, formats=sorted(set(allowed.values()))) as image:
                width, height = image.size
                if image.format != expected:
                    raise rejected("image_format", found=image.format or "?", extension=extension)
                pixels = width * height
                frames = 1
                while pixels * frames <= limit and frames < getattr(image, "n_frames", 1):
                    frames += 1
                if pixels * frames > limit:
                    raise rejected(
                        "pixels",
                        pixels=f"{pixels * frames:,}".replace(",", " "),
                        limit=f"{limit:,}".replace(",", " "),
                    )
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise rejected(
            "pixels",
            pixels=_("ponad %(n)s") % {"n": f"{limit:,}".replace(",", " ")},
            limit=f"{limit:,}".replace(",", " "),
        ) from None
    except Exception:
        raise rejected(
            "image_broken", allowed=", ".join(getattr(settings, "WAGTAILIMAGES_EXTENSIONS", allowed))
        ) from None
    finally:
        upload.seek(0)


def check_image(upload):
    """Raise ``ValidationError`` unless ``upload`` is an image the image library may keep."""
    allowed = [
        e.lower()
        for e in getattr(settings, "WAGTAILIMAGES_EXTENSIONS", None) or ["gif", "jpg", "jpeg", "png", "webp"]
    ]
    extension = check_name(upload, allowed)
    check_size(upload, getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024))
    with file_bytes(upload) as data:
        if data.find(EICAR) != -1:
            raise rejected("malware")
    check_image_header(upload, extension)


class CheckedUploadMixin:
    """A file field that runs one of the checks above on a new upload before its own
    validation, so refusals are ours (Polish, specific) and nothing is decoded first."""

    upload_check = None

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            type(self).upload_check(data)
        return super().to_python(data)


def checked_field(field, check):
    """Give a form's (already copied, per-form) file field the check: Wagtail builds these
    fields itself, so the instance's class is swapped for a checking subclass."""
    field.__class__ = type(
        f"Checked{type(field).__name__}", (CheckedUploadMixin, type(field)), {"upload_check": check}
    )
    return field


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (admin views and the v3 API) with ``check_document``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            checked_field(self.fields["file"], check_document)

    def _post_clean(self):
        # A refused file never reaches the instance, so the model's extension check would
        # add a second, misleading error about an empty name: keep only the first.
        refused = self._errors["file"].copy() if "file" in self._errors else None
        super()._post_clean()
        if refused:
            self._errors["file"] = refused


class ImageForm(BaseImageForm):
    """Wagtail's image form (admin views and the v3 API) with ``check_image``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            checked_field(self.fields["file"], check_image)


class AvatarForm(AvatarPreferencesForm):
    """The admin's profile picture: Wagtail resizes (fully decodes) it, so measure it first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        checked_field(self.fields["avatar"], check_image)
