"""Count words of module sources: python content/wordcount.py content/courses/*/*.md"""

import re
import sys

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    body = text.split("---", 2)[2] if text.startswith("---") else text
    words = len(re.findall(r"\w+", body))
    print(f"{words:5d}  {path}")
