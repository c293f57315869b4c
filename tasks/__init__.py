"""Tasks for editors and developers: ./dev <task>, or invoke <task> inside .venv.

Each module holds the tasks of one kind of work; invoke finds them all here, named as in the
README (./dev new-article runs writing.new_article). project.py says which site they act on.
"""

import sys
from pathlib import Path

# invoke puts this folder on the import path; the checkout's own packages (toandan, desk, endpoint,
# importer) come first, before a copy installed from another checkout.
sys.path.insert(0, str(Path(__file__).parent.parent))

from .accounts import desk_user  # noqa: E402 - after the path is set
from .building import build, check, clean, publish, publish_due, rebuild  # noqa: E402
from .develop import bench, test, upgrade  # noqa: E402
from .readership import export_readership, import_legacy  # noqa: E402
from .serving import desk, livereload, serve  # noqa: E402
from .writing import import_pages, new_article, roundup, suggest_stats  # noqa: E402

__all__ = ["bench", "build", "check", "clean", "desk", "desk_user", "export_readership", "import_legacy",
           "import_pages", "livereload", "new_article", "publish", "publish_due", "rebuild", "roundup",
           "serve", "suggest_stats", "test", "upgrade"]
