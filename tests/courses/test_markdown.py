from courses.markdown import render_markdown


def test_headings_lists_tables():
    html = render_markdown("### Bukti\n\n- satu\n- dua\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert '<h3 id="bukti">Bukti</h3>' in html
    assert "<li>satu</li>" in html
    assert "<table>" in html and "<td>2</td>" in html


def test_emphasis_and_links_get_rel():
    html = render_markdown("**tebal** dan [tautan](https://contoh.go.id)")
    assert "<strong>tebal</strong>" in html
    assert 'href="https://contoh.go.id"' in html and 'rel="noopener noreferrer"' in html


def test_unsafe_input_is_inert():
    payloads = [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<svg onload=alert(1)>",
        '<div onclick="alert(1)">x</div>',
    ]
    for payload in payloads:
        html = render_markdown(payload).lower()
        assert "<script" not in html
        assert "onerror" not in html and "onload" not in html and "onclick" not in html
        assert "javascript:" not in html
        assert "<iframe" not in html and "<svg" not in html and "style=" not in html


def test_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
