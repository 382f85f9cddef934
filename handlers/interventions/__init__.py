"""Intervention groups: set-up and membership (SENDCO), entry/exit scores (SENDCO or lead),
the groups a member of staff leads, one group in full, and its impact.

Sessions are logged through handlers.sessions; the impact arithmetic is in handlers.impact.
"""

from handlers.interventions.common import current_members
from handlers.interventions.forms import (
    intervention_form,
    members_form,
    remove_member_form,
    scores_form,
)
from handlers.interventions.impact_report import (
    InterventionImpact,
    MemberImpactRow,
    impact_for,
    intervention_impact,
)
from handlers.interventions.inputs import (
    InterventionInput,
    MembersInput,
    RemoveMemberInput,
    ScoreInput,
    ScoreStage,
    score_problem,
)
from handlers.interventions.scores import record_scores
from handlers.interventions.setup import add_members, create_intervention, remove_member
from handlers.interventions.views import (
    GroupView,
    MemberView,
    get_intervention,
    group_view,
    groups_for,
    list_my_groups,
)

__all__ = [
    "GroupView",
    "InterventionImpact",
    "InterventionInput",
    "MemberImpactRow",
    "MemberView",
    "MembersInput",
    "RemoveMemberInput",
    "ScoreInput",
    "ScoreStage",
    "add_members",
    "create_intervention",
    "current_members",
    "get_intervention",
    "group_view",
    "groups_for",
    "impact_for",
    "intervention_form",
    "intervention_impact",
    "list_my_groups",
    "may_manage",
    "may_read_impact",
    "may_record_scores",
    "may_view",
    "members_form",
    "record_scores",
    "remove_member",
    "remove_member_form",
    "score_problem",
    "scores_form",
]
