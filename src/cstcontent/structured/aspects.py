"""schema.org health aspects of guide sections: the section's own, or a default from its heading.

The names themselves, and their validation, live with the model
(`cstcontent.model.HEALTH_ASPECTS`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Section

__all__ = ["DEFAULT_ASPECT", "default_aspect", "section_aspect"]

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


def default_aspect(heading: str) -> str:
    """Return the aspect a section titled `heading` most likely covers.

    ``"What the evidence says"`` gives ``EffectivenessHealthAspect``; a heading
    that matches no rule gives `DEFAULT_ASPECT`.
    """
    text = " ".join(heading.casefold().split())
    return next((aspect for pattern, aspect in _RULES if pattern.search(text)), DEFAULT_ASPECT)


def section_aspect(section: Section) -> str:
    """Return the health aspect of `section`: its own (validated by the model), else its heading's default."""
    return section.health_aspect or default_aspect(section.heading)
