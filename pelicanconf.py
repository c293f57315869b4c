"""Pelican settings for the sample site; publishconf.py builds on these."""

from toandan.building.templating import FILTERS

SITENAME = "Toàn dân bảo vệ an ninh Tổ quốc"
SITESUBTITLE = "Cổng thông tin phong trào của Công an tỉnh và Ủy ban MTTQ tỉnh"
SITE_ORIGIN = "http://127.0.0.1:8000"  # absolute links: canonical URLs, Open Graph, sitemap, feeds
SITEURL = SITE_ORIGIN  # feeds need an absolute base; Pelican's own links in bodies stay relative
RELATIVE_URLS = True
# The site's path under its origin ("" at the root). The theme links every page, stylesheet and script
# as SITE_PATH + "/...": root-relative, so a page served at any address (the 404 page under nginx's
# error_page, at /a/b/) still finds them.
SITE_PATH = ""
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
# One language: no translations to pair (plugins/listings orders articles of the same date by slug).
ARTICLE_TRANSLATION_ID = None
DEFAULT_PAGINATION = 10
# An article dated in the future is read as a draft until its time (./dev publish-due, every minute).
WITH_FUTURE_DATES = False

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["content_model", "listings", "manifest", "redirects", "images", "article_html", "search_index", "roundup",
           "reuse"]
# Typography is applied by the content model's reader, so a rebuild reuses it with the parsed article
# (Pelican's own TYPOGRIFY pass would run again on every file, every build).
CONTENT_MODEL = {"data_dir": "data", "typogrify": True}

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
IGNORE_FILES = [".#*", "*~"]

ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
# Drafts (submitted, scheduled and hidden content is read as a draft too) are never written: an
# unpublished article has no address on the public site. Editors see it in the desk's preview.
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "chuyen-muc/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "the/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
UNIT_URL = "don-vi/{slug}/"
UNIT_SAVE_AS = UNIT_URL + "index.html"
UNITS_URL = "don-vi/"
UNITS_SAVE_AS = UNITS_URL + "index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "unit": None, "period_archives": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)

READERS = {"rst": None}  # Markdown only; no docutils warning about Vietnamese
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}},
    "output_format": "html5",
}
TYPOGRIFY = False  # see CONTENT_MODEL: typogrify is on, applied once per article version
SUMMARY_MAX_LENGTH = 40
JINJA_FILTERS = FILTERS
# Each build makes its own Jinja environment (./dev livereload's too) and a template change starts
# a full build: Jinja need not stat a template file again each time a page extends or imports it
# (half a second of a 10,000-article build). Pelican adds its defaults to the other keys.
# Autoescape: every field is text wherever it is printed; the theme marks safe only HTML that the
# content model has sanitised (bodies, summaries) and the charts the roundup draws.
JINJA_ENVIRONMENT = {"auto_reload": False, "autoescape": True}

FEED_DOMAIN = SITE_ORIGIN
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 30

SEARCH_URL = "tim-kiem/"
TEMPLATE_PAGES = {
    "404.html": "404.html",
    "robots.txt": "robots.txt",
    "sitemap.xml": "sitemap.xml",
    "search.html": SEARCH_URL + "index.html",
}
ROUNDUP = {"url": "thong-ke/", "readership": "var/readership.json"}
ROUNDUP_URL = ROUNDUP["url"]
SEARCH = {"index_dir": "var/search-index", "processes": 2}
IMAGES = {"widths": (480, 960, 1600), "cards": True}
IMAGES_CARDS = IMAGES["cards"]
# Typogrify stays on for bodies; titles keep plain spaces so <title>, feeds and cards stay clean.
TYPOGRIFY_OMIT_FILTERS = ["widont"]

MENU_CATEGORIES = True
READER_API = "/api"  # where pages find the reader endpoint
