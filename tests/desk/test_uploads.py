"""Uploading images: real images stored with a safe name and no location; everything else refused."""

import io
import json

from PIL import Image

from desk_harness import hidden


def photo(size=(640, 480), gps=True, kind="JPEG") -> bytes:
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (11.0, 52.0, 30.0), 3: "E", 4: (106.0, 36.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format=kind, exif=exif.tobytes())
    return buffer.getvalue()


def upload(client, name: str, data: bytes, csrf: str | None = None):
    csrf = csrf if csrf is not None else hidden(client.http.get("/anh").text)["csrf"]
    return client.http.post("/anh", data={"csrf": csrf}, files={"anh": (name, data, "image/jpeg")})


def images(site) -> list:
    return sorted(p.name for p in (site.content / "images").iterdir())


def test_a_photo_is_stored_with_a_safe_name_and_without_its_location(editor, desk_site):
    site, config = desk_site
    original = photo()
    assert 0x8825 in Image.open(io.BytesIO(original)).getexif()
    response = upload(editor, "Ảnh trao quà.JPG", original)
    assert response.status_code == 200
    [name] = images(site)
    assert name.startswith("anh-trao-qua-") and name.endswith(".jpg")
    assert f"images/{name}" in response.text
    with Image.open(site.content / "images" / name) as stored:
        assert stored.size == (640, 480)
        exif = stored.getexif()
    assert 0x8825 not in exif and exif[0x010F] == "Canon"
    assert json.loads(config.audit.read_text().splitlines()[-1])["action"] == "tai-anh"


def test_refused_uploads_write_nothing(editor, desk_site, tmp_path):
    site, _ = desk_site
    bomb = io.BytesIO()
    Image.new("1", (12000, 12000)).save(bomb, format="PNG")  # a few KB that unpack to 144 million pixels
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    cases = {
        "not an image": ("bai-viet.jpg", "Không phải ảnh".encode()),
        "a truncated image": ("hong.jpg", photo()[:400]),
        "another format": ("dong.gif", gif.getvalue()),
        "a pixel bomb": ("bom.png", bomb.getvalue()),
        "a path in the name": ("../../pelicanconf.jpg", photo()),
        "an absolute name": ("/etc/anh.jpg", photo()),
    }
    for case, (name, data) in cases.items():
        response = upload(editor, name, data)
        assert response.status_code in (400, 422), case
        if case == "a pixel bomb":
            assert "quá nhiều điểm ảnh" in response.text
    # A NUL byte as such in the part's header (an HTTP library would percent-encode it).
    csrf = hidden(editor.http.get("/anh").text)["csrf"]
    body = (b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf.encode() +
            b"\r\n--b\r\nContent-Disposition: form-data; name=\"anh\"; filename=\"anh\x00.jpg\"\r\n"
            b"Content-Type: image/jpeg\r\n\r\n" + photo() + b"\r\n--b--\r\n")
    response = editor.http.post("/anh", content=body, headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code in (400, 422)
    oversized = upload(editor, "lon.jpg", b"\xff\xd8" + b"0" * (16 * 1024 * 1024))
    assert oversized.status_code == 413
    assert upload(editor, "anh.jpg", photo(), csrf="sai").status_code == 403
    assert not (site.content / "images").exists() or images(site) == []


def test_a_photo_chosen_in_the_article_form_becomes_its_lead_image(editor, desk_site):
    from desk_harness import article_fields

    site, _ = desk_site
    fields = {**article_fields(image_alt="Tổ tự quản ra mắt", action="luu"), **editor.form("/bai-moi")}
    response = editor.http.post("/bai-moi", data=fields, files={
        "anh_chup": ("", b"", "application/octet-stream"),  # the camera's input, left empty
        "anh_dai_dien": ("IMG_0412.JPG", photo(), "image/jpeg")})
    assert response.status_code == 303, response.text
    [name] = images(site)
    assert name.startswith("img-0412-")
    with Image.open(site.content / "images" / name) as stored:
        assert 0x8825 not in stored.getexif()
    written = (site.content / "articles/2021/ra-mat-to-tu-quan-o-ap-tan-lap.md").read_text(encoding="utf-8")
    assert f"image: images/{name}\n" in written
    page = editor.http.get(response.headers["location"]).text
    assert f'src="/xem-truoc/images/{name}"' in page  # shown beside the field


def test_a_refused_photo_in_the_article_form_is_said_beside_it_and_nothing_is_saved(editor, desk_site):
    from desk_harness import article_fields

    site, config = desk_site
    fields = {**article_fields(action="gui-duyet"), **editor.form("/bai-moi")}
    response = editor.http.post("/bai-moi", data=fields,
                                files={"anh_chup": ("anh.jpg", "Không phải ảnh".encode(), "image/jpeg")})
    assert response.status_code == 422
    assert "Ảnh chưa được tải lên: tệp không phải là ảnh" in response.text
    assert 'value="Ra mắt tổ tự quản ở ấp Tân Lập"' in response.text  # what was typed is kept
    assert not (site.content / "articles/2021/ra-mat-to-tu-quan-o-ap-tan-lap.md").exists()
    assert not (site.content / "images").exists() or images(site) == []
    assert json.loads(config.audit.read_text().splitlines()[-1])["action"] == "tu-choi-anh"


def test_a_photo_in_a_form_without_its_token_is_not_stored(editor, desk_site):
    from desk_harness import article_fields

    site, _ = desk_site
    fields = {**article_fields(action="luu"), "csrf": "sai"}
    response = editor.http.post("/bai-moi", data=fields,
                                files={"anh_dai_dien": ("anh.jpg", photo(), "image/jpeg")})
    assert response.status_code == 403
    assert not (site.content / "images").exists() or images(site) == []


def test_the_article_form_offers_the_phones_camera(editor):
    from bs4 import BeautifulSoup

    form = BeautifulSoup(editor.http.get("/bai-moi").text, "html.parser").find("form", class_="article")
    assert form["enctype"] == "multipart/form-data"
    camera, chooser = form.find(id="f-anh-chup"), form.find(id="f-anh")
    assert (camera["accept"], camera["capture"]) == ("image/*", "environment")
    assert chooser["accept"] == "image/*" and not chooser.has_attr("capture")
