"""How a rating is shown: as a tag whose words say it, coloured only to reinforce them.

Every rating the product shows — a delivery RAG, an indicator's rating, a risk band, a
recommendation's progress, a finance rating, a plan's status — gives a `Shown`: a colour
key and the words. The words are always drawn, so colour is never the only signal (for
readers who cannot tell the colours apart, and in print).

The RAG colours (green, amber, red, blue, grey) use the product's own high-contrast tag;
the other GOV.UK tag colours are there for statuses and flags that are not a RAG.
"""

from dataclasses import dataclass
from typing import Protocol

RAG_COLOURS = ("green", "amber", "red", "blue", "grey")
TAG_COLOURS = ("yellow", "orange", "purple", "black", "plain")

CLASSES = {colour: f"gt-rag gt-rag--{colour}" for colour in RAG_COLOURS} | {
    "yellow": "govuk-tag govuk-tag--yellow",
    "orange": "govuk-tag govuk-tag--orange",
    "purple": "govuk-tag govuk-tag--purple",
    "black": "gt-rag gt-rag--black",
    "plain": "govuk-tag",
}


@dataclass(frozen=True)
class Shown:
    """A rating as drawn: a colour key from CLASSES and the words that carry its meaning."""

    colour: str
    text: str

    @property
    def css(self) -> str:
        return CLASSES.get(self.colour, CLASSES["grey"])


class Rated(Protocol):
    """Anything the product rates, and can show."""

    @property
    def shown(self) -> Shown: ...


def shown(thing: "Rated | Shown") -> Shown:
    """The thing's tag: a Shown as it is, anything else by its `shown`."""
    return thing if isinstance(thing, Shown) else thing.shown
