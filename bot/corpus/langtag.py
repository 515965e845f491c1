"""Language tags as sources write them ("no", "nob", "nb-NO", "da_DK", "dansk") read as nb, nn, da or en."""

from __future__ import annotations

# A tag's first part (ISO 639-1 or -2, any case; "-NO", "_DK", "-GB" after it are regions) and the languages' own
# names, each where it names one of the four unambiguously. "no"/"nor" (Norwegian) is read as bokmål, as Norway
# writes it nine times in ten and as a PDF's or web page's lang="no" means it. Left out: "norsk" alone is read as
# "no" is; a name of two (Norwegian-Danish) or of another language (sv, de) is no language the analyzer knows.
KNOWN = {"nb": "nb", "nob": "nb", "no": "nb", "nor": "nb", "bokmål": "nb", "bokmal": "nb", "norsk": "nb",
         "norwegian": "nb", "nn": "nn", "nno": "nn", "nynorsk": "nn", "da": "da", "dan": "da", "dansk": "da",
         "danish": "da", "en": "en", "eng": "en", "english": "en", "engelsk": "en"}
# IANA's grandfathered tags for the two written Norwegians, and their BCP 47 variants of "no"
WHOLE = {"no-bok": "nb", "no-nyn": "nn", "no-nb": "nb", "no-nn": "nn", "nb-no": "nb", "nn-no": "nn"}


def language_code(tag: str) -> str:
    """`tag` ("nb-NO", "no", "nob", "da_DK", "en-GB", "Nynorsk") as nb, nn, da or en; another as its own first part
    in lower case ("sv-SE" is "sv"), "" for none."""
    tag = tag.strip().replace("_", "-").lower()
    if tag in WHOLE:
        return WHOLE[tag]
    primary = tag.split("-")[0]
    return KNOWN.get(primary, primary)
