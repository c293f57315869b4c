"""Production settings: the site's public address comes from TOANDAN_SITEURL."""

import os
import sys
from urllib.parse import urlsplit

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("TOANDAN_SITEURL", "https://toandan.example.gov.vn").rstrip("/")
SITE_ORIGIN = SITEURL
SITE_PATH = urlsplit(SITEURL).path.rstrip("/")  # "/portal" when the site is published under a path
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
