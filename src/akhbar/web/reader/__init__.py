"""The right-to-left Urdu reader: server-rendered pages, charts and feeds on the store."""
