"""The Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig


class CstContentConfig(AppConfig):
    """cstcontent's template tags and guide view."""

    name = "cstcontent.integrations.django"
    label = "cstcontent"
    verbose_name = "cstcontent condition guides"
