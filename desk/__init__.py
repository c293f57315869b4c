"""The editors' desk: a separate web application for writing, checking, reviewing and publishing articles.

The public reader endpoint never imports this package; only the desk writes to content/.
"""

import sys
from pathlib import Path

# The content model is a Pelican plugin: Pelican puts plugins/ on the path when it loads it (PLUGIN_PATHS);
# the desk reads and validates with it without a build, so it does the same.
_PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if _PLUGINS not in sys.path:
    sys.path.append(_PLUGINS)
