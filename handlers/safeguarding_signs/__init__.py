"""Signs that a child may be at risk of harm, in ordinary staff phrasing, organised by the
categories of Keeping Children Safe in Education. See `classifier.assess`."""

from handlers.safeguarding_signs.classifier import CATEGORY_LABELS, Signs, assess
from handlers.safeguarding_signs.pattern import Certainty

__all__ = ["CATEGORY_LABELS", "Certainty", "Signs", "assess"]
