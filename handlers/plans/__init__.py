"""Plans and reviews: SEN support plans, EHCPs, Health Care Plans, PEPs and their reviews.

Import from the modules: `create` (SEN support plans, Health Care Plans, PEPs), `ehcp`,
`reviews` (meetings, outcomes, milestones), `forms`, `inputs`, `schedule` (when reviews fall)
and `writing`. This file stays empty so `handlers.register` can use `schedule` without an
import cycle.
"""
