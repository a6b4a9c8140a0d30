"""schema.org health aspects of guide sections: an explicit choice, or a default from the heading.

Light enough for the model to use when it validates a section's aspect: it
imports nothing of the model at run time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import GuideValueError

if TYPE_CHECKING:
    from ..model import Section

__all__ = ["DEFAULT_ASPECT", "HEALTH_ASPECTS", "check_aspect", "default_aspect", "section_aspect"]

#: Every value of schema.org's ``HealthAspectEnumeration`` (release 30.0).
HEALTH_ASPECTS: tuple[str, ...] = (
    "AllergiesHealthAspect", "BenefitsHealthAspect", "CausesHealthAspect", "ContagiousnessHealthAspect",
    "EffectivenessHealthAspect", "GettingAccessHealthAspect", "HowItWorksHealthAspect",
    "HowOrWhereHealthAspect", "IngredientsHealthAspect", "LivingWithHealthAspect", "MayTreatHealthAspect",
    "MisconceptionsHealthAspect", "OverviewHealthAspect", "PatientExperienceHealthAspect",
    "PregnancyHealthAspect", "PreventionHealthAspect", "PrognosisHealthAspect", "RelatedTopicsHealthAspect",
    "RisksOrComplicationsHealthAspect", "SafetyHealthAspect", "ScreeningHealthAspect",
    "SeeDoctorHealthAspect", "SelfCareHealthAspect", "SideEffectsHealthAspect", "StagesHealthAspect",
    "SymptomsHealthAspect", "TreatmentsHealthAspect", "TypesHealthAspect", "UsageOrScheduleHealthAspect",
)  # fmt: skip

#: The aspect of a section whose heading matches none of `_RULES`.
DEFAULT_ASPECT = "OverviewHealthAspect"

# First match wins, so the more specific wordings come first.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), aspect)
    for pattern, aspect in (
        (r"\b(doctor|gp|urgent|emergency|get help|medical help)\b", "SeeDoctorHealthAspect"),
        (r"\bside[- ]effects?\b", "SideEffectsHealthAspect"),
        (r"\b(safe|safety|risks?)\b", "SafetyHealthAspect"),
        (r"\b(evidence|research|studies|effective(ness)?|does it work)\b", "EffectivenessHealthAspect"),
        (r"\bhow\b.*\b(works?|helps?)\b", "HowItWorksHealthAspect"),
        (r"\b(expect|sessions?|appointments?)\b", "PatientExperienceHealthAspect"),
        (r"\b(looking after|self[- ]care|self[- ]help|coping|at home)\b", "SelfCareHealthAspect"),
        (r"\bsymptoms?\b", "SymptomsHealthAspect"),
        (r"\bcauses?\b", "CausesHealthAspect"),
        (r"\b(prevent|prevention)\b", "PreventionHealthAspect"),
        (r"\btreatments?\b", "TreatmentsHealthAspect"),
    )
)


def check_aspect(name: str) -> str:
    """Return `name` if it is a schema.org health aspect, else raise `GuideValueError` with a suggestion."""
    if name in HEALTH_ASPECTS:
        return name
    import difflib

    close = difflib.get_close_matches(name, HEALTH_ASPECTS, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise GuideValueError(
        f"{name!r} is not a schema.org health aspect; {hint}use one of: {', '.join(HEALTH_ASPECTS)}",
        field="health_aspect",
    )


def default_aspect(heading: str) -> str:
    """Return the aspect a section titled `heading` most likely covers.

    ``"What the evidence says"`` gives ``EffectivenessHealthAspect``; a heading
    that matches no rule gives `DEFAULT_ASPECT`.
    """
    text = " ".join(heading.casefold().split())
    return next((aspect for pattern, aspect in _RULES if pattern.search(text)), DEFAULT_ASPECT)


def section_aspect(section: Section, explicit: str | None = None) -> str:
    """Return the health aspect of `section`: `explicit` if given (and valid), else its heading's default."""
    return check_aspect(explicit) if explicit is not None else default_aspect(section.heading)
