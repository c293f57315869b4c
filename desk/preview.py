"""An article's preview, its title, summary and body made by the site's own reader: Markdown, the
allow-list sanitiser and typography, exactly as the build makes them."""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from content_model.reader import ContentReader

from .writing import scalar


@dataclass(frozen=True)
class Preview:
    title: str
    summary: str  # sanitised HTML
    body: str  # sanitised HTML


class Previewer:
    def __init__(self, settings: dict):
        # No read cache: a preview is read once, from a temporary file.
        model = {**settings.get("CONTENT_MODEL", {}), "cache": False}
        self.reader = ContentReader({**settings, "CONTENT_MODEL": model})

    def preview(self, title: str, summary: str, body: str) -> Preview:
        """Read as a page needs only a title: a draft's other problems do not stop its preview."""
        front = [f"title: {scalar(title.strip() or 'Chưa có tiêu đề', 'title')}"]
        if summary.strip():
            front.append(f"summary: {scalar(summary.strip(), 'summary')}")
        text = "---\n" + "\n".join(front) + "\n---\n\n" + body.strip("\n") + "\n"
        fd, name = tempfile.mkstemp(suffix=".md", prefix="desk-preview-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            html, metadata = self.reader.read(name)
        finally:
            Path(name).unlink()
        return Preview(str(metadata.get("title", "")), str(metadata.get("summary", "")), html)
