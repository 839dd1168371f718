"""The languages the parser reads. A new language is a module beside this one, added here."""

from afterview.parsers.languages import Language
from afterview.parsers.languages.en import ENGLISH
from afterview.parsers.languages.fr import FRENCH

LANGUAGES: tuple[Language, ...] = (ENGLISH, FRENCH)
