"""What readers see: the corrections log, fact checks, story pages, feeds, sitemap
and JSON. Read-only; every query starts from ``Correction.objects.published()``,
``Claim.objects.published()`` or the ``public()`` outlets, stories and articles.

    views.py            the pages, as plain function views over those querysets
    filters.py          the log's filters (django-filter) and the bounded parameters
    caching.py          the public state, conditional GET and the page cache
    fragments.py        published corrections' and fact checks' markup and share
                        cards, kept by id and version
    feeds.py            RSS, Atom (Django's syndication framework) and JSON Feed
    cards.py            share cards: what each says, drawn as a PNG with Pillow
    sitemaps.py         the sitemap (Django's sitemaps framework)
    structured_data.py  schema.org JSON-LD, pure functions
    urls.py             the addresses
"""
