"""Data embedded in a page for scripts and machines: JSON inside a `<script>` element.

Inside `<script>`, an HTML parser ends the element at the first `</script` and treats
`<!--` specially, whatever JSON means; U+2028 and U+2029 end a line in older JavaScript.
`script_json` writes `<`, `>`, `&`, U+2028 and U+2029 as `\\u` escapes, which every JSON
parser reads back as the same characters: the text round-trips exactly and nothing in it
can close the element.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

_UNSAFE = re.compile("[<>&\u2028\u2029]")


def script_json(data: object) -> Markup:
    """`data` as JSON safe to print inside a `<script>` element (Markup: not escaped
    again by the templates). Keys keep their order; non-ASCII text stays as it is."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
