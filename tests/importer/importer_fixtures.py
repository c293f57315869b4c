"""The importer's tests: fixture pages written in the styles of NukeViet 4 and Plone 5/6, their
images drawn here, and a throwaway project (content/ and var/) to import them into."""

import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitekit import Site

PAGES = Path(__file__).parent / "pages"
# The images the saved pages show, beside them as a browser saves them: (path, colour).
IMAGES = {
    "nukeviet/trao-qua_files/trao-qua.jpg": (200, 40, 40),
    "nukeviet/trao-qua_files/hop-to.jpg": (40, 200, 40),
    "nukeviet/trao-qua_files/ky-niem.jpg": (40, 40, 200),
    "nukeviet/ket-qua_files/tong-ket.png": (120, 120, 0),
    "plone/camera_files/camera-mini.jpg": (0, 120, 120),
}


def draw(path: Path, colour: tuple[int, int, int]) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (48, 32), colour).save(path)
    return path.read_bytes()


@pytest.fixture
def saved_pages(tmp_path) -> Path:
    """The fixture pages as a folder of saved pages, with their images."""
    folder = tmp_path / "saved"
    shutil.copytree(PAGES, folder)
    for relative, colour in IMAGES.items():
        draw(folder / relative, colour)
    return folder


@pytest.fixture
def project(tmp_path) -> Site:
    return Site(tmp_path / "project")
