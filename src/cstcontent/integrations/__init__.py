"""Integrations with the tools users already work in: Django (and Wagtail) and MkDocs.

Each lives behind its own extra (``cstcontent[django]``, ``cstcontent[mkdocs]``)
and uses only cstcontent's public API.
"""
