"""Build-time site generation: rules bundle -> Markdown pages (pages.py, pure) and MkDocs hooks.

Nothing here is imported by the engine; the browser never loads it.
"""
