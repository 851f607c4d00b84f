"""Every way Urdu news arrives, turned into ``Item``s (stored once by the store).

Public entry points (import them from their modules; this package imports nothing, so
that using one parser does not load the HTTP client or trafilatura):

- ``identity.item_uid(guid, url, text)``, ``identity.make_item(source, ...)``: identity
  and the one adapter onto ``Item``
- ``feeds.parse_feed(data, source, url=...)``: RSS 2.0, RSS 1.0, Atom
- ``web.extract_page(html, url, source)``: a web page's article (trafilatura)
- ``pages.parse_text_page(text, source)``: copied text pages with headline lists
- ``social.parse_telegram / parse_tweets / parse_jsonl / parse_csv``: social exports
- ``opml.parse_opml / write_opml``: feed lists
- ``fetch.Fetcher``: the one HTTP client (limits, robots.txt, address guard)
- ``run.ingest_paths(store, targets, options)``, ``run.run_poller(...)``: orchestration
"""
