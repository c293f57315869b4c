"""Moving off an old portal: read its article pages (NukeViet 4, Plone 5/6) and write them as articles.

`./dev import-pages SOURCE...` runs `importer.run.import_pages`; each module holds one step:
sources (what to read), fetch and progress (polite HTTP with a cache, and its progress line),
addresses (where a saved page came from), layouts (which system made a page) with nukeviet and plone
(their fields, into a page.LegacyPage), legacy_dates (the date lines they print), closing (author
and source lines), chrome (what of the portal never comes across), markdown (the body as Markdown),
images, mapping (old categories and units to the registry), articles (the files written,
idempotently), counters (seeds for the endpoint) and report (what happened to each page).
"""
