"""`risk_factors.race_ethnicity` → one key, and each model's own race group.

The models were fitted with the categories of their study populations (US data), so the answer is
a category the model knows or a clear "this model has no group for you". Keys follow DESIGN.md.
"""

from __future__ import annotations

import re

KEYS = (
    "white", "black", "hispanic_us_born", "hispanic_foreign_born", "hispanic", "chinese", "japanese", "filipino",
    "hawaiian", "other_pacific_islander", "other_asian", "american_indian_alaska_native", "other",
)

_ALIASES = {
    "caucasian": "white", "european": "white", "non hispanic white": "white",
    "african american": "black", "black african american": "black", "non hispanic black": "black",
    "latina": "hispanic", "latino": "hispanic", "latinx": "hispanic", "hispanic latino": "hispanic",
    "hispanic us": "hispanic_us_born", "us born hispanic": "hispanic_us_born",
    "foreign born hispanic": "hispanic_foreign_born", "hispanic foreign": "hispanic_foreign_born",
    "asian": "other_asian", "asian american": "other_asian", "korean": "other_asian", "vietnamese": "other_asian",
    "south asian": "other_asian", "indian": "other_asian",
    "native hawaiian": "hawaiian", "pacific islander": "other_pacific_islander",
    "native hawaiian pacific islander": "other_pacific_islander",
    "american indian": "american_indian_alaska_native", "alaska native": "american_indian_alaska_native",
    "native american": "american_indian_alaska_native", "unknown": "other",
}


def normalise_race(text: str | None) -> str | None:
    """The race key, or None when absent or not recognised (the caller asks for it)."""
    if not text:
        return None
    s = re.sub(r"[^a-z]+", " ", text.lower()).strip()
    key = s.replace(" ", "_")
    if key in KEYS:
        return key
    return _ALIASES.get(s)


# group for the NCI BCRAT race models (American Indian/Alaska Native and unknown use the White model)
BCRAT_GROUP = {k: k for k in KEYS if k not in {"hispanic", "american_indian_alaska_native"}}
BCRAT_GROUP["american_indian_alaska_native"] = "other"

# NCI CCRAT has rates for four groups only
CCRAT_GROUP = {
    "white": "white", "black": "black", "hispanic": "hispanic", "hispanic_us_born": "hispanic",
    "hispanic_foreign_born": "hispanic", "chinese": "asian", "japanese": "asian", "filipino": "asian",
    "other_asian": "asian", "hawaiian": "asian", "other_pacific_islander": "asian",
}

# PLCOm2012 race/ethnicity terms
PLCOM_GROUP = {
    "white": "race_white", "black": "race_black", "hispanic": "race_hispanic", "hispanic_us_born": "race_hispanic",
    "hispanic_foreign_born": "race_hispanic", "chinese": "race_asian", "japanese": "race_asian",
    "filipino": "race_asian", "other_asian": "race_asian", "hawaiian": "race_native_hawaiian_pacific_islander",
    "other_pacific_islander": "race_native_hawaiian_pacific_islander",
    "american_indian_alaska_native": "race_american_indian_alaska_native",
}
