"""What a message is for. Safeguarding language wins over every other intent."""

from __future__ import annotations

import re
from enum import StrEnum

from handlers.conversation.text import fold


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
)  # fmt: skip

HELP = _any(
    r"^\s*(help|\?|h)\s*[!?.]*$",
    r"\bwhat can you do\b",
    r"\bhow do i\b",
    r"\bhow does this work",
    r"^\s*(commands|menu|options)\s*$",
    r"\bwhat do you do\b",
    r"\bhow to use\b",
)
MY_ENTRIES = _any(
    r"\bwhat (have|did) i (log|logged|record|recorded|raise|raised|submit)",
    r"\bmy (concerns|sessions|entries|logs|requests)\b",
    r"\bshow (me )?my\b",
    r"\bwhat i('ve| have)? logged\b",
    r"\bhave i logged\b",
)
GROUP_MEMBERS = _any(
    r"\bwho('s| is| are)? (is |are )?in (my|the)\b.*\bgroup",
    r"\bwho do i have (for|in)\b",
    r"\bmembers of (my|the)\b",
    r"\bwho('s| is) on (my|the)\b.*\b(list|group)",
    r"\bwhich (pupils|children|kids) (are|do i have) in\b",
)
PUPIL_RECORD = _any(
    r"\b(show|open|see|view|get)( me)? \w+('s|s)? (record|profile|chronology|history|file)\b",
    r"\b(record|profile|chronology) (for|of)\b",
    r"\bwhat do we know about\b",
)
ADVICE = _any(
    r"\badvi[cs]e", r"\bask (the )?(sendco|senco|senco|inclusion)", r"\bany (ideas|tips|suggestions)",
    r"\bwhat (should|can|could|would) (i|we)\b", r"\bhow (should|can|could|do) (i|we)\b",
    r"\bcould (you|the sendco|someone) (suggest|recommend|help|come|observe|pop in)",
    r"\bcan (you|the sendco|someone) (suggest|recommend|help|come|observe|pop in)",
    r"\bsuggestions?\b", r"\brecommend", r"\bquestion for\b", r"\bneed (some )?(help|support|guidance) (with|on|for)\b",
    r"\bguidance\b", r"\bis it worth\b", r"\bshould i (refer|try|use|be)\b", r"\bwhat do you think\b",
    r"\bstrateg(y|ies)\b.*\?", r"\bwould (it|you)\b.*\?", r"\bdo you (think|know)\b",
    r"\bwho (do|should) i (speak|talk) to\b",
)  # fmt: skip
SESSION = _any(
    r"\bsession\b",
    r"\b(did|done|ran|had|delivered|completed|finished) (a |an |the |our |my )?"
    r"(\d+ ?(mins?|minutes?) )?(session|group|intervention|toe|precision|lego|talk|elsa|zones|"
    r"sensory|numicon|nessy|plus|power|socially|attention|touch|social stories|fine motor|"
    r"speech|salt|phonics|nurture|rwi|read write)",
    r"\b(attended|absent|present)\b",
    r"^\s*\d+ ?(mins?|minutes?|m|hrs?|hours?)\b",
    r"\blog(ged)? (a |the )?session\b",
)
CONCERN = _any(
    r"\bworr(y|ied|ying)", r"\bconcern", r"\bstruggl", r"\bnotic(ed|ing)", r"\bfind(s|ing)? it (hard|difficult)",
    r"\bfound it (hard|difficult)", r"\b(is|isn'?t|is not|can'?t|cannot|won'?t|doesn'?t|does not|keeps?|"
    r"has been|hasn'?t|seems?|seemed)\b", r"\bnot (following|coping|engaging|speaking|talking|reading|"
    r"writing|settling|listening|making progress)", r"\bdifficult", r"\bproblem", r"\bissue",
    r"\bbehind\b", r"\bupset\b", r"\bcrying\b", r"\bmeltdown", r"\bflag",
)  # fmt: skip

CANCEL = re.compile(
    r"^\s*(cancel|stop|abort|quit|forget it|never ?mind|nvm|start again|exit)\s*[.!]*\s*$"
)
CONFIRM = re.compile(
    r"^\s*(y|yes|yeah|yep|yup|ok|okay|sure|correct|confirm|save|save it|that'?s right|"
    r"looks good|go ahead|do it|right|perfect|great)\s*[.!👍]*\s*$"
)
DENY = re.compile(r"^\s*(n|no|nope|nah|wrong|not quite|incorrect)\s*[.!]*\s*$")


def classify(
    message: str,
    *,
    mentions_programme: bool,
    mentions_duration: bool,
    mentions_pupil: bool = False,
    mentions_area: bool = False,
) -> Intent:
    """The intent of one message. `mentions_*` come from the extractors."""
    text = fold(message)
    if not text.strip():
        return Intent.UNKNOWN
    if SAFEGUARDING.search(text):
        return Intent.SAFEGUARDING
    for pattern, intent in (
        (CANCEL, Intent.CANCEL),
        (CONFIRM, Intent.CONFIRM),
        (DENY, Intent.DENY),
        (HELP, Intent.HELP),
        (GROUP_MEMBERS, Intent.GROUP_MEMBERS),
        (MY_ENTRIES, Intent.MY_ENTRIES),
        (PUPIL_RECORD, Intent.PUPIL_RECORD),
    ):
        if pattern.search(text):
            return intent
    if ADVICE.search(text):
        return Intent.REQUEST_ADVICE
    if (mentions_programme and (mentions_duration or SESSION.search(text))) or (
        mentions_duration and not CONCERN.search(text)
    ):
        return Intent.LOG_SESSION
    if SESSION.search(text) and not CONCERN.search(text):
        return Intent.LOG_SESSION
    if mentions_programme and not CONCERN.search(text):
        return Intent.LOG_SESSION
    if CONCERN.search(text) or (mentions_pupil and mentions_area):
        return Intent.LOG_CONCERN
    if text.rstrip().endswith("?"):
        return Intent.REQUEST_ADVICE
    return Intent.UNKNOWN
