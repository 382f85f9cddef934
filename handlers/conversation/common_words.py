"""Everyday words that are never taken for an unknown pupil's name, and names that are
also words ("Grace", "Will") which count as names only with a hint: a capital letter, a
lead-in such as "with" or "about", or a surname or class right after."""

from __future__ import annotations

COMMON = frozenset(
    """
    a about above after again against all almost also am an and any anyone anything are
    around as ask asked asking at away back bad be because been before being below best
    better between both but by came can cannot cant could couldnt day days did didnt do does
    doesnt doing done dont down during each early easy either else end enough even ever
    every everyone everything few find first for found from full get gets getting give given
    go goes going gone good got great had has have having he her here hers him himself his
    how however i if im in into is isnt it its itself ive just keep kept kind know last
    later least less let like little lot lots made make many maybe me might more morning
    most much must my myself need needs never new next nice no none nor not nothing now of
    off often ok okay old on once one only or other others our out over own part per please
    quite rather really right said same saw say says see seem seems seen she should show
    since so some someone something sometimes soon still such sure take taken than thank
    thanks that the their them themselves then there these they thing things think this
    those though thought through time times to today together told too took tried try trying
    twice two under until up upon us used very want wanted was wasnt way we week weeks well
    went were what when where whether which while who whole why will with within without
    wont work worked working would yes yesterday yet you your yours afternoon lunch
    lunchtime break playtime class classroom group groups session sessions lesson lessons
    school home mum dad parent parents carer teacher ta sendco senco head pupil pupils child
    children boy girl kids kid student students year reception nursery worried worry concern
    concerned concerns struggling struggles struggle noticed notice again help support
    advice question mins minutes min hour hours hr hrs half quarter monday tuesday wednesday
    thursday friday saturday sunday mon tue tues wed thu thurs fri january february march
    april may june july august september october november december logged log did had ran
    run today tomorrow yesterday please thanks hi hello hey morning sat sits sitting stood
    walked talk talking reading writing maths phonics spelling plus toe by lego elsa zones
    numicon nessy talk boost precision teaching power socially speaking attention autism
    sensory circuit fine motor touch typing social stories salt speech language therapy
    intervention interventions programme programmes mr mrs ms miss dr sir
    mine id hes shes theyre thats whats youre weve wed ill lets wont arent wasnt werent
    """.split()
)

# First names that are also ordinary words.
WORDLIKE_NAMES = frozenset(
    """
    grace ruby daisy poppy ivy willow precious jack will may hope faith joy rose summer
    autumn sky river rain bill mark sunny honey jade amber holly pearl dawn april june
    august harper hunter mason angel star destiny max
    """.split()
)

# Words before a name in staff messages.
NAME_LEAD_INS = frozenset(
    {"with", "about", "for", "and", "&", "re", "regarding", "saw", "see", "w", "wi", "plus"}
)
