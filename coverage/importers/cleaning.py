"""Site furniture, headlines, bylines and mastheads in pasted article text (pure).

Copy-pasted articles carry the page around them: logos, notification prompts,
"RELATED:" teasers, share buttons, image credits, topic lists, disclaimers. The rules
here are line rules: a whole line is furniture or it is not, so a sentence in the
article is never cut in half; ``placement`` adds the lines that only their
neighbours give away. ``raw_text`` on the article keeps what came in.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.dateparse import parse_date, parse_datetime

from .outlets import (
    OUTLET_NAMES_RE,
    is_publication_name,
    normalise_line,
    outlet_for_masthead,
)
from .placement import SENTENCE_END, without_placed_furniture

HEADER_KEYS = {
    "title": "headline",
    "headline": "headline",
    "outlet": "outlet",
    "url": "url",
    "published": "published",
    "date": "published",
    "byline": "byline",
    "author": "byline",
    "story": "story",
}
_HEADER_LINE = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$")

# Whole lines that are the page around the article, never the article. Matched
# case-insensitively against the stripped line.
_FURNITURE = [
    # Mastheads and logos.
    r"(?:[\w.&!'’-]+ ){0,2}[\w.&!'’-]*\s*logo",
    # Notification, newsletter, subscription and app prompts.
    r".{0,120}\b(enable|allow|turn on|get) (push )?notifications\b.{0,80}",
    r"to make sure you never miss out on .{0,120}",
    r"(sign up|subscribe)\b.{0,100}(newsletter|inbox|updates|alerts|free)\b.{0,60}",
    r".{0,60}\bstraight to your inbox.{0,40}",
    r"(sign up|subscribe|subscribe now|newsletter|sign in|log in|register|download (our|the) app.*)",
    # Teasers and links to other articles.
    r"(related|read more|read also|also read|more|see also|recommended|watch|"
    r"read next|up next|more from [\w ]{1,40}|most read|most popular|trending|"
    r"you may also like|you might also like|recommended for you|related articles|"
    r"related stories|related content|latest)\s*([:|»]\s*.{0,160})?",
    r"click (here )?to (view|see|open|play|watch|expand|enlarge|read)\b.{0,80}",
    r"(view|open|see) (the )?(gallery|slideshow|photos)\b.{0,40}",
    r"\d+ (photos|images|pictures)",
    r"more about [\w ’',-]{1,60}",
    # Lines without words: gallery counters ("1 / 5"), prices and scores of a
    # product box ("from $610.00", "87"). Rules ("___") are the article's own: wire
    # stories set their notes apart with them.
    r"\d+\s*/\s*\d+",
    r"(from\s+)?[$£€]\s?\d[\d,.]*|\d{1,3}",
    # What a subscription costs: "$7/month", "$60/person/year", "£5 per month".
    r"[$£€]\s?\d[\d,.]*(\s*(/|per\s)\s*(month|year|week|person|user|mo|yr))+",
    # Image credits and captions.
    r"(featured |main |top |header )?(image|photo|picture|video|photograph)"
    r"( credit)?s?\s*:.{0,160}",
    r"(credits?|source|via)\s*:\s*(getty|shutterstock|alamy|pa|ap|afp|reuters)\b.{0,80}",
    r"credits?\s*:.{0,120}",
    r"(getty images|shutterstock|alamy|pa images|ap photo|afp via getty images)"
    r"\s*[/:|].{0,60}",
    r"\(?(getty( images)?|shutterstock|alamy|pa|ap|afp|reuters)\)?",
    # Topic lists, tags.
    r"(topics|tags|filed under|categories|category|more on)\s*:.{0,300}",
    # Disclaimers, warnings, spoiler alerts.
    r"(disclaimer|alert|warning|trigger warning|content warning|spoiler alert|"
    r"spoilers?|editor'?s note: this article contains)\s*[:!-].{0,200}",
    r"(spoiler alert|spoilers ahead|this article contains spoilers)[.!]?",
    # Advertising.
    r"(advertisement|advertising|ad|sponsored|sponsored content|promoted|"
    r"paid content|partner content)",
    r"(story|article) continues (below|after).{0,40}",
    r"(continue reading|scroll to continue|scroll down).{0,60}",
    # Sharing and following.
    r"(share|share this|share this article|share this story|share on \w+|"
    r"share via \w+|tweet|email|pin|copy link|print|whatsapp|facebook|twitter|"
    r"linkedin|reddit|messenger)\s*[:!]?",
    r"((share|tweet|email|facebook|twitter|whatsapp|linkedin|reddit|pinterest|"
    r"copy link|messenger|telegram|flipboard)[\s,|/•·]*){2,}",
    r"(follow|like) us on .{0,60}",
    r"follow @\w+.{0,40}",
    # Cookie and consent prompts.
    r".{0,80}\b(we|this (web)?site) uses? cookies\b.{0,240}",
    r"(accept|reject|manage|allow) (all )?(cookies|preferences|settings|choices)",
    r"(cookie (settings|policy|preferences)|privacy policy|terms (of use|and conditions))",
    r"((cookie (settings|policy|preferences)|privacy policy|terms (of (use|service)|"
    r"and conditions)|accessibility|contact us|about us)[\s|·•,]*){2,}",
    r"(accept|agree|i agree|ok|got it|dismiss|close|reject all)",
    # Page chrome.
    r"(skip to (main )?content|menu|search|home|comments?|leave a comment|"
    r"\d+ comments?|loading\.{0,3}|listen to this article|back to top)",
    r"(\d+ min(ute)?s? read|read time:? .{0,20})",
    r"(copyright\s*)?©.{0,120}|copyright \d{4}.{0,100}|.{0,100}all rights reserved\.?",
    # Tweets embedded as text: "— Name (@handle) April 5, 2019".
    r"[—–-]\s.{1,80}\(@\w{1,30}\)\s.{0,30}\d{4}",
    r"pic\.twitter\.com/\w+",
    # Sign-offs that invite readers elsewhere.
    r"(get in touch|contact|email) (with )?(our|the) (news ?)?(team|newsdesk|desk)\b.{0,120}",
    r"for more (stories|news|articles|updates) like this\b.{0,80}",
    r"(do you have|got) a (story|news tip)\b.{0,120}",
]
_FURNITURE_RE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE), re.IGNORECASE)

# A line that introduces a block of links (a gallery, a list of other stories): the
# short title lines right after it belong to the block.
_BLOCK_LABEL_RE = re.compile(
    r"(click (here )?to view gallery|view gallery|(more|most) (from|read|popular)\b.*|"
    r"(more )?related (articles|stories|content|topics|searches|links|coverage)|"
    r"you (may|might) (also )?(like|enjoy|be interested in)|"
    r"recommended( for you| stories)?|read (more|next)|trending( now| on \w+)?|"
    r"latest( news| stories)?|top stories|popular (posts|stories)|more on this story|"
    r"(more|further) reading|editor'?s picks|around the web|in other news|"
    r"also in the news|elsewhere( on \w+)?|top picks|about the authors?|"
    r"(view|see) (the )?(photos?|images?|gallery)|"
    r"more( \w+){0,2} (stories|news|articles|videos|coverage|reading)"
    r"( from [\w .]{1,30})?)\s*:?",
    re.IGNORECASE,
)
# How long a linked title under a block label may be.
_BLOCK_TITLE_WORDS = 20
_NAME_LINE_RE = re.compile(
    r"^(?:by\s+)?((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)$", re.IGNORECASE
)
_BY_LINE_RE = re.compile(
    r"^[Bb]y\s+([A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|and|de|van|von|der)){0,5})"
    r"(?:\s*[,|]\s*.{0,60})?$"
)
# Dates and times as pages stamp them: "Feb. 21, 2019", "22 Dec, 2016",
# "2015-05-12", "1:28 AM ET", "3 hours ago".
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_FORMS = (
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
)
_DATE = re.compile(rf"\b{_DATE_FORMS}\b", re.IGNORECASE)
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?|"
    r"\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b",
    re.IGNORECASE,
)
_AGO = re.compile(r"\bago\b", re.IGNORECASE)
_STAMP_LABEL = re.compile(
    r"\b(?:date|time|created|published|updated|posted|modified|first|last|on|at)\b",
    re.IGNORECASE,
)
_PUBLISHED_ON = re.compile(
    rf"\b(?:published|updated|posted|created|modified)\s*:?\s*(?:on\s+)?"
    rf"{_DATE_FORMS}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CleanedText:
    body: str
    headline: str
    headline_inferred: bool
    byline: str
    masthead_outlet: str | None


def is_furniture(line: str) -> bool:
    """A whole line that is the page around the article: one of the forms above,
    a short line made only of interface words ("Share to Pinterest", "Show
    Comments", "Most Read Business"), or a prompt, credit, caption, copyright or
    cookie notice by the rules below. Quoted speech is never furniture."""
    line = " ".join(line.split())
    if not line:
        return False
    if (
        _FURNITURE_RE.fullmatch(line)
        or any(rule.search(line) for rule in _CREDITED)
        or _is_stamp(line)
    ):
        return True
    if _QUOTED_OR_SAID.search(line):
        return False
    words = line.split()
    return (
        _is_interface_line(line, len(words))
        or _has_flattened_widget(words)
        or _is_byline_with_outlet(line, len(words))
        or any(rule.search(line) for rule in _ANYWHERE)
        or (len(words) <= 30 and any(rule.search(line) for rule in _SHORT))
    )


def _is_stamp(line: str) -> bool:
    """A line that is only a date, with times and at most a label ("Date created :
    2015-05-12", "22 Dec, 2016", "Updated 3 hours ago"), or a short line that
    stamps a publication date ("CNNMoney (New York) First published February 1,
    2016: 1:28 AM ET"). A time alone ("4:14 p.m.") heads a live update: body."""
    dated = _DATE.sub(" ", line)
    if dated != line or _AGO.search(line):
        rest = _STAMP_LABEL.sub(" ", _TIME.sub(" ", dated))
        if not re.search(r"\w", rest):
            return True
    return (
        len(line.split()) <= 16
        and not line.endswith(".")
        and _PUBLISHED_ON.search(line) is not None
    )


def _is_byline_with_outlet(line: str, length: int) -> bool:
    """A short "Name, Outlet, Place" line, with or without a label or "By":
    "Analysis: Jon Sopel, BBC News, Washington"."""
    if length > 10 or SENTENCE_END.search(line):
        return False
    bare = re.sub(r"^(\w+:\s*)?(by\s+)?", "", line, flags=re.IGNORECASE)
    parts = [part.strip() for part in bare.split(",")]
    return (
        2 <= len(parts) <= 4
        and any(is_publication_name(part) for part in parts)
        and all(_NAME_LINE_RE.match(part) and part[0].isupper() for part in parts)
    )


def _is_interface_line(line: str, length: int) -> bool:
    if length > 8 or _SENTENCE_STOP.search(line):
        return False
    tokens = re.findall(r"[a-z]+|\d+", _without_outlet_names(line))
    return (
        bool(tokens)
        and all(
            t in _INTERFACE_WORDS or t in _GLUE_WORDS or t.isdigit() for t in tokens
        )
        and any(t in _INTERFACE_WORDS for t in tokens)
    )


def _has_flattened_widget(words: list[str]) -> bool:
    """A line with a widget's buttons run together in it: four capitalised
    interface words in a row, glue words between ("... Share Pin It More Galleries
    ADVERTISEMENT ..."). Prose never capitalises them so, a title seldom four."""
    run = 0
    for word in words:
        token = word.strip("'\"“”‘’()[]«»").casefold()
        if not word[:1].isupper() or not (_interface(token) or token in _GLUE_WORDS):
            run = 0
            continue
        run += _interface(token)
        if run >= 4:
            return True
        if not re.fullmatch(r"[\w'’]+", word):
            run = 0
    return False


def _without_outlet_names(line: str) -> str:
    """The line folded, without the outlets it names with a capital ("Share on
    Facebook", "Most Read Business"): "time on site" names no outlet."""
    line = line.replace("’", "'")
    folded = line.casefold()
    if len(folded) != len(line):
        return OUTLET_NAMES_RE.sub(" ", folded)
    return OUTLET_NAMES_RE.sub(
        lambda m: " " if line[m.start()].isupper() else m.group(), folded
    )


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _interface(token: str) -> bool:
    return token in _INTERFACE_WORDS or (
        token.endswith(("s", "es")) and token.rstrip("s") in _INTERFACE_WORDS
    )


# Interface words: what buttons, labels and teaser headings are made of. A short
# line of only these (and glue words) is chrome, never a sentence of the article.
_INTERFACE_WORDS = _word_set(
    """
    share shares shared tweet retweet email e mail print printable follow followed
    unfollow like likes subscribe subscribed subscription subscriptions sign log
    login logout register join comment comments commenting posted reply replies
    view views show hide expand collapse toggle close open opens caption captions
    image images photo photos photograph photographs picture pictures gallery
    galleries slideshow slide slides video videos watch listen audio podcast next
    previous prev more most related read reading top trending popular recommended
    latest newsletter newsletters alert alerts notifications menu search home back
    cookie cookies privacy policy terms conditions preferences settings choices
    advertisement advertisements advertising advertise ad ads sponsored promoted
    topics tags link links copied copy friend friends page article story stories
    post posts blogs blog facebook twitter x whatsapp pinterest linkedin reddit
    tumblr google plus instagram tiktok youtube telegram flipboard messenger kinja
    rss feed mobile app apps download edition digital web around buy submit upload
    report error errors conversation discussion forum loading feedback help contact
    contacts careers sitemap newsroom skip main content full screen fullscreen
    click tap here continue enlarge zoom credit credits pin send swipe sort newest
    oldest recent viewed accept reject agree save saved gift unlock bookmark social
    media homepage subscriber subscribers go index site picks
    """
)
_GLUE_WORDS = _word_set(
    """
    a an the this that these our your my us you we to on in at of for from with via
    by and or all new now s what what's whats up me it is be
    """
)
_SENTENCE_STOP = re.compile(r"[.;]['’\"”]?$|[a-z],\s+[a-z]")
_QUOTED_OR_SAID = re.compile(
    r"[\"“”]|\b(said|says|told|according to|added|explained)\b", re.IGNORECASE
)
# A name as credits print it: capitalised words, initials, an agency in capitals.
_CREDIT_NAME = r"[A-Z][\w.'’&-]*"
_CREDIT_WHO = rf"{_CREDIT_NAME}(?:[\s,/]+(?:{_CREDIT_NAME}|for|via|and|of|the|—|-))*"
# Captions that end with their credit, and credit lines: furniture even when the
# caption quotes someone or says "said".
_CREDITED = [
    # "... Credit Chang W. Lee/The New York Times", "Credit: STR/AFP", "Credit Harry
    # Campbell", "... Credit Kirsten Luce for The New York Times".
    re.compile(rf"^Credits?:?\s+{_CREDIT_WHO}\s*$"),
    re.compile(rf"\sCredits?:?\s+(?=[^.!?]*(?:/|\bfor\b|\bvia\b)){_CREDIT_WHO}\s*$"),
    # A caption that opens with a freelancer's credit: "Jane Roe/for The Daily
    # Ledger Residents queue for water on Monday." ("Wall Street Journal/NBC News
    # polling shows ..." is a sentence.)
    re.compile(
        rf"^{_CREDIT_NAME}(?:\s{_CREDIT_NAME}){{1,3}}\s?/\s?for\s"
        rf"{_CREDIT_NAME}(?:\s{_CREDIT_NAME}){{0,4}}\s.*[.!?]"
    ),
    # "... in Paris Benoit Tessier/Reuters", "JIM WATSON/AFP/Getty Images".
    re.compile(
        rf"(?:^|\s){_CREDIT_NAME}(?:\s{_CREDIT_NAME}){{1,3}}\s?/\s?{_CREDIT_NAME}"
        rf"(?:[\s/]+{_CREDIT_NAME}){{0,4}}$"
    ),
    # "... (Ellen M. Banner / The Seattle Times)".
    re.compile(
        rf"\(\s*{_CREDIT_NAME}(?:\s{_CREDIT_NAME}){{1,3}}\s*/\s*[^()/]{{2,60}}\)$"
    ),
    # A caption that ends with its credit: "(Photo by Leon Neal/Getty Images)",
    # "(AP Photo/Evan Vucci)", "(Thomas Coex/AFP/Getty Images)", "[Image: PA]".
    re.compile(
        r"[(\[][^()\[\]]{0,80}\b(photo|photograph|image|picture|credit|getty|afp|"
        r"reuters|shutterstock|alamy|epa|ap|pa|supplied|handout)\b[^()\[\]]{0,80}"
        r"[)\]](\w{1,8})?\s*$",
        re.IGNORECASE,
    ),
    # ... or with "Photograph: Name/Agency", "Picture: AFP", "Credit: Alamy".
    re.compile(
        r"(^|[.!?]\s+)(photograph|photo|picture|image|credit|illustration|video)s?"
        r"( credit)?\s*:\s*[^.!?]{1,100}$",
        re.IGNORECASE,
    ),
    # ... or with "REUTERS/Jane Smith", "AP/Manuel Balce Ceneta".
    re.compile(r"(^|[.!?]\s+)(REUTERS|AFP|AP|EPA|PA|UPI|ANP)/[A-Z][\w.' -]{1,60}$"),
    # Syndication and print-edition notes: "This article originally appeared on
    # The Atlantic.", "A version of this article appears in print on ...".
    re.compile(
        r"^this (article|story|post|piece) (was )?(originally|first) "
        r"(appeared|published|ran)\b|\bversion of this (article|story) appears? "
        r"in print\b",
        re.IGNORECASE,
    ),
]
# Lines that are furniture whatever their length.
_ANYWHERE = [
    # Copyright notices: "© 2015 Salon Media Group", "Copyright 2023 The Associated
    # Press", "(c) 2019 ...", "... All rights reserved."
    re.compile(r"^\s*(©|\(c\)\s*\d{4})"),
    re.compile(r"\bcopyright\s*(©|\(c\)|\d{4})|©\s*\d{4}", re.IGNORECASE),
    re.compile(r"\ball rights reserved\b", re.IGNORECASE),
    # Captions that say where each person stands: "Jane Roe (left) and John Doe
    # ...", "Jane Roe, right, ...".
    re.compile(
        r"^(?=.{0,400}$).*(\((far |second from )?(left|right|centre|center|top|"
        r"bottom|front)\)|\b[A-Z][\w'’-]+, (left|right|centre|center),)"
    ),
    # Who to write to about the story: "To contact the reporter on this story: ...".
    re.compile(r"^to contact the (reporters?|editors?|writers?|authors?)\b", re.I),
    # Where to write to the reporter: "jroe@example.com", "Jane Roe may be reached
    # at jroe@example.com."
    re.compile(r"^\S+@\S+\.\w+$|\b(may|can) be (reached|contacted) at \S+@", re.I),
    # A slideshow's buttons closing its caption: "... Previous Next".
    re.compile(r"\bprevious\s+next\s*$", re.IGNORECASE),
    # A caption cut short for a "Read More" button.
    re.compile(r"(\.\.\.|…)\s*read more\s*$", re.IGNORECASE),
    # An author's bio that ends with the author's handle ("... @NelsonSchwartz").
    re.compile(r"\s@[A-Za-z_]\w{1,30}\W?$"),
]
# Prompts and notices: furniture when the line is short (30 words or fewer).
_SHORT = [
    # Sign-up, subscription and paywall prompts.
    re.compile(
        r"\b(sign(ing)? up|sign in|subscribe|subscribers?|log ?in|register|"
        r"membership)\b.*\b(newsletters?|inbox|e-?mail|alerts?|updates|access|free|"
        r"today|now|account|here|only|our|your|you)\b"
        r"|\b(newsletters?|inbox|e-?mail|alerts?|access|account|our|your|you)\b.*"
        r"\b(sign(ing)? up|sign in|subscribe|log ?in|register)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(get|receive|enter|please select|email me|want|support|become)\b.*"
        r"\b(newsletters?|inbox|e-?mail|alerts|member|journalism|phone|app|"
        r"stories|news)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(free articles|unlimited access|subscribers? only|already a "
        r"(subscriber|member)|thank(s| you) for (signing up|subscribing|registering)|"
        r"((start|begin|get|claim|try|create)( a| an| your)?|your|\d+-day) free "
        r"(trial|account)|keep reading|to continue reading|subscribe for)",
        re.IGNORECASE,
    ),
    # Share and follow prompts: a platform, and the reader addressed.
    re.compile(
        r"\b(share|follow|like|visit|find)\b.*\b(facebook|twitter|instagram|"
        r"whatsapp|pinterest|linkedin|tiktok|youtube|telegram)\b",
        re.IGNORECASE,
    ),
    re.compile(r"^follow\b.{0,60}(@\w+|:\s*\w+\s*[|/])", re.IGNORECASE),
    re.compile(r"\b\d+(\.\d+)?k? shares\b", re.IGNORECASE),
    # Comment-section chrome.
    re.compile(
        r"\bcomments?\b.*\b(log ?in|register|posted|closed|below|loading|notify)\b"
        r"|\b(log ?in|register|notify|post|add|view|show|leave|loading)\b.*"
        r"\bcomments?\b|\b(comment|comments)\s*\(?\d+|^reader comments",
        re.IGNORECASE,
    ),
    # Cookie and consent notices.
    re.compile(
        r"\bcookies?\b.*\b(use|uses|using|consent|accept|settings|preferences|"
        r"policy|partners|technologies|experience)\b"
        r"|\b(we|site|website|partners)\b.*\bcookies\b",
        re.IGNORECASE,
    ),
    # Captions and credits that open with their label.
    re.compile(
        r"^(image caption|media caption|picture caption|image copyright|image source|"
        r"caption|pictured|file photo|top photo|main image)\b"
        r"|^(image|photo|photos|picture|pictures|illustration|graphic|photographer|"
        r"photography)"
        r"\s*(by\b|:)|^credits?\s*(:|\.{2,}|…)",
        re.IGNORECASE,
    ),
    re.compile(r"^(\d+ of \d+|image \d+ of \d+)\b", re.IGNORECASE),
    re.compile(r"\(\d+ (photos|images|pictures|slides)\)\s*$", re.IGNORECASE),
    re.compile(
        r"^(see|view|submit|buy|browse) (more |our |your )?(photos|images|gallery)",
        re.IGNORECASE,
    ),
    # The small print of a subscription box.
    re.compile(
        r"\byou can cancel (at )?any ?time\b"
        r"|^we accept\b.*\b(credit|debit|paypal|apple pay|google pay)\b",
        re.IGNORECASE,
    ),
    # A promotion whose link is its last word: "... Check it out here.", "Here."
    re.compile(
        r"(^|[.!?]\s+)((check|find) (it|them|this) out|learn more|find out more)?"
        r"\s*here[.!]?$",
        re.IGNORECASE,
    ),
    # ... or that ends on the link's call: "To hear the album, click here."
    re.compile(r",\s*(click|tap) here[.!]?$", re.IGNORECASE),
    # A link to more of a section: "More Real estate transactions, awards and ...".
    re.compile(r"^More [A-Z][^\s.!?:;]*(\s[^\s.!?:;]+){2,}$"),
    # "Read more" and "Watch" teasers.
    re.compile(
        r"^(read more|read next|read the full (story|report|article)|watch (the )?"
        r"(video|full)|see also|more must-reads|more from|more on this)\b"
        r"|^most (read|viewed|popular)(\s+\w+){0,2}$",
        re.IGNORECASE,
    ),
    # Advertising labels.
    re.compile(
        r"^(advertisements?|sponsored( content| post| by)?|paid (content|post)|"
        r"promoted( stories| content)?|partner content|supported by)\b.{0,50}$",
        re.IGNORECASE,
    ),
    # Page chrome: publication stamps, breadcrumbs, credit lines of a name and an
    # agency ("Jane Roe/NPR").
    re.compile(
        r"^(published|updated|last (modified|updated)|first published|posted)\b"
        r"[\s:]*(on\s+)?(\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|"
        r"jul|aug|sep|oct|nov|dec|an? |\w+ (hours?|minutes?|days?) ago)",
        re.IGNORECASE,
    ),
    re.compile(r"^[^»>]{1,40}(\s[»>]\s[^»>]{1,40}){2,}$"),
    # (A name has two words at least: "GRANTS/DONATIONS" heads a section.)
    re.compile(r"^([A-Z][\w.'-]+ ){1,3}[A-Z][\w.'-]+/[A-Z][\w.&'-]+$"),
    re.compile(r"^report (an )?(error|typo|correction)\b", re.IGNORECASE),
    re.compile(r"^(have your say|click here|text size|send us)\b", re.IGNORECASE),
    re.compile(r"\bcontact us\b|\bfirst to comment\b|^reading time\b", re.IGNORECASE),
    re.compile(r"\bcomments (have been|are) (disabled|turned off|closed)\b", re.I),
    re.compile(r"^got a (tip|story)\b|\blet us know\b", re.IGNORECASE),
    re.compile(r"^subscribers? (exclusive|only)\b", re.IGNORECASE),
    re.compile(r"^read (our|the) (full|latest|live)\b", re.IGNORECASE),
    re.compile(r"^(related|also read)( story| article| content| coverage)?\s*:", re.I),
    re.compile(r"^(gallery|slideshow|photo illustration|in pictures)\s*:", re.I),
    re.compile(r"\bdo not sell (or share )?my personal information\b", re.I),
    re.compile(r"^try\b.*\bfree\b|\bour (free |daily |weekly )?newsletters?\b", re.I),
    re.compile(r"\b(material|content) (is )?(copyright|©)", re.IGNORECASE),
    re.compile(r"^(content|stories|links) from (our )?(partners|sponsors)\b", re.I),
    re.compile(r"^source:\s*\S+(\s+\S+){0,8}$", re.IGNORECASE),
    re.compile(r"^[^/]{1,30}( / [^/]{1,30}){2,}$"),
    re.compile(r"^[Cc]opyright\s+(the\s+)?[A-Z]"),
    re.compile(r"may not be (re)?published, broadcast", re.IGNORECASE),
    re.compile(r"^we (value|respect|care about) your privacy", re.IGNORECASE),
    re.compile(r"\b(story|article|it|this)\s+(with|to) a friend\b", re.IGNORECASE),
    re.compile(r"^(contact|email|e-mail|write to)\b.{0,60}\b\S+@\S+\.\w+\W*$", re.I),
    re.compile(r"^subscribe (to|now)\b(\s+\S+){0,4}$", re.IGNORECASE),
    # Calls to action that end in a newsletter or an inbox: "Keep up with the
    # CityLab Daily newsletter.", "[...: Get New York Today in your inbox.]".
    re.compile(
        r"(^|[.:!?\[]\s*)(get|keep up|sign up|subscribe|join|stay (informed|updated"
        r"|up to date)|follow)\b[^.!?]*\b(newsletters?|inbox)\b",
        re.IGNORECASE,
    ),
    # Where the author posts: "Ben Silverman is on Twitter at ben_silverman."
    re.compile(
        r"\b(is|are)\s+on\s+(twitter|x|instagram|facebook|tiktok|threads|bluesky|"
        r"mastodon)\s+(at\s+)?@?\w+\W?$",
        re.IGNORECASE,
    ),
    # Whose advert or widget this is: "Powered by SmartAsset.com".
    re.compile(
        r"^(powered|presented|brought to you|supported) by\b.{0,50}$", re.IGNORECASE
    ),
]


def split_header(text: str) -> tuple[dict[str, tuple[str, int]], int]:
    """Read a leading block of ``Key: value`` lines (Title, Outlet, URL, Published,
    Byline, Story). Returns {field: (value, line number)} and the number of lines
    the block used, blank line included; an unknown key means there is no block."""
    fields: dict[str, tuple[str, int]] = {}
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return (fields, number) if fields else ({}, 0)
        match = _HEADER_LINE.match(line)
        key = match and HEADER_KEYS.get(match.group(1).lower())
        if not key or key in fields:
            return {}, 0
        fields[key] = (match.group(2), number)
    return (fields, len(lines)) if fields else ({}, 0)


def remove_furniture(text: str) -> tuple[list[list[str]], str | None]:
    """Paragraphs (lists of lines) with furniture lines removed, and the outlet of
    a recognised masthead line.

    The linked titles under a block label go with it: in its paragraph, or, when
    the label stands alone ("More games news:"), a list of two or more titles in
    the next one. A run of two or more one-line paragraphs in title case inside
    the body is a list of teasers whose label the page did not print. Last, the
    lines that are furniture by their place on the page go (``placement``)."""
    masthead = None
    paragraphs: list[list[str]] = []
    page: list[list[str]] = []
    label_alone = False
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines:
            page.append(lines)
        if label_alone and len(lines) >= 2 and all(map(_is_title, lines)):
            label_alone = False
            continue
        kept: list[str] = []
        in_block = False
        label_alone = bool(lines)
        for line in lines:
            if masthead is None and not paragraphs and len(kept) < 3:
                masthead = outlet_for_masthead(line)
                if masthead:
                    continue
            if _BLOCK_LABEL_RE.fullmatch(line):
                in_block = True
                continue
            label_alone = False
            if in_block and _is_title(line):
                continue
            in_block = False
            if not is_furniture(line):
                kept.append(line)
        label_alone = label_alone and in_block
        if kept:
            paragraphs.append(kept)
    return without_placed_furniture(page, _without_teaser_runs(paragraphs)), masthead


def _is_title(line: str) -> bool:
    return len(line.split()) <= _BLOCK_TITLE_WORDS and not SENTENCE_END.search(line)


def _without_teaser_runs(paragraphs: list[list[str]]) -> list[list[str]]:
    kept: list[list[str]] = []
    run: list[list[str]] = []
    body_seen = False
    for para in paragraphs:
        if body_seen and _is_teaser(para):
            run.append(para)
            continue
        if len(run) < 2:
            kept.extend(run)
        run = []
        kept.append(para)
        body_seen = body_seen or any(SENTENCE_END.search(line) for line in para)
    if len(run) < 2:
        kept.extend(run)
    return kept


def _is_teaser(paragraph: list[str]) -> bool:
    """One line in title case: four words or more, most of the longer words
    capitalised, no sentence end. A subheading is in sentence case or shorter."""
    if len(paragraph) != 1 or not _is_title(paragraph[0]):
        return False
    words = [w.strip("'‘’\"“”(") for w in paragraph[0].split()]
    long_words = [w for w in words if len(w) > 3]
    return (
        len(words) >= 4
        and bool(long_words)
        and sum(w[:1].isupper() for w in long_words) >= 0.8 * len(long_words)
    )


def join_paragraphs(paragraphs: list[list[str]]) -> str:
    return "\n\n".join("\n".join(lines) for lines in paragraphs)


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 5
        and _NAME_LINE_RE.match(line) is not None
        and all(
            w[0].isupper() or w.lower() in {"by", "and", "de", "van", "von"}
            for w in words
        )
        and outlet_for_masthead(line) is None
    )


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 25 and not re.search(r"[.,;:]['’\"”]?$", line)


def clean_text(text: str, *, headline: str = "", byline: str = "") -> CleanedText:
    """Body without furniture, plus the headline and byline: those given (from a
    header), a line repeated on consecutive lines near the top, or else a headline
    derived from the opening line or sentence and flagged as inferred."""
    paragraphs, masthead = remove_furniture(text)
    lines = [line for para in paragraphs for line in para]
    head = lines[:12]
    dropped: set[int] = set()

    repeated = [
        i
        for i in range(len(head) - 1)
        if normalise_line(head[i]) == normalise_line(head[i + 1])
    ]
    for i in repeated:
        if (
            not headline
            and not _looks_like_name(head[i])
            and _looks_like_title(head[i])
        ):
            headline = head[i]
        elif not byline and _looks_like_name(head[i]):
            byline = _strip_by(head[i])
    if not byline:
        for line in head:
            by = _BY_LINE_RE.match(line)
            if by:
                byline = by.group(1)
                break

    known = {normalise_line(headline), normalise_line(byline)} - {""}
    for i, line in enumerate(head):
        folded = normalise_line(line)
        if folded in known or normalise_line(_strip_by(line)) in known:
            dropped.add(i)

    inferred = False
    if not headline:
        inferred = True
        first = next((i for i in range(len(lines)) if i not in dropped), None)
        if (
            first is not None
            and _looks_like_title(lines[first])
            and len(lines) > first + 1
        ):
            headline = lines[first]
            dropped.add(first)

    kept: list[list[str]] = []
    index = 0
    for para in paragraphs:
        keep = [
            line for offset, line in enumerate(para) if index + offset not in dropped
        ]
        index += len(para)
        if keep:
            kept.append(keep)
    body = join_paragraphs(kept)
    if not headline:
        headline = headline_from_opening(body)
    return CleanedText(
        body=body,
        headline=headline[:500],
        headline_inferred=inferred,
        byline=byline[:300],
        masthead_outlet=masthead,
    )


def _strip_by(line: str) -> str:
    return re.sub(r"^by\s+", "", line.strip(), flags=re.IGNORECASE)


def headline_from_opening(body: str, *, limit: int = 120) -> str:
    """A stand-in headline from the opening sentence, cut at a clause break when the
    sentence is long. It is flagged for an editor, so brevity beats completeness."""
    text = " ".join(body.split())
    match = re.search(r"[.!?][’”\"']?\s+(?=[“\"‘'A-Z0-9])", text)
    sentence = text[: match.start() + 1] if match else text
    sentence = sentence.rstrip(" .")
    if len(sentence) <= limit:
        return sentence
    window = sentence[:limit]
    cut = max(window.rfind(", "), window.rfind("; "), window.rfind(" — "))
    if cut >= 40:
        return window[:cut]
    return window[: window.rfind(" ")].rstrip(",;:") + "…"


def parse_published(value: str) -> datetime:
    """ISO 8601 dates and datetimes, and the "8 April 2019" / "April 8, 2019" forms
    pages print. A time without a zone is taken as UTC."""
    value = value.strip()
    parsed = parse_datetime(
        value.replace("Z", "+00:00") if value.endswith("Z") else value
    )
    if parsed is None:
        day = parse_date(value)
        if day is None:
            for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d"):
                try:
                    day = datetime.strptime(value, fmt).date()
                    break
                except ValueError:
                    continue
        if day is None:
            raise ValueError(f"cannot read date {value!r}")
        parsed = datetime(day.year, day.month, day.day)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
