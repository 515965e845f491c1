"""Frozen dataclasses for an answer: passages quoted, each with its citation."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.analysis.amounts import asks_time
from bot.answer.quote import QUOTE_MARKS
from bot.corpus.manifest import safe_url
from bot.search.confidence import Confidence


@dataclass(frozen=True)
class Citation:
    """Where a quoted passage comes from: source and location inside it."""

    source_id: str
    title: str
    location: str = ""
    publisher: str = ""
    date: str = ""
    url: str | None = None  # an absolute http(s) URL or None: checked here, so every renderer links it as it is
    # the url opens the whole law, not the § cited (Retsinformation has no address of a §, so a Danish act's § links to
    # the act): the renderers say so and name the § to find there, where a Norwegian § opens at Lovdata's §
    whole_law: bool = False

    def __post_init__(self) -> None:
        # the one check of a citation's URL: no scheme but http(s), no space, quote or markup character
        object.__setattr__(self, "url", safe_url(self.url))


@dataclass(frozen=True)
class Passage:
    """One quoted passage: `quote` is what the user sees, `highlights` are (start, end) in it."""

    rank: int
    score: float
    quote: str
    citation: Citation
    chunk_id: str
    highlights: tuple[tuple[int, int], ...] = ()
    pinned: bool = False  # chosen by a course leader for this question ("valgt av kursleder")
    # the § the question cites by its number ("Hva sier fvl. § 6?" answered by fvl. § 6): found by its number, so its
    # text need hold none of the question's words (a law's § seldom names its own law)
    cited: bool = False


# The country whose law a question in each language is written in the words of (English: neither).
COUNTRY_OF_LANGUAGE = {"nb": "no", "nn": "no", "da": "da"}
# A country's law as a lead line names it, in each reply language ("… i dansk lov").
COUNTRY_LAW = {"nb": {"no": "norsk", "da": "dansk"}, "nn": {"no": "norsk", "da": "dansk"},
               "da": {"no": "norsk", "da": "dansk"}, "en": {"no": "Norwegian", "da": "Danish"}}


@dataclass(frozen=True)
class Answer:
    """The reply to one question, in the question's language (`nb`, `nn`, `da`, `en`)."""

    question: str
    language: str
    answered: bool
    passages: tuple[Passage, ...] = ()
    offset: int = 0
    more: bool = False
    topics: tuple[str, ...] = field(default=())  # what the sources cover, shown when abstaining
    more_topics: int = 0  # how many sources `topics` leaves out (the list is cut at TOPICS; `sources` lists them all)
    confidence: Confidence = "answered"  # "not_covered" whenever `answered` is false
    amount_missing: bool = False  # an amount was asked and the first passage states none (why it is hedged)
    figure_later: bool = False  # ... while a later passage shown states a figure of the kind (the notice says so)
    absent: tuple[str, ...] = ()  # names asked about that the sources never mention (why it is hedged)
    laws_missing: tuple[str, ...] = ()  # laws asked about that the sources do not have (why it is hedged)
    # the asker's country ("no", "da") when the first passage is a § of the other's law (why it is hedged)
    other_country: str | None = None
    own_country_below: bool = False  # ... while a later card shown is a § of the asker's own country's law
    contested: bool = False  # the first § won a close race with another § (confidence.contested, .doubted: why hedged)
    other_script: bool = False  # asked in a script none of the four languages is written in (not searched)
    # whether the sources answer the topics a refusal suggests asking about (REPHRASE_EXAMPLES): a maintainer's own
    # documents need not hold the bundled ones', and the suggested question was then refused in turn
    examples_held: bool = True
    # a refused English question's words and the sources' terms they were searched as ("mayor" → ordfører): the asker
    # sees what was searched, a misreading too, and which terms to ask in (`Searcher.searched_as`)
    searched_as: tuple[tuple[str, str], ...] = ()
    # the reply a follow-up ends with, whose own words' passages came first (`focus.focused`): "Flere treff" pages on
    # with it, so the next page follows the same order
    focus: str | None = None

    def __post_init__(self) -> None:
        if not self.answered and self.confidence != "not_covered":
            object.__setattr__(self, "confidence", "not_covered")

    @property
    def lead(self) -> str:
        """The key of the reply's first line (bot.answer.messages): the refusal, or the line above the
        passages, which says why a hedged reply is hedged."""
        if not self.answered:
            if self.other_script:
                return "not_covered_script"
            return "not_covered_name" if self.absent else "not_covered_law" if self.laws_missing else "not_covered"
        if self.confidence != "uncertain":
            return "intro"
        if self.absent:
            return "uncertain_name"
        if self.laws_missing:
            return "uncertain_law"
        if self.other_country:
            if self.own_country_below:
                return "uncertain_country_below"
            # asked in the other country's language, whose law's words it searched by: no claim the asked law lacks it
            abroad = COUNTRY_OF_LANGUAGE.get(self.language, self.other_country) != self.other_country
            return "uncertain_country_words" if abroad else "uncertain_country"
        if not self.amount_missing and self.contested:
            # "Check that the first answers it" means the reply's first §: a later page ("Flere treff") shows the next
            return "uncertain_contested_next" if self.offset else "uncertain_contested"
        if not self.amount_missing:
            return "uncertain"
        # a date, a deadline or a span of time asked for is said to be missing as a time, not as a figure
        kind = "uncertain_time" if asks_time(self.question) else "uncertain_amount"
        return f"{kind}_later" if self.figure_later else kind

    @property
    def rephrase(self) -> str:
        """The key of a refusal's last line: try other words, with example topics where the sources hold them."""
        return "rephrase" if self.examples_held else "rephrase_plain"

    @property
    def searched_as_values(self) -> dict[str, str]:
        """What the "searched_as" line names: each word and its term ("mayor" → ordfører), in the reply's quotes."""
        opening, closing = self._marks
        return {"words": ", ".join(f"{opening}{asked}{closing} → {read}" for asked, read in self.searched_as)}

    @property
    def _marks(self) -> tuple[str, str]:
        """The reply language's quotation marks, for the words a message line names."""
        return QUOTE_MARKS.get(self.language, QUOTE_MARKS["nb"])

    @property
    def lead_values(self) -> dict[str, str]:
        """What the lead line's sentence names (`bot.answer.messages.message`'s values)."""
        opening, closing = self._marks
        if self.lead.endswith("_name"):
            return {"names": ", ".join(f"{opening}{n}{closing}" for n in self.absent)}
        if self.lead.endswith("_law"):
            return {"laws": ", ".join(f"{opening}{n}{closing}" for n in self.laws_missing)}
        if self.lead.startswith("uncertain_country"):
            return {"country": COUNTRY_LAW[self.language][self.other_country or "no"]}
        return {}
