"""Countries: free text tidied, and well-known spellings mapped to one English name.

Countries are not validated against a list (editors write regions, territories, "online"),
so an unknown value is kept as written; only the spellings below are unified so that
statistics and "same country" reasons count them together.
"""

from __future__ import annotations

from wikisync.normalize.keys import fold
from wikisync.normalize.text import single_line

_CANONICAL: dict[str, tuple[str, ...]] = {
    "United States": (
        "USA",
        "US",
        "U.S.",
        "U.S.A.",
        "United States of America",
        "America",
        "États-Unis",
        "Estados Unidos",
        "EUA",
    ),
    "United Kingdom": ("UK", "U.K.", "Great Britain", "Britain", "Royaume-Uni", "Reino Unido"),
    "Côte d'Ivoire": ("Ivory Coast", "Cote d'Ivoire", "Costa de Marfil", "Costa do Marfim"),
    "Democratic Republic of the Congo": (
        "DRC",
        "DR Congo",
        "RDC",
        "Congo-Kinshasa",
        "RD Congo",
        "République démocratique du Congo",
    ),
    "Republic of the Congo": ("Congo-Brazzaville", "Congo Brazzaville"),
    "South Korea": ("Korea", "Republic of Korea", "Corée du Sud", "Corea del Sur"),
    "Russia": ("Russian Federation", "Russie", "Rusia", "Rússia"),
    "Brazil": ("Brasil", "Brésil"),
    "Mexico": ("México", "Mexique"),
    "Spain": ("España", "Espagne", "Espanha"),
    "Germany": ("Deutschland", "Allemagne", "Alemania", "Alemanha"),
    "France": ("Francia", "França"),
    "Morocco": ("Maroc", "Marruecos", "Marrocos", "المغرب"),
    "Algeria": ("Algérie", "Argelia", "Argélia", "الجزائر"),
    "Tunisia": ("Tunisie", "Túnez", "Tunísia", "تونس"),
    "Egypt": ("Égypte", "Egipto", "Egito", "مصر"),
    "Senegal": ("Sénégal",),
    "Cameroon": ("Cameroun", "Camerún", "Camarões"),
    "Nigeria": ("Nigéria",),
    "Gambia": ("The Gambia",),
    "Eswatini": ("Swaziland",),
    "Türkiye": ("Turkey", "Turquie", "Turquía", "Turquia"),
    "Netherlands": ("The Netherlands", "Holland", "Pays-Bas", "Países Bajos", "Países Baixos"),
    "Philippines": ("Filipinas",),
    "India": ("Inde", "Índia", "Bharat"),
    "Indonesia": ("Indonésie", "Indonésia"),
    "South Africa": ("RSA", "Afrique du Sud", "Sudáfrica", "África do Sul"),
}
_BY_KEY = {
    fold(spelling): name
    for name, spellings in _CANONICAL.items()
    for spelling in (name, *spellings)
}


def tidy_country(text: str) -> str:
    """``text`` on one line, with a well-known spelling replaced by its English name.

    A name written all in lower case gets a capital first letter ("ghana" -> "Ghana").
    """
    line = single_line(text)
    known = _BY_KEY.get(fold(line))
    if known is not None:
        return known
    if line.islower():
        return line[0].upper() + line[1:]
    return line
