"""Variants and cards from real images, with the cache doing its job."""

import hashlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from images.cards import HEIGHT, WIDTH, draw_card
from images import variants
from images.variants import cache_dir_of, image_set
from sitekit import GOOD_FRONT, ROOT

FONT = ROOT / "theme" / "fonts" / "NotoSans-Bold.ttf"
VIETNAMESE = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def photo(path: Path, size=(2000, 1000), kind="JPEG") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (120, 30, 30)).save(path, kind)
    return path


@pytest.mark.slow
def test_variants_in_webp_and_the_original_format(tmp_path):
    source = photo(tmp_path / "images" / "anh.jpg")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    result = image_set(source, "images/anh.jpg", tmp_path / "cache", (480, 960, 1600))
    assert (result.width, result.height) == (2000, 1000)
    assert sorted((v.width, v.mime) for v in result.variants) == [
        (480, "image/jpeg"), (480, "image/webp"), (960, "image/jpeg"), (960, "image/webp"),
        (1600, "image/jpeg"), (1600, "image/webp")]
    assert result.fallback.path == "images/_v/anh-1600.jpg" and result.fallback.height == 800
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the source is never touched


def test_two_files_with_the_same_bytes_each_get_variants_named_after_them(tmp_path):
    first = photo(tmp_path / "images" / "mot.png", size=(600, 300), kind="PNG")
    second = tmp_path / "images" / "hai.png"
    second.write_bytes(first.read_bytes())
    cache = tmp_path / "cache"
    made = [image_set(source, f"images/{source.name}", cache, (480,)) for source in (first, second)]
    assert [image.fallback.path for image in made] == ["images/_v/mot-480.png", "images/_v/hai-480.png"]
    for image, source in zip(made, (first, second)):
        folder = cache_dir_of(source, image.source, cache, (480,))
        assert all((folder / Path(v.path).name).is_file() for v in image.variants)


def test_variants_go_to_the_folder_of_the_bytes_they_are_made_from(tmp_path):
    """A cache folder found before the file was saved again (at the build's start) does not get the
    new file's variants: a later build of the old file would publish them."""
    source = photo(tmp_path / "images" / "anh.jpg", size=(800, 400))
    cache = tmp_path / "cache"
    found_before = cache_dir_of(source, "images/anh.jpg", cache, (480,))
    photo(source, size=(800, 600))  # saved again while the build reads
    made = image_set(source, "images/anh.jpg", cache, (480,), found_before)
    assert made.height == 600 and made.cached == str(cache_dir_of(source, "images/anh.jpg", cache, (480,)))
    assert not (found_before / "variants.json").exists()


def test_small_images_are_not_enlarged(tmp_path):
    source = photo(tmp_path / "images" / "nho.png", size=(600, 300), kind="PNG")
    result = image_set(source, "images/nho.png", tmp_path / "cache", (480, 960, 1600))
    assert sorted({v.width for v in result.variants}) == [480, 600]
    assert {v.mime for v in result.variants} == {"image/png", "image/webp"}


def test_variants_are_cached_until_the_source_changes(tmp_path):
    source = photo(tmp_path / "images" / "anh.jpg")
    cache = tmp_path / "cache"
    image_set(source, "images/anh.jpg", cache, (480,))
    made = {p: p.stat().st_mtime_ns for p in cache.rglob("*.webp")}
    image_set(source, "images/anh.jpg", cache, (480,))
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.webp")} == made
    photo(source, size=(1000, 1000))
    again = image_set(source, "images/anh.jpg", cache, (480,))
    assert again.height == 1000 and len(list(cache.rglob("*.webp"))) == 2


@pytest.mark.slow
def test_a_build_publishes_variants_and_cards(site, monkeypatch):
    photo(site.content / "images" / "anh.jpg")
    site.article("bai", GOOD_FRONT + "image: images/anh.jpg", body="![Người dân tuần tra](images/anh.jpg)")
    hashed = []
    digest = variants._digest
    monkeypatch.setattr(variants, "_digest", lambda path: hashed.append(path.name) or digest(path))
    output = site.build()
    assert (output / "images/_v/anh-960.webp").is_file()
    assert hashed == ["anh.jpg"]  # read and hashed once: publishing takes the folder found then
    with Image.open(output / "og" / "ra-mat-to-tu-quan.jpg") as card:
        assert card.size == (WIDTH, HEIGHT)
    html = (output / "2021/06/ra-mat-to-tu-quan/index.html").read_text()
    assert 'srcset="/images/_v/anh-480.webp 480w' in html  # root-relative, as the theme links
    assert "<figcaption>Người dân tuần tra</figcaption>" in html


def drawn(font, text: str) -> bytes:
    image = Image.new("L", (80, 80))
    ImageDraw.Draw(image).text((10, 10), text, font=font, fill=255)
    return image.tobytes()


def test_the_theme_font_has_every_vietnamese_letter():
    font = ImageFont.truetype(str(FONT), 40)
    missing = drawn(font, "\u0378")  # an unassigned code point draws the .notdef box
    for letter in VIETNAMESE + VIETNAMESE.upper():
        assert drawn(font, letter) != missing, letter
    assert "SIL Open Font License" in (FONT.parent / "OFL.txt").read_text()


def test_card_draws_a_long_vietnamese_title(tmp_path):
    target = tmp_path / "card.jpg"
    draw_card("Đảng ủy Công an tỉnh lãnh đạo phong trào toàn dân bảo vệ an ninh Tổ quốc " * 3,
              "Toàn dân bảo vệ an ninh Tổ quốc", FONT, target)
    with Image.open(target) as card:
        assert card.size == (1200, 630)


@pytest.mark.parametrize("title", [
    "Tổng kết",  # one short line
    "Ổn định ANTT: Ấp Ổ Gà, Ẩn Nội được tặng 1.691 phần quà",  # marks stacked above capitals
    "Đảng ủy Công an tỉnh lãnh đạo phong trào toàn dân bảo vệ an ninh Tổ quốc " * 3,  # the smallest size
    "",
])
def test_a_card_is_the_whole_card_coded_in_one_go(tmp_path, title):
    """Only the title's rows of blocks are coded per card; the file must be the one Pillow writes for
    the whole card, and its pixels those of the card coded without restart markers."""
    import io

    from images.cards import PAPER, TITLE, layout
    from toandan.accelerate.pillow import GlyphDrawer

    site = "Toàn dân bảo vệ an ninh Tổ quốc"
    draw_card(title, site, FONT, tmp_path / "card.jpg")
    whole = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(whole)
    draw.rectangle([0, 0, WIDTH, 120], fill=(139, 26, 26))
    draw.rectangle([0, HEIGHT - 24, WIDTH, HEIGHT], fill=(139, 26, 26))
    draw.text((60, 60), site.upper(), font=ImageFont.truetype(str(FONT), 38), fill=(255, 255, 255), anchor="lm")
    size, lines = layout(title)
    glyphs = GlyphDrawer(ImageFont.truetype(str(FONT), size))
    glyphs.draw(whole, [((60, y), line) for y, line in lines], fill=TITLE, paper=PAPER)
    coded, plain = io.BytesIO(), io.BytesIO()
    whole.save(coded, "JPEG", quality=85, restart_marker_rows=1)
    whole.save(plain, "JPEG", quality=85)
    assert (tmp_path / "card.jpg").read_bytes() == coded.getvalue()
    with Image.open(tmp_path / "card.jpg") as card, Image.open(plain) as reference:
        assert card.tobytes() == reference.tobytes()


@pytest.mark.parametrize("size", [64, 56, 48])
@pytest.mark.parametrize("top", [40.0, 40.4, 40.5, 40.6])
def test_card_titles_are_drawn_as_pillow_draws_them(size, top):
    """Glyphs drawn once and placed by the font's advances and kerning give draw.text's pixels
    (where two glyphs overlap, an edge pixel may differ by one level of 255)."""
    from PIL import ImageChops

    from toandan.accelerate.pillow import GlyphDrawer

    line = "Tổ quốc “Đảng” AVA Tr Vă, " + VIETNAMESE[:30] + " 1.691 (15/12)"
    font = ImageFont.truetype(str(FONT), size)
    expected, drawn = (Image.new("RGB", (3000, 200), (247, 243, 238)) for _ in range(2))
    ImageDraw.Draw(expected).text((60, top), line, font=font, fill=(40, 20, 20))
    GlyphDrawer(font).draw(drawn, [((60, top), line)], fill=(40, 20, 20), paper=(247, 243, 238))
    assert ImageChops.difference(expected, drawn).convert("L").getextrema()[1] <= 1


def test_glyphs_that_meet_the_line_above_are_blended_in():
    """Glyphs are copied in as drawn on paper unless they meet a glyph drawn before; marks stacked
    above capitals reach down-strokes of the line above, at the spacing of a card's title."""
    from PIL import ImageChops

    from toandan.accelerate.pillow import GlyphDrawer

    size, lines = 64, ["gập ghềnh ýp ỵ ạng gỹ", "Ấp Ổ Gà Ẩn Ỗ Ậy Ệ Ẫ Ữ"]
    font = ImageFont.truetype(str(FONT), size)
    expected, drawn = (Image.new("RGB", (1400, 300), (247, 243, 238)) for _ in range(2))
    placed = [((60, 40 + n * size * 1.3), line) for n, line in enumerate(lines)]
    for xy, line in placed:
        ImageDraw.Draw(expected).text(xy, line, font=font, fill=(40, 20, 20))
    glyphs = GlyphDrawer(font)
    first, second = (glyphs.rows(y, line) for (_, y), line in placed)
    assert second[0] < first[1]  # the lines' glyphs share rows
    glyphs.draw(drawn, placed, fill=(40, 20, 20), paper=(247, 243, 238))
    assert ImageChops.difference(expected, drawn).convert("L").getextrema()[1] <= 1


@pytest.mark.slow
def test_cards_can_be_limited_to_recent_articles(site):
    site.settings.write_text(site.settings.read_text() + "IMAGES = {'cards_days': 30}\n")
    site.article("cu", GOOD_FRONT.replace("2021-06-15", "2021-01-02").replace("Ra mắt", "Bài cũ"))
    site.article("moi", GOOD_FRONT)
    output = site.build()
    assert (output / "og" / "ra-mat-to-tu-quan.jpg").is_file() and (output / "og" / "trang-chu.jpg").is_file()
    assert not (output / "og" / "bai-cu-to-tu-quan.jpg").exists()
    html = (output / "2021/01/bai-cu-to-tu-quan/index.html").read_text()
    assert 'og:image" content="http://127.0.0.1:8000/og/trang-chu.jpg"' in html


def test_card_drawer_draws_what_is_missing_and_reports_a_failure(tmp_path):
    from images import CardDrawer, missing_cards

    kept = tmp_path / "cards" / "kept.jpg"
    kept.parent.mkdir()
    kept.write_bytes(b"already drawn")
    missing = missing_cards([("Bài một", tmp_path / "cards" / "one.jpg"), ("Bài cũ", kept),
                        ("Bài một", tmp_path / "cards" / "one.jpg")])
    assert missing == [("Bài một", tmp_path / "cards" / "one.jpg")]  # each card once, and not the kept one
    CardDrawer(missing, "Trang", FONT).finish()
    assert (tmp_path / "cards" / "one.jpg").stat().st_size > 1000 and kept.read_bytes() == b"already drawn"
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    with pytest.raises(OSError):
        CardDrawer([("Bài hai", blocked / "two.jpg")], "Trang", FONT).finish()


# In a process of its own: the drawer forks only when no other thread runs.
FORKED_DRAWING = """\
import os, sys
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
import images
folder, font, mode = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
drawn, build = folder / "drawn.log", os.getpid()

def draw_card(title, site, font_path, target, *settings):  # who drew which card
    if mode == "forked-fails" and os.getpid() != build:
        raise OSError("the forked process cannot draw")
    images.cards.draw_card(title, site, font_path, target, *settings)
    with open(drawn, "a") as log:
        log.write(f"{os.getpid()} {target.name}\\n")

images.draw_card = draw_card
jobs = [(f"Bài số {n}", folder / "cards" / f"{n}.jpg") for n in range(200)]
if mode == "blocked":
    (folder / "not-a-folder").write_text("")
    jobs[150] = ("Bài chặn", folder / "not-a-folder" / "150.jpg")
drawer = images.CardDrawer(jobs, "Trang", font)
assert drawer.forked, "no process forked"
try:
    drawer.finish()
except OSError as error:
    sys.exit(f"failed: {error}")
"""


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["all", "forked-fails", "blocked"])
def test_cards_are_drawn_by_a_forked_process_beside_the_build(tmp_path, mode):
    import subprocess
    import sys

    script = tmp_path / "draw.py"
    script.write_text(FORKED_DRAWING)
    run = subprocess.run([sys.executable, str(script), str(ROOT), str(tmp_path), str(FONT), mode],
                         capture_output=True, text=True, timeout=120)
    if mode == "blocked":  # whichever drawer took the card that cannot be written, the error reaches finish()
        assert run.returncode == 1 and "failed:" in run.stderr and "not-a-folder" in run.stderr
        return
    assert run.returncode == 0, run.stderr
    lines = [line.split() for line in (tmp_path / "drawn.log").read_text().splitlines()]
    assert sorted(name for _, name in lines) == sorted(f"{n}.jpg" for n in range(200))  # each drawn once
    # Both drew; or the forked process drew nothing and what it took was drawn by finish().
    assert len({pid for pid, _ in lines}) == (2 if mode == "all" else 1)
    assert all((tmp_path / "cards" / f"{n}.jpg").stat().st_size > 1000 for n in range(200))


# In a process of its own: the maker forks only when no other thread runs.
VARIANTS_BESIDE = """\
import os, sys
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
from images import early, variants
folder, mode = Path(sys.argv[2]), sys.argv[3]
made, build = folder / "made.log", os.getpid()

def image_set(path, relative, cache, widths, key=None):  # who made which image's variants
    if mode == "forked-fails" and os.getpid() != build:
        raise OSError("the forked process cannot write")
    variants.image_set(path, relative, cache, widths, key)
    with open(made, "a") as log:
        log.write(f"{os.getpid()} {path.name}\\n")

early.image_set = image_set
sources = [(path, f"images/{path.name}") for path in sorted((folder / "images").iterdir())]
maker = early.VariantMaker(sources, folder / "cache", (48, 96))
assert not maker.forked  # until the build knows which images it publishes
maker.narrow({path for path, _ in sources if path.name != "khong-dung.png"})
assert maker.forked, "no process forked"
maker._beside.join()  # the build writes its pages meanwhile
maker.finish()
print(build)
"""


@pytest.mark.parametrize("mode", ["beside", "forked-fails"])
def test_variants_not_cached_are_made_by_a_process_forked_once_the_build_knows_which(tmp_path, mode):
    import subprocess
    import sys

    for n in range(3):
        photo(tmp_path / "images" / f"anh-{n}.png", size=(120, 60), kind="PNG")
    photo(tmp_path / "images" / "da-co.png", size=(120, 60), kind="PNG")
    photo(tmp_path / "images" / "khong-dung.png", size=(120, 60), kind="PNG")  # no published page shows it
    image_set(tmp_path / "images" / "da-co.png", "images/da-co.png", tmp_path / "cache", (48, 96))
    script = tmp_path / "make.py"
    script.write_text(VARIANTS_BESIDE)
    run = subprocess.run([sys.executable, str(script), str(ROOT), str(tmp_path), mode],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = [line.split() for line in (tmp_path / "made.log").read_text().splitlines()]
    # Each image published and not cached made once, the cached one not again, the one not shown
    # not at all: by the forked process, or, when it failed, by the build's threads in finish().
    assert sorted(name for _, name in lines) == ["anh-0.png", "anh-1.png", "anh-2.png"]
    makers = {pid for pid, _ in lines}
    assert len(makers) == 1 and (makers == {run.stdout.strip()}) == (mode == "forked-fails")
    for n in range(3):
        source = tmp_path / "images" / f"anh-{n}.png"
        folder = cache_dir_of(source, f"images/anh-{n}.png", tmp_path / "cache", (48, 96))
        assert (folder / "variants.json").is_file() and (folder / f"anh-{n}-96.webp").is_file()


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_the_set_worked_out_from_the_header_is_the_one_made(tmp_path, orientation):
    """A build shows the variants' sizes (planned_set) before they are made: the same set."""
    source = tmp_path / "images" / "anh.jpg"
    source.parent.mkdir(parents=True)
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.new("RGB", (1000, 600), (10, 120, 30)).save(source, "JPEG", exif=exif.tobytes())
    png = photo(tmp_path / "images" / "hinh.png", size=(700, 350), kind="PNG")
    made = {}
    for path in (source, png):
        relative = f"images/{path.name}"
        planned = variants.planned_set(path, relative, tmp_path / "cache", (480, 960, 1600))
        made[path] = image_set(path, relative, tmp_path / "cache", (480, 960, 1600))
        assert made[path] == planned and made[path].cached == planned.cached
        assert variants.planned_set(path, relative, tmp_path / "cache", (480, 960, 1600)) == made[path]  # cached
    assert (made[source].width, made[source].height) == ((600, 1000) if orientation in (6, 8) else (1000, 600))
    assert [v.mime for v in made[png].variants] == ["image/webp", "image/png"] * 2


def test_only_the_variants_a_build_publishes_are_waited_for(tmp_path, monkeypatch):
    """Variants are made beside the build; those of images no published page shows (held back,
    images.embargo) are not made for it, and are made when an update publishes them."""
    from images.early import VariantMaker
    from toandan.building import forking

    monkeypatch.setattr(forking, "can_fork", lambda: False)  # no process beside: finish() does it all
    shown, held = (photo(tmp_path / "images" / name, size=(600, 300)) for name in ("hien.jpg", "giu.jpg"))
    cache = tmp_path / "cache"
    maker = VariantMaker([(shown, "images/hien.jpg"), (held, "images/giu.jpg")], cache, (480,))
    maker.narrow({shown})
    maker.finish()
    assert (maker.folders[shown] / "variants.json").is_file()
    assert not (maker.folders[held] / "variants.json").exists()
    planned = variants.planned_set(held, "images/giu.jpg", cache, (480,), maker.folders[held])
    assert image_set(held, "images/giu.jpg", cache, (480,), Path(planned.cached)) == planned
