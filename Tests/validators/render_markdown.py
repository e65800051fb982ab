"""Renders a Markdown audit to HTML with a real renderer (markdown-it-py: CommonMark with
GitHub's tables, the rules GitHub and GitLab render by) and prints the shape of what it made,
as JSON: the headings, each table's cell count per row, the code blocks by language, the
<details> blocks, any list cut short ("and 7 more") and any HTML tag outside the set the
audit writes, which would be markup a repository smuggled in.

Usage: render_markdown.py AUDIT.md [--html OUT.html]
With --html it also writes a standalone page (for the screenshot in docs/).
"""
import json
import re
import sys
from html.parser import HTMLParser

try:
    from markdown_it import MarkdownIt
except ImportError:
    sys.exit("markdown-it-py is missing: run `make test-deps`")

ALLOWED = {"h1", "h2", "h3", "h4", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "ul",
           "ol", "li", "a", "strong", "em", "blockquote", "details", "summary", "hr", "br"}

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Ollama dependency audit</title>
<style>
body {{ font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
       max-width: 1180px; margin: 24px auto; padding: 0 24px; }}
h1, h2 {{ border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }}
table {{ border-collapse: collapse; margin: 12px 0; display: block; overflow: auto; }}
th, td {{ border: 1px solid #d1d9e0; padding: 4px 10px; vertical-align: top; }}
tr:nth-child(2n) {{ background: #f6f8fa; }}
code {{ background: #eff1f3; border-radius: 4px; padding: .1em .3em; font-size: 85%; }}
pre {{ background: #f6f8fa; padding: 12px; border-radius: 6px; overflow: auto; }}
pre code {{ background: none; padding: 0; }}
blockquote {{ color: #59636e; border-left: .25em solid #d1d9e0; margin: 0; padding: 0 1em; }}
</style></head><body>
{body}
</body></html>
"""


class Shape(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.tables, self.code, self.tags = [], [], [], set()
        self.details = 0
        self.heading = None
        self.row = None

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.tags.add(tag)
        if tag in ("h1", "h2", "h3"):
            self.heading = [tag, ""]
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = 0
        elif tag in ("td", "th") and self.row is not None:
            self.row += 1
        elif tag == "code":
            language = dict(attrs).get("class", "")
            if language.startswith("language-"):
                self.code.append(language[len("language-"):])
        elif tag == "details":
            self.details += 1

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self.heading:
            self.headings.append(self.heading[0] + " " + self.heading[1].strip())
            self.heading = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.heading:
            self.heading[1] += data


def main():
    source = open(sys.argv[1], encoding="utf-8").read()
    html = MarkdownIt("commonmark").enable("table").render(source)
    if "--html" in sys.argv:
        with open(sys.argv[sys.argv.index("--html") + 1], "w", encoding="utf-8") as out:
            out.write(PAGE.format(body=html))
    shape = Shape()
    shape.feed(html)
    text = re.sub(r"<[^>]*>", "", html)
    print(json.dumps({
        "headings": shape.headings,
        "tables": shape.tables,
        "code": shape.code,
        "details": shape.details,
        "cut_short": re.findall(r"\band \d+ more\b", text),
        "foreign_tags": sorted(shape.tags),
    }, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
