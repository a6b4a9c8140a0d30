"""schema.org structured data: a guide's JSON-LD graph, health aspects, and an offline validator.

Nothing here is imported by ``import cstcontent``; the ``jsonld`` exporter and
the ``validate-jsonld`` command import what they use, and the schema.org
vocabulary subset is read on the first validation.
"""
