"""Production settings: the site's public address comes from TOANDAN_SITEURL."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("TOANDAN_SITEURL", "https://toandan.example.gov.vn").rstrip("/")
SITE_ORIGIN = SITEURL
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
