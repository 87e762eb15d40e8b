"""Malicious and malformed uploads, generated here, sent through every upload entry point.

Entry points: the Wagtail admin's single and multiple add views (documents, images),
the v3 API (``POST /api/v3/documents/`` and ``/images/`` with a token), the document
chooser's upload and the admin profile picture. Each hostile file must be refused with a
Polish message the uploader sees, leave no row and no file behind, and never cause a 500;
files with hostile *names* but harmless content are stored under a sanitised name.
"""

import html
import io
import json
import random
import struct
import urllib.parse
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import APIToken, Collection, UploadedFile
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

BOUNDARY = "cas-upload-boundary-7f3a"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


# --- The corpus: small builders for each kind of file -------------------------------------


def pdf(*objects, header=b"%PDF-1.7\n", trailer=b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"):
    """A minimal PDF whose objects are the given bodies (numbered from 1)."""
    body = header
    for number, content in enumerate(objects or [b"<< /Type /Catalog /Pages 2 0 R >>"], start=1):
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    return body + trailer


def pdf_with_object_stream(hidden):
    """A PDF 1.5 whose catalog sits inside a compressed object stream, out of sight of a raw scan."""
    packed = zlib.compress(b"1 0 " + hidden)
    stream = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
    return pdf(stream + packed + b"\nendstream")


def png_header(width, height, bit_depth=8, color_type=6, idat=b""):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png_decompression_bomb():
    """144 megapixels of black (1 bit per pixel) that deflate to a few kilobytes."""
    side = 12_000
    rows = zlib.compress(b"\x00" * (side // 8 + 1) * side, 9)
    return png_header(side, side, bit_depth=1, color_type=0, idat=rows)


def gif(screen=(1, 1), frames=1):
    out = b"GIF89a" + struct.pack("<HH", *screen) + bytes([0x80, 0, 0]) + b"\x00\x00\x00\xff\xff\xff"
    frame = b"\x2c" + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00" + b"\x02\x02\x44\x01\x00"
    return out + frame * frames + b"\x3b"


def real_image(fmt="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(members, *, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


XLSX_PARTS = [("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")]
DOCX_PARTS = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]


def docx(*extra):
    return zip_bytes([*DOCX_PARTS, *extra])


def odt(*extra, mimetype=b"application/vnd.oasis.opendocument.text"):
    return zip_bytes([("mimetype", mimetype), ("content.xml", b"<office:document-content/>"), *extra])


def lying_zip(parts, claimed_size):
    """A ZIP whose last member claims ``claimed_size`` bytes unpacked; it really holds 2 MB of zeros."""
    data = bytearray(zip_bytes([*parts, ("word/media/x.bin", b"\x00" * 2_000_000)]))
    central = data.rfind(b"PK\x01\x02")  # uncompressed size: offset 24 of a central entry
    data[central + 24 : central + 28] = struct.pack("<I", claimed_size)
    local = data.rfind(b"PK\x03\x04")  # ... and offset 22 of a local header
    data[local + 22 : local + 26] = struct.pack("<I", claimed_size)
    return bytes(data)


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
SVG_FOREIGN = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="100" height="100">'
    b'<body xmlns="http://www.w3.org/1999/xhtml"><iframe src="javascript:alert(1)"></iframe></body>'
    b"</foreignObject></svg>"
)
SVG_XXE = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>'
)
SVG_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']><svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>'
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
VALID_PDF = pdf()

# Distinctive Polish words of each refusal (what the uploader reads).
EXTENSION = "nie są przyjmowane"
DOUBLE = "podwójne rozszerzenie"
MISMATCH = "nie odpowiada rozszerzeniu"
EMPTY = "Plik jest pusty"
TOO_BIG = "Ten plik jest za duży"
MALWARE = "złośliwego oprogramowania"
TRUNCATED = "Plik PDF jest niekompletny"
ACTIVE = "Plik PDF zawiera aktywną treść"
PDF_HTML = "kod strony WWW"
ENCRYPTED = "Plik PDF jest zaszyfrowany"
ZIP_BOMB = "bomby ZIP"
ZIP_NAME = "niebezpiecznej nazwie"
ZIP_PROGRAM = "program lub skrypt"
MACRO = "Dokument zawiera makra"
BROKEN = "Plik jest uszkodzony"
NOT_IMAGE = "To nie jest prawidłowy obraz"
PIXELS = "Obraz ma za dużo pikseli"
SMALL_LIMIT = 64 * 1024

# (id, kind, filename as the client sends it, content, Polish refusal)
REFUSED = [
    ("svg-script", "document", "ulotka.svg", SVG_SCRIPT, EXTENSION),
    ("svg-foreignobject", "image", "ilustracja.svg", SVG_FOREIGN, EXTENSION),
    ("svg-xxe", "image", "logo.svg", SVG_XXE, EXTENSION),
    ("svg-billion-laughs", "document", "plakat.svg", SVG_LAUGHS, EXTENSION),
    ("svg-renamed-png", "image", "logo.png", SVG_SCRIPT, NOT_IMAGE),
    ("png-30k-header", "image", "zdjecie.png", png_header(30_000, 30_000), PIXELS),
    ("png-30k-header-as-document", "document", "plansza.png", png_header(30_000, 30_000), PIXELS),
    ("png-decompression-bomb", "image", "tlo.png", png_decompression_bomb(), PIXELS),
    ("png-over-pixel-limit", "image", "baner.png", png_header(7_000, 6_000), PIXELS),
    ("gif-huge-screen", "image", "animacja.gif", gif(screen=(65_535, 65_535)), PIXELS),
    ("gif-frame-bomb", "image", "animacja.gif", gif(screen=(2_000, 2_000), frames=20), PIXELS),
    ("pdf-truncated", "document", "regulamin.pdf", VALID_PDF[:-20], TRUNCATED),
    (
        "pdf-html-polyglot",
        "document",
        "ulotka.pdf",
        pdf(b"<< >>\n% <html><script>alert(1)</script>"),
        PDF_HTML,
    ),
    ("html-pdf-polyglot", "document", "ulotka.pdf", HTML_PAGE + b"\n" + VALID_PDF, MISMATCH),
    (
        "pdf-openaction-js",
        "document",
        "plan.pdf",
        pdf(b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
        ACTIVE,
    ),
    ("pdf-openaction-ref", "document", "plan.pdf", pdf(b"<< /Type /Catalog /OpenAction 2 0 R >>"), ACTIVE),
    ("pdf-javascript-tree", "document", "plan.pdf", pdf(b"<< /Names << /JavaScript 3 0 R >> >>"), ACTIVE),
    ("pdf-launch", "document", "plan.pdf", pdf(b"<< /S /Launch /F (cmd.exe) >>"), ACTIVE),
    ("pdf-embedded-file", "document", "plan.pdf", pdf(b"<< /Type /EmbeddedFile /Length 0 >>"), ACTIVE),
    ("pdf-hex-escaped-name", "document", "plan.pdf", pdf(b"<< /S /Java#53cript /JS (x) >>"), ACTIVE),
    (
        "pdf-js-in-object-stream",
        "document",
        "plan.pdf",
        pdf_with_object_stream(b"<< /S /JavaScript >>"),
        ACTIVE,
    ),
    (
        "pdf-encrypted",
        "document",
        "plan.pdf",
        pdf(b"<< /Filter /Standard /V 2 >>", trailer=b"trailer\n<< /Encrypt 1 0 R >>\n%%EOF\n"),
        ENCRYPTED,
    ),
    (
        "pdf-javascript-uri",
        "document",
        "plan.pdf",
        pdf(b"<< /S /URI /URI (javascript:alert(1)) >>"),
        PDF_HTML,
    ),
    (
        "zip-bomb-docx",
        "document",
        "scenariusz.docx",
        docx(("word/media/zero.bin", b"\x00" * 4_000_000)),
        ZIP_BOMB,
    ),
    (
        "zip-bomb-xlsx-lying-header",
        "document",
        "wyniki.xlsx",
        lying_zip(XLSX_PARTS, 10),
        BROKEN,
    ),
    (
        "zip-bomb-pptx-declared-size",
        "document",
        "lekcja.pptx",
        lying_zip(DOCX_PARTS, 4_000_000_000),
        ZIP_BOMB,
    ),
    ("zip-bomb-odt", "document", "scenariusz.odt", odt(("Pictures/zero.bin", b"\x00" * 4_000_000)), ZIP_BOMB),
    (
        "docx-member-traversal",
        "document",
        "karta.docx",
        docx(("../../etc/cron.d/evil", b"* * * * * id")),
        ZIP_NAME,
    ),
    ("docx-member-absolute", "document", "karta.docx", docx(("/etc/passwd", b"root")), ZIP_NAME),
    ("docx-with-macros", "document", "karta.docx", docx(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")), MACRO),
    (
        "odt-with-basic-macros",
        "document",
        "karta.odt",
        odt(("Basic/Standard/Module1.xml", b"<script/>")),
        MACRO,
    ),
    (
        "zip-with-exe",
        "document",
        "materialy.zip",
        zip_bytes([("instalator.exe", b"MZ\x90\x00")]),
        ZIP_PROGRAM,
    ),
    ("docx-not-a-document", "document", "karta.docx", zip_bytes([("notatki.txt", b"tekst")]), MISMATCH),
    ("odt-wrong-mimetype", "document", "karta.odt", odt(mimetype=b"text/html"), MISMATCH),
    ("docx-truncated", "document", "karta.docx", docx()[:-30], BROKEN),
    ("eicar-in-pdf", "document", "ulotka.pdf", pdf(b"<< >>\n% " + EICAR), MALWARE),
    ("eicar-in-png", "image", "zdjecie.png", real_image() + EICAR, MALWARE),
    ("double-extension-pdf-html", "document", "ulotka.pdf.html", HTML_PAGE, EXTENSION),
    ("double-extension-exe-pdf", "document", "faktura.exe.pdf", VALID_PDF, DOUBLE),
    ("double-extension-html-png", "image", "zdjecie.html.png", real_image(), DOUBLE),
    ("nul-in-name", "document", "plakat.pdf\x00.html", HTML_PAGE, EXTENSION),
    ("rtl-override-name", "document", "raport\u202efdp.exe", b"MZ\x90\x00", EXTENSION),
    ("empty-pdf", "document", "pusty.pdf", b"", EMPTY),
    ("empty-png", "image", "pusty.png", b"", EMPTY),
    ("oversize-pdf", "document", "duzy.pdf", pdf(b"<< >>\n%" + b"x" * SMALL_LIMIT), TOO_BIG),
    ("oversize-png", "image", "duzy.png", png_header(10, 10, idat=b"\x00" * SMALL_LIMIT), TOO_BIG),
    ("exe-renamed-pdf", "document", "regulamin.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, MISMATCH),
    ("html-renamed-png", "image", "zdjecie.png", HTML_PAGE, NOT_IMAGE),
    ("html-renamed-docx", "document", "karta.docx", HTML_PAGE, MISMATCH),
    ("jpeg-renamed-png", "image", "zdjecie.png", real_image("JPEG"), MISMATCH),
    ("html-renamed-mp4", "document", "film.mp4", HTML_PAGE, MISMATCH),
]

# Harmless content under hostile names: stored, under a clean name.
NEUTRALISED = [
    ("path-traversal", "../../etc/passwd.pdf", "passwd.pdf"),
    ("windows-traversal", "..\\..\\Windows\\win.pdf", "win.pdf"),
    ("crlf-in-name", "raport\r\nX-Injected: 1.pdf", "raportX-Injected_1.pdf"),
]

ENTRY_POINTS = ["admin", "multiple", "api"]


# --- Sending files the way a (hostile) client does -----------------------------------------


def multipart(fields, field_name, filename, content):
    """A multipart body with the file name exactly as given (``filename*`` for control chars)."""
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    if filename.isprintable() and '"' not in filename:
        disposition = f'filename="{filename}"'
    else:
        disposition = "filename*=UTF-8''" + urllib.parse.quote(filename, safe="")
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field_name}"; {disposition}\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "haslo-testowe-123")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def upload(admin_client, settings):
    """``upload(kind, entry_point, filename, content)`` → the Polish error shown, or ``None``."""
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = SMALL_LIMIT
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = SMALL_LIMIT
    _token, raw_token = APIToken.create_token(user=admin_client.user, name="testy")
    root = Collection.get_first_root_node().pk
    plural = {"document": "documents", "image": "images"}

    def send(kind, entry_point, filename, content):
        if entry_point == "admin":
            body = multipart({"title": "Plik", "collection": root}, "file", filename, content)
            response = post(admin_client, f"/admin/{plural[kind]}/add/", body)
            if response.status_code == 302:
                return None
            assert response.status_code == 200
            return html.unescape(response.content.decode())
        if entry_point == "multiple":
            body = multipart({"collection": root}, "files[]", filename, content)
            response = post(admin_client, f"/admin/{plural[kind]}/multiple/add/", body)
            assert response.status_code == 200
            data = response.json()
            return None if data["success"] else data["error_message"]
        body = multipart({"title": "Plik"}, "file", filename, content)
        response = post(
            admin_client, f"/api/v3/{plural[kind]}/", body, HTTP_AUTHORIZATION=f"Bearer {raw_token}"
        )
        if response.status_code == 201:
            return None
        assert response.status_code in {400, 422}, response.content
        return json.dumps(response.json(), ensure_ascii=False)

    return send


def post(client, path, body, **extra):
    response = client.post(path, data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}", **extra)
    assert response.status_code < 500
    return response


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def nothing_stored():
    return (
        get_document_model().objects.count() == 0
        and get_image_model().objects.count() == 0
        and UploadedFile.objects.count() == 0
        and stored_files() == []
    )


# --- The tests ------------------------------------------------------------------------------


def test_corpus_is_large_and_varied():
    assert len(REFUSED) + len(NEUTRALISED) >= 30
    assert len({case[0] for case in REFUSED + NEUTRALISED}) == len(REFUSED) + len(NEUTRALISED)


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
@pytest.mark.parametrize(
    ("kind", "filename", "content", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_hostile_file_is_refused_with_polish_message(upload, entry_point, kind, filename, content, message):
    shown = upload(kind, entry_point, filename, content)

    assert shown is not None, "the file was accepted"
    assert message in shown
    assert nothing_stored()


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
@pytest.mark.parametrize(("sent", "stored"), [c[1:] for c in NEUTRALISED], ids=[c[0] for c in NEUTRALISED])
def test_hostile_name_is_stored_sanitised(upload, entry_point, sent, stored):
    assert upload("document", entry_point, sent, VALID_PDF) is None

    document = get_document_model().objects.get()
    assert document.filename == stored
    assert stored_files() == [f"documents/{stored}"]


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
@pytest.mark.parametrize(
    ("kind", "filename", "content"),
    [
        ("document", "regulamin.pdf", VALID_PDF),
        ("document", "libreoffice.pdf", pdf(b"<< /Type /Catalog /OpenAction [3 0 R /XYZ null null 0] >>")),
        ("document", "scenariusz.docx", docx(("word/media/foto.png", real_image()))),
        ("document", "scenariusz.odt", odt()),
        ("document", "materialy.zip", zip_bytes([("plakat.pdf", VALID_PDF), ("karta.odt", odt())])),
        ("document", "raport.2026.pdf", VALID_PDF),
        ("image", "zdjecie.png", real_image()),
        ("image", "zdjecie.jpg", real_image("JPEG")),
        ("image", "animacja.gif", gif(screen=(20, 20), frames=5)),
    ],
    ids=["pdf", "pdf-openaction-page", "docx", "odt", "zip", "dotted-name", "png", "jpg", "gif"],
)
def test_ordinary_files_are_accepted(upload, entry_point, kind, filename, content):
    """The control: the checks refuse hostile files, not every file."""
    assert upload(kind, entry_point, filename, content) is None

    model = get_document_model() if kind == "document" else get_image_model()
    assert model.objects.count() == 1


def test_document_at_the_real_size_limit_plus_one_byte_is_refused(admin_client):
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    content = pdf(b"<< >>\n%" + b"x" * limit)[: limit + 1]
    body = multipart(
        {"title": "Plik", "collection": Collection.get_first_root_node().pk}, "file", "duzy.pdf", content
    )

    response = post(admin_client, "/admin/documents/add/", body)

    assert TOO_BIG in html.unescape(response.content.decode())
    assert nothing_stored()


def test_document_chooser_upload_is_checked(admin_client):
    body = multipart(
        {
            "document-chooser-upload-title": "Plik",
            "document-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
        "document-chooser-upload-file",
        "ulotka.pdf",
        HTML_PAGE,
    )

    response = post(admin_client, "/admin/documents/chooser/create/", body)

    assert MISMATCH in html.unescape(json.dumps(response.json(), ensure_ascii=False))
    assert nothing_stored()


def test_replacing_a_document_file_is_checked(admin_client):
    upload_body = multipart(
        {"title": "Plik", "collection": Collection.get_first_root_node().pk}, "file", "a.pdf", VALID_PDF
    )
    post(admin_client, "/admin/documents/add/", upload_body)
    document = get_document_model().objects.get()
    body = multipart(
        {"title": "Plik", "collection": document.collection_id}, "file", "a.pdf", pdf(b"<< /S /Launch >>")
    )

    response = post(admin_client, f"/admin/documents/edit/{document.pk}/", body)

    assert ACTIVE in html.unescape(response.content.decode())
    document.refresh_from_db()
    with document.open_file() as stored:
        assert stored.read() == VALID_PDF
    assert stored_files() == ["documents/a.pdf"]


ACCOUNT_FIELDS = {
    "name_email-first_name": "Anna",
    "name_email-last_name": "Nowak",
    "name_email-email": "admin@example.org",
    "locale-preferred_language": "pl",
    "locale-current_time_zone": "Europe/Warsaw",
    "theme-theme": "system",
    "theme-contrast": "system",
    "theme-density": "default",
}


def profile_picture(client, filename, content):
    response = post(client, "/admin/account/", multipart(ACCOUNT_FIELDS, "avatar-avatar", filename, content))
    return response, UserProfile.get_for_user(client.user).avatar


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("ja.png", png_header(30_000, 30_000), PIXELS),
        ("ja.png", png_decompression_bomb(), PIXELS),
        ("ja.svg", SVG_SCRIPT, EXTENSION),
        ("ja.png", HTML_PAGE, NOT_IMAGE),
        ("ja.html.png", real_image(), DOUBLE),
    ],
    ids=["30k-header", "decompression-bomb", "svg", "html", "double-extension"],
)
def test_profile_picture_is_checked_before_wagtail_resizes_it(admin_client, filename, content, message):
    response, avatar = profile_picture(admin_client, filename, content)

    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not avatar
    assert stored_files() == []


def test_ordinary_profile_picture_is_kept(admin_client):
    response, avatar = profile_picture(admin_client, "ja.png", real_image())

    assert response.status_code == 302
    assert avatar.name.endswith(".png")
    assert len(stored_files()) == 1


@pytest.mark.parametrize(
    ("filename", "content", "disposition", "content_type"),
    [
        ("scenariusz.docx", docx(), "attachment", "officedocument.wordprocessingml"),
        ("materialy.zip", zip_bytes([("plakat.pdf", VALID_PDF)]), "attachment", "zip"),
        ("plansza.png", real_image(), "attachment", "image/png"),
        ("regulamin.pdf", VALID_PDF, "inline", "application/pdf"),
    ],
    ids=["docx", "zip", "png", "pdf"],
)
def test_served_documents_are_downloads_that_cannot_run_scripts(
    upload, client, filename, content, disposition, content_type
):
    assert upload("document", "admin", filename, content) is None
    document = get_document_model().objects.get()

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(disposition)
    assert content_type in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "does not match the “.pdf” extension"), ("uk", "не відповідає розширенню «.pdf»")],
)
def test_api_refusal_speaks_the_clients_language(admin_client, language, message):
    _token, raw = APIToken.create_token(user=admin_client.user, name="testy")
    body = multipart({"title": "Plik"}, "file", "ulotka.pdf", HTML_PAGE)

    with translation.override("pl"):  # the API middleware leaves the request's language active
        response = post(
            admin_client,
            "/api/v3/documents/",
            body,
            HTTP_AUTHORIZATION=f"Bearer {raw}",
            HTTP_ACCEPT_LANGUAGE=language,
        )

    assert response.status_code == 422
    assert message in response.json()["errors"][0]["msg"]
    assert nothing_stored()


def big_pdf(catalog, seed):
    """A 3 MB PDF (past Django's in-memory limit, so it arrives as a temporary file) whose
    one stream holds incompressible bytes, like the images in real teaching materials. Such
    bytes match short PDF names by chance (``/JS`` about once per 20 MB); this noise does."""
    noise = random.Random(seed).randbytes(3 * 1024 * 1024).replace(b"\x00", b" /JS /AA /Launch ", 1)
    stream = b"<< /Length %d /Filter /DCTDecode >>\nstream\n" % len(noise) + noise + b"\nendstream"
    return pdf(catalog, stream)


@pytest.mark.parametrize("seed", range(3))
def test_large_pdf_with_binary_streams_is_accepted_and_a_large_hostile_one_refused(admin_client, seed):
    root = Collection.get_first_root_node().pk
    fine = big_pdf(b"<< /Type /Catalog >>", seed)
    hostile = big_pdf(b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (x) >> >>", seed)

    refused = post(
        admin_client,
        "/admin/documents/add/",
        multipart({"title": "A", "collection": root}, "file", "a.pdf", hostile),
    )
    accepted = post(
        admin_client,
        "/admin/documents/add/",
        multipart({"title": "B", "collection": root}, "file", "b.pdf", fine),
    )

    assert ACTIVE in html.unescape(refused.content.decode())
    assert accepted.status_code == 302
    assert stored_files() == ["documents/b.pdf"]
