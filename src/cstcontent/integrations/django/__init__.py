"""Django integration: add ``"cstcontent.integrations.django"`` to ``INSTALLED_APPS``.

Then ``{% load cstcontent %}`` gives the template tags ``{% cst_guide guide %}``
(the guide as an embeddable fragment) and ``{% cst_jsonld guide %}`` (its
schema.org graph in a ``<script>``), and `views.GuideView` serves a guide by
slug from the folder named by the ``CSTCONTENT_GUIDES_DIR`` setting. Both put
the request's CSP nonce on every ``<style>`` and ``<script>`` they write when
one is set (``csp_nonce`` in the template context, or ``request.csp_nonce`` as
django-csp sets it).
"""
