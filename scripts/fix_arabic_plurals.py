"""Set the Arabic catalog's Plural-Forms header to gettext's correct rule.

Babel writes ``n%100>=0 && n%100<=2 ? 4 : 5`` for Arabic (python-babel issue
816), which puts 11..99 in the wrong form and 100 in "many". The CLDR rule is:
0 zero, 1 one, 2 two, n%100 in 3..10 few, n%100 in 11..99 many, else other.

Usage: python scripts/fix_arabic_plurals.py translations/ar/LC_MESSAGES/messages.po
"""

import re
import sys

ARABIC_PLURAL_FORMS = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
)


def fix(text: str) -> str:
    """Return the catalog text with the Plural-Forms header replaced."""
    header = re.compile(r'"Plural-Forms:.*?\\n"\n', re.S)
    return header.sub(lambda _m: f'"Plural-Forms: {ARABIC_PLURAL_FORMS}\\n"\n', text, count=1)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as handle:
            original = handle.read()
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(fix(original))
