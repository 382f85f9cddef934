"""What a message is for. Safeguarding language wins over every other intent."""

from __future__ import annotations

import re
from enum import StrEnum

from handlers.conversation.text import fold
from handlers.safeguarding_signs import Signs


class Intent(StrEnum):
    SAFEGUARDING = "safeguarding"
    LOG_CONCERN = "log_concern"
    LOG_SESSION = "log_session"
    REQUEST_ADVICE = "request_advice"
    HELP = "help"
    MY_ENTRIES = "my_entries"  # "what have I logged this week"
    GROUP_MEMBERS = "group_members"  # "who is in my Toe by Toe group"
    PUPIL_RECORD = "pupil_record"  # "show me Ravi's record"
    CANCEL = "cancel"
    CONFIRM = "confirm"
    DENY = "deny"
    UNKNOWN = "unknown"


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Words that suggested safeguarding before the classifier (handlers.safeguarding_signs); they
# now count as *possible* signs only, so nothing they caught is ever filed silently.
SAFEGUARDING = _any(
    r"\bsafeguard", r"\bdisclos", r"\bself[- ]?harm", r"\bharm(ed|ing)? (him|her|them)sel",
    r"\bhurt(s|ing)? (him|her|them)sel", r"\bcut(s|ting)? (him|her|them)sel",
    r"\bcuts? on (his|her|their) (arm|wrist|leg)", r"\bsuicid", r"\bkill (him|her|them)sel",
    r"\bwants? to die\b", r"\bdon'?t want to (be alive|live)", r"\babus", r"\bneglect",
    r"\bbruis", r"\bmarks? on (his|her|their)", r"\binjur", r"\bburns? on\b", r"\bslapp?ed\b",
    r"\b(mum|dad|mummy|daddy|uncle|aunt|auntie|brother|sister|step ?dad|step ?mum|"
    r"boyfriend|grandad|nan|carer|someone at home)('s)? (hit|hits|hurt|hurts|kick|kicks|"
    r"punch|punches|touch|touches|touched|beat|beats|smack|smacks|smacked|locks|locked)\b",
    r"\b(hit|hits|hurt|hurts|kicked|punched|touched|beaten|smacked) (him|her|them|me) at home",
    r"\bat home\b.*\b(hit|hurt|kick|punch|smack|touch)", r"\bscared to go home",
    r"\bafraid to go home", r"\bnot safe at home", r"\b(inappropriate|sexual)(ly)? touch",
    r"\btouched (him|her|them) (inappropriately|down there)", r"\bfgm\b", r"\bgroom",
    r"\bno food at home", r"\bnothing to eat at home", r"\balways (really )?hungry",
    r"\bcomes? in hungry", r"\bhasn'?t eaten", r"\bunwashed", r"\bsame dirty clothes",
    r"\bsmells? of (smoke|alcohol|urine)", r"\bdomestic (violence|abuse)", r"\bdv\b",
    r"\bsexual", r"\bexploit", r"\bcounty lines", r"\bradicali", r"\bharm\b",
    r"\b(wish|wishes|wished|want|wants|wanted) (she|he|they|i) (was|were|wasn'?t|weren'?t) (dead|alive|here|born)",
    r"\b(wants?|wanted) to (die|be dead|disappear)", r"\bbetter off dead", r"\bend (it|(his|her|their|my) life)",
    r"\bblack eye", r"\b(doesn'?t|does not|don'?t|do not|didn'?t) feel safe", r"\bnot safe\b", r"\bunsafe at home",
    r"\bflinch", r"\bnot allowed (any |to have )?(food|dinner|tea|breakfast|lunch|to eat)",
    r"\b(always|constantly|often|really|very) (seems |looks |is |comes in |says (he'?s|she'?s|they'?re) )?(hungry|starving)",
    r"\b(no|without) (any )?(breakfast|food|dinner|tea)\b.*\b(again|always|every)", r"\bhasn'?t been (washed|fed|changed)",
    r"\bnot been (washed|fed|changed)", r"\b(isn'?t|is not|aren'?t|wasn'?t|not) allowed (any |to have |to eat )?(food|dinner|tea|breakfast|lunch|to eat)", r"\b(met|talking to|talks to|chatting to) (someone|a man|an? (older )?(boy|girl|man|adult|stranger)) online",
    r"\b(send|sent|sending) (him |her |them )?(photos?|pictures?|pics?|images?|nudes?) of (her|him|them)sel",
    r"\bphotos? of (her|him|them)self", r"\bnudes?\b", r"\bbelt\b", r"\bstrangl", r"\bchok(ed|ing) (him|her|them)",
    r"\blocked (him|her|them) (in|out)", r"\bleft (home )?alone (at home|overnight|all night)", r"\bno one (was )?(at home|home)\b",
    r"\bcarer'?s? (hit|hurt)", r"\bwalked into a door", r"\bmarks? (on|around) (his|her|their) (neck|arm|arms|legs?|face|back)",
    r"\b(hit|hits|hitting|punched|kicked|slapped|smacked|beat|beaten|hurt) (him|her|them|me) (with|at home|when|because)",
    r"\bcut(s|ting)? on (his|her|their)\b", r"\bscratch(es|ing) (his|her|their) (arms?|wrists?|legs?)",
    r"\bscared of (his|her|their) (dad|mum|step|uncle|mum'?s|dad'?s|brother|carer)",
    r"\bkeep (it|this|them) (a )?secret", r"\bmet (him |her |them |someone |a \w+ )?online",
    r"\bonline\b.*\b(photos?|pictures?|pics|selfies?|meet up|secret)", r"\basking (her|him|them) for (photos?|pictures?|pics)", r"\b(asked|asks|asking|told|tells) (her|him|them) to send\b",
    r"\bdrunk\b", r"\b(smelled|smelt|smells) of (alcohol|drink|weed|cannabis)", r"\b(high|off (his|her) face) (at|on) (pick ?up|drop ?off)",
    r"\b(scream|screaming|shout|shouting|yell|yelling|fight|fighting|hit|hitting) at each other",
    r"\b(parents|mum and dad|mum and her boyfriend|dad and his girlfriend) (fight|are fighting|were fighting|argue|scream|hit)",
    r"\bhides? in (the|his|her|a) (wardrobe|cupboard|cupboards)", r"\bpolice (came|were called|at (the|their) house)",
)  # fmt: skip

HELP = _any(
    r"^\s*(help|\?|h|hi|hello|hey)\s*[!?.]*$", r"\bwhat can you do\b", r"\bwhat do you do\b",
    r"\bhow (do i|to) use (you|this|the bot)\b", r"\bhow does (this|it) work", r"\bhow to use\b",
    r"^\s*(commands|menu|options)\s*[?!.]*$", r"\bwhat (sort of |kind of )?things can i\b",
    r"\bwhat can i (tell|ask|say|log|do)\b", r"\bhelp me use\b",
    r"\bwhat can (this|the|you) ?(bot|thing|app)?( actually| really)? do\b",
    r"\bhow (do|can|should) i (log|record|raise|add|use|cancel|undo|change|edit|delete|correct)\b"
    r"( (a|an|the|my))?( [\w-]+){0,3}? ?(session|concern|request|question|bot|this|it|record|entry|mistake)?"
    r"( (on|in|with|using) (here|this|the bot|slack|teams|you))?\s*[?.!]*$",
)  # fmt: skip
MY_ENTRIES = _any(
    r"\bwhat (have|did) i (just )?(log|logged|record|recorded|raise|raised|submit|submitted|enter|entered)",
    r"\bwhat (concerns|sessions|requests|entries|questions) (have|did) i\b",
    r"\bmy (concerns|sessions|entries|logs|requests|questions)\b", r"\bshow (me )?(all )?my\b",
    r"\bwhat i('ve| have)? (logged|recorded|raised)\b", r"\bhave i logged\b",
    r"\b(list|show) (of )?(what|everything) i\b",
    r"\b(everything|all|what) i('ve| have)? (put in|logged|entered|recorded|added|done)\b",
)  # fmt: skip
GROUP_MEMBERS = _any(
    r"\bwho('s| is| are)? (is |are )?(in|on) (my|the)\b.*\b(group|list)", r"\bwho('s| is| are) in\b",
    r"\bwho do i have (for|in)\b", r"\bmembers of (my|the)\b", r"\blist (my|the|all)\b.*\b(kids|children|pupils|group|members)\b",
    r"\bwhich (pupils|children|kids) (are|do i have) (in|on|for)\b", r"\bwho (goes|go|attends|comes) to\b",
    r"\bwho am i (seeing|working with|doing)\b",
)  # fmt: skip
PUPIL_RECORD = _any(
    r"\b(show|open|see|view|get|pull up|bring up|look at|display|find)\b.*\b(record|profile|chronology|history|file|timeline)\b",
    r"\b(record|profile|chronology|timeline) (for|of)\b", r"\bwhat do we (know|have) (about|on)\b",
    r"\bwhat'?s on (file|record) (for|about)\b", r"\bshow (me )?(everything|all) (on|about|for|we have)\b", r"\b(record|profile|chronology)( pls| please)?\s*[?.!]*$",
)  # fmt: skip
EXPLICIT_ADVICE = _any(
    r"\badvi[cs]", r"\b(any )?thoughts\s*\?", r"\bnot sure (how|what|whether|if) (to|i|we)\b", r"\bask (the )?(sendco|senco|inclusion)", r"\bquestion (for|about) (the )?(sendco|senco|you)",
    r"\b(any|some) (ideas|tips|suggestions|recommendations|strategies)\b",
    # Asking to be contacted is a request to the SENDCO, whatever it is about.
    r"\b(ring|call|phone|email|e-mail|text|message|contact) me( back)?\b", r"\bget back to me\b",
    r"\bgive me a (call|ring|bell|buzz|shout)\b",
    r"\b(can|could) (i|we) (grab|catch|see) (you|the sendco|the senco)\b",
    r"\b(can|could) (i|we) (have|get) a (quick )?(word|chat|catch ?up)\b",
    r"\bwhen you (get|have) a (minute|moment|sec|second|chance)\b",
)  # fmt: skip
ADVICE = _any(
    r"\b(ideas|tips|suggestions?|recommendations?|strategies) (for|on|about|to)\b", r"^(ideas|tips|suggestions)\b",
    r"\bwhat (should|shd|can|could|would|do) (i|we)\b", r"\bhow (should|can|could|do|would) (i|we)\b",
    r"\b(could|can|would) (you|the sendco|someone|somebody) (suggest|recommend|help|come|observe|pop in|look)",
    r"\brecommend", r"\bquestion (for|about)\b", r"\bneed (some )?(help|support|guidance) (with|on|for)\b",
    r"\bguidance\b", r"\bis it worth\b", r"\bshould (i|we) (refer|try|use|be|ask|tell|get)\b", r"\bwhat do you think\b",
    r"\bwho (do|should) i (speak|talk) to\b", r"\bbest way\b", r"\bwhat'?s the (process|procedure|best)\b",
    r"\bhow (does|do) (the|an?|we)\b.*\b(process|referral|application|work)\b", r"\bwhere can i (find|get)\b",
    r"\b(would|could|might) (a |an |the )?[\w -]{1,30} (help|suit|work|benefit)\b", r"\bis there (a|an|any)\b",
    r"\bcan (he|she|they|we|i) (have|get|use|try)\b", r"\bwho'?s the best person\b", r"\bdo you have any\b",
    r"\bwhen (is|will|should)\b.*\?", r"\bcan we (talk|chat|meet|discuss)\b",
)  # fmt: skip
SESSION = _any(
    r"\bses+s?ions?\b", r"\bsesh\b",
    r"\b(did|done|ran|run|had|delivered|completed|finished|worked on|practised|practiced) (a |an |the |our |my |some )?"
    r"(\d+ ?(mins?|minutes?) )?(session|group|intervention|toe|precision|lego|talk|elsa|zones|"
    r"sensory|numicon|nessy|plus|power|socially|attention|touch|social stories|fine motor|"
    r"speech|salt|phonics|nurture|rwi|read write|1-1|1:1|one to one)",
    r"\b(attended|absent|present|off sick|was off)\b", r"^\s*\d+ ?(mins?|minutes?|m|hrs?|hours?)\b",
    r"\blog(ged)? (a |the )?session\b", r"\b1[-:]1\b", r"\bone to one\b",
    r"\b(worked|sat|went through|read) with\b.*\b\d+ ?(mins?|minutes?|hrs?|hours?)\b",
)  # fmt: skip
CONCERN = _any(
    r"\bworr(y|ied|ying)", r"\bwored\b", r"\bworreid\b", r"\bconcern", r"\bstruggl", r"\bnotic(ed|ing)",
    r"\bfind(s|ing)? it (hard|difficult|tricky)", r"\bfound it (hard|difficult|tricky)",
    r"\b(can'?t|cannot|won'?t|doesn'?t|does not|isn'?t|is not|hasn'?t|wasn'?t|wouldn'?t|couldn'?t|refus)",
    r"\bnot (following|coping|engaging|speaking|talking|reading|writing|settling|listening|making|able)",
    r"\bdifficult", r"\bproblem", r"\bissue", r"\bbehind\b", r"\bflag", r"\braise a\b", r"\bkeeps?\b",
    r"\b(really|very|so|quite) (low|upset|anxious|quiet|withdrawn|tired|unsettled|tearful|cross|angry)",
    r"\bseems?\b", r"\bstill (only|not|can)", r"\bgot (a lot )?worse\b", r"\bdeteriorat", r"\bdipped\b",
)  # fmt: skip
# Words that tie a question to SEND work; without one, a question is not for this bot.
SEND_WORDS = re.compile(
    r"\b(sen|send|sendco|senco|ehcp|ehc|lsp|iep|pep|apdr|salt|ot|ep|camhs|referral|refer|"
    r"intervention|provision|review|annual review|assessment|diagnosis|dyslexi|autis|adhd|"
    r"support plan|pupil passport|access arrangements|extra time|sats|transition)\b"
)

CANCEL = re.compile(
    r"^\s*(cancel|stop|abort|quit|exit|forget it|forget that|never ?mind|nvm|start again|"
    r"start over|scrap (it|that)|ignore (that|it|me)|don'?t (save|log) (it|that)|bin (it|that)|"
    r"cancel (it|that|this))\b[\s,.!]*"
    r"((please|pls|thanks|sorry|don'?t (save|log) (it|that)|i'?ll do it later|not now)[\s,.!]*)*$"
)
_YES = (
    r"(y|yes|yeah|yea|yep|yup|ok|okay|k|sure|correct|confirm|confirmed|save|save it|spot on|"
    r"perfect|great|lovely|go ahead|do it|right|send|send it|send that|submit|submit it|log it|"
    r"log that|go for it|go on|go|fine|all good|brilliant|cheers|yes please|please do|"
    r"sounds (good|great|fine|right|perfect)|that'?s (fine|good|great|ok|okay|perfect)|"
    r"that is (right|correct|fine)|👍|✅|👌|✔️|✔|🙂|😀)"
)
_YES_TAIL = (
    r"(please|pls|thanks|thank you|ta|that'?s (right|correct|it|fine|great)|all (good|correct)|"
    r"looks (good|right|fine)|save( it)?|go ahead|log it|send( it)?|correct|right|yes|perfect|"
    r"that'?s the (right|correct) (one|pupil|child|group)|the right one|then|now|thank u|thx|"
    r"sounds (good|great|fine|right)|👍|👌|✅)"
)
CONFIRM = re.compile(
    rf"^\s*({_YES}|that'?s (right|correct|it)|looks (good|right))"
    rf"([\s,.!]*({_YES_TAIL}|{_YES}))*[\s,.!👍👌✅]*$"  # "yes go on", "ok, save it please"
)
DENY = re.compile(
    r"^\s*(n|no|nope|nah|wrong|incorrect|not quite|not right)"
    r"([\s,.!]*(that'?s (wrong|not right|incorrect)|not (that|quite|right)( one)?|wrong( one)?|sorry|"
    r"not (him|her|them|that (one|pupil|child|group))|the other one|different (one|pupil|child)))*[\s,.!]*$"
)


def classify(
    message: str,
    *,
    mentions_programme: bool,
    mentions_duration: bool,
    mentions_pupil: bool = False,
    mentions_area: bool = False,
    signs: Signs | None = None,
) -> Intent:
    """The intent of one message. `mentions_*` come from the extractors; `signs` from the
    safeguarding classifier (a clear sign wins over everything)."""
    text = fold(message).strip()
    if not text:
        return Intent.UNKNOWN
    if signs is not None and signs.certainty is not None:
        return Intent.SAFEGUARDING  # clear: to the DSL; possible: the bot asks first
    for pattern, intent in (
        (CANCEL, Intent.CANCEL),
        (CONFIRM, Intent.CONFIRM),
        (DENY, Intent.DENY),
    ):
        if pattern.search(text):
            return intent
    if GROUP_MEMBERS.search(text):
        return Intent.GROUP_MEMBERS
    if MY_ENTRIES.search(text):
        return Intent.MY_ENTRIES
    if PUPIL_RECORD.search(text):
        return Intent.PUPIL_RECORD
    if HELP.search(text) and not mentions_pupil:
        return Intent.HELP
    send_signal = (
        mentions_pupil or mentions_area or mentions_programme or bool(SEND_WORDS.search(text))
    )
    if EXPLICIT_ADVICE.search(text):
        return Intent.REQUEST_ADVICE
    if ADVICE.search(text) or _asks_a_question(text):
        if mentions_duration and mentions_programme:
            return Intent.LOG_SESSION
        return Intent.REQUEST_ADVICE if send_signal else Intent.UNKNOWN
    concern_words = CONCERN.search(text) is not None
    session_words = SESSION.search(text) is not None
    if session_words and (mentions_duration or not concern_words):
        return Intent.LOG_SESSION
    # "Louis is in Plus One but still counting on his fingers" is about a need, not a session.
    if mentions_programme and (mentions_duration or not (concern_words or mentions_area)):
        return Intent.LOG_SESSION
    if mentions_duration and mentions_pupil and not (concern_words or mentions_area):
        return Intent.LOG_SESSION
    if CONCERN.search(text) and (send_signal or re.search(r"\b(worr|concern)", text)):
        return Intent.LOG_CONCERN
    if mentions_pupil or mentions_area:
        return Intent.LOG_CONCERN
    return Intent.UNKNOWN


_INTERROGATIVE = re.compile(
    r"^(what|whats|what's|how|why|when|where|who|whos|who's|which|should|shall|could|can|would|"
    r"will|is|are|do|does|did|any|anyone|has|have|might|may|am)\b"
)


def _asks_a_question(text: str) -> bool:
    """A sentence ending in "?" that opens like a question ("Possible dyslexia?" does not)."""
    for sentence in re.split(r"(?<=[.!?;])\s+|\n|\s[-–—]\s|,\s", text):
        sentence = sentence.strip(" -–—,;:'\"").lstrip("([")
        if sentence.endswith("?") and _INTERROGATIVE.search(
            re.sub(r"^(hi|hello|hey|so|and|but|also|sorry|um|erm)\b[, ]*", "", sentence)
        ):
            return True
    return False
