"""Share cards: the 1200×630 PNG that a fact check's or a correction's link shows
when it is shared (OpenGraph's ``og:image``, Twitter's ``summary_large_image``).

What a card says is decided once, as plain text (``claim_card`` and
``correction_card``), so the picture, its alt text and the page's share titles
cannot disagree; ``render`` draws that text with Pillow. Cards are drawn in
DejaVu Sans (Debian's fonts-dejavu-core, which the project's machines have);
where it is missing, Pillow's own scalable font stands in, so a card is always
drawn, only less well for scripts beyond Latin.
"""

import io
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from coverage.public.caching import digest

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
CONTENT_TYPE = "image/png"
# Bump when the drawing changes: cached cards are keyed on it.
LAYOUT = 1

# The site's palette (static/css/site.css), so a card looks like its page.
INK = "#1a1a1a"
MUTED = "#4a4a4a"
PAPER = "#fdfdfb"
TRUE, MIXED, FALSE, NEUTRAL, ACCENT = (
    "#1d5e2c",
    "#7a4b00",
    "#a11d1d",
    "#555555",
    "#0b5394",
)
VERDICT_COLOURS = {
    "accurate": TRUE,
    "inaccurate": FALSE,
    "misleading": MIXED,
    "disputed": MIXED,
    "unverifiable": NEUTRAL,
}
KIND_COLOURS = {"retraction": FALSE}
DEFAULT_COLOUR = ACCENT

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Card:
    """What one card shows, top to bottom."""

    label: str  # the verdict or the kind of correction, in the coloured badge
    colour: str
    title: str  # the claim or the correction itself: the largest text
    lines: tuple[str, ...]  # smaller lines under it: claimant, what is right
    footer: str  # the date
    site_name: str

    @property
    def alt(self) -> str:
        """The card's text for readers who cannot see it (``og:image:alt``)."""
        return " · ".join([self.label, self.title, *self.lines])

    @property
    def digest(self) -> str:
        """Changes whenever anything drawn does: part of the cached card's key."""
        return digest((LAYOUT, self, WIDTH, HEIGHT))


def claim_card(claim, *, site_name: str) -> Card:
    """A published fact check: verdict, the claim as the checker wrote it (or the
    quote), and who said it."""
    title = claim.proposition or f"“{claim.text}”"
    said_by = (
        f"Said by {claim.claimant.name}"
        if claim.claimant is not None
        else "In the outlet’s own voice"
    )
    return Card(
        label=claim.get_status_display(),
        colour=VERDICT_COLOURS.get(claim.status, DEFAULT_COLOUR),
        title=title,
        lines=(said_by,),
        footer=f"Fact check · {claim.verdict_published_at:%-d %B %Y}",
        site_name=site_name,
    )


def correction_card(correction, *, site_name: str) -> Card:
    """A published correction: its kind, what was wrong, what is right, and the
    article it corrects."""
    article = correction.article
    lines = [f"Now: {correction.what_is_right}"] if correction.what_is_right else []
    lines.append(f"{article.headline} · {article.outlet.name}")
    return Card(
        label=correction.get_kind_display(),
        colour=KIND_COLOURS.get(correction.kind, DEFAULT_COLOUR),
        title=correction.what_was_wrong,
        lines=tuple(lines),
        footer=f"Published {correction.published_at:%-d %B %Y}",
        site_name=site_name,
    )


def share_tags(
    card: Card, *, page_url: str, image_url: str, site_name: str, locale: str
) -> dict:
    """What a page's OpenGraph and Twitter tags say (templates/coverage/
    _share_meta.html): the card's own text, so a shared link reads as its picture
    does."""
    return {
        "title": f"{card.label}: {card.title}",
        "description": " ".join(card.lines),
        "url": page_url,
        "image": image_url,
        "image_alt": card.alt,
        "image_width": WIDTH,
        "image_height": HEIGHT,
        "image_type": CONTENT_TYPE,
        "site_name": site_name,
        "locale": locale,
    }


@cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu from the system's font folders (Pillow searches them), else
    Pillow's built-in scalable font."""
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size=size)


def wrap(text: str, face, *, width: int, max_lines: int) -> list[str]:
    """``text`` in lines no wider than ``width``, at most ``max_lines`` of them;
    what does not fit ends in an ellipsis."""
    words = " ".join(text.split()).split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        while face.getlength(word) > width:  # a word wider than the card: cut it
            cut = widest_prefix(word, face, width=width)
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and face.getlength(f"{last}…") > width:
        last = last[:-1]
    kept[-1] = f"{last.rstrip(' ,.;:')}…"
    return kept


def widest_prefix(word: str, face, *, width: int) -> int:
    """How many of ``word``'s characters fit in ``width`` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if face.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def render(card: Card) -> bytes:
    """The card as a 1200×630 PNG."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 14), fill=card.colour)

    site = font(BOLD, 30)
    draw.text((MARGIN, 52), card.site_name, font=site, fill=MUTED)

    badge = font(BOLD, 38)
    label = card.label.upper()
    left, top, right, bottom = draw.textbbox((0, 0), label, font=badge)
    box = (MARGIN, 112, MARGIN + right - left + 48, 112 + bottom - top + 32)
    draw.rounded_rectangle(box, radius=10, fill=card.colour)
    draw.text((MARGIN + 24 - left, 112 + 16 - top), label, font=badge, fill="white")

    y = box[3] + 36
    title = font(BOLD, 50)
    for line in wrap(card.title, title, width=inner, max_lines=4):
        draw.text((MARGIN, y), line, font=title, fill=INK)
        y += 64
    y += 14
    small = font(REGULAR, 30)
    room = max(0, (HEIGHT - 110 - y) // 42)
    for text in card.lines:
        if room <= 0:
            break
        for line in wrap(text, small, width=inner, max_lines=min(2, room)):
            draw.text((MARGIN, y), line, font=small, fill=MUTED)
            y += 42
            room -= 1

    draw.line((MARGIN, HEIGHT - 86, WIDTH - MARGIN, HEIGHT - 86), fill="#d8d6cf")
    draw.text((MARGIN, HEIGHT - 66), card.footer, font=font(REGULAR, 28), fill=MUTED)

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
