"""StreamField blocks of lessons and modules. Bodies are Markdown, rendered by ``render_markdown``."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .markdown import render_markdown


class MarkdownBlock(blocks.TextBlock):
    """Markdown source; shown as sanitised HTML."""

    def render_basic(self, value, context=None):
        return render_markdown(value)

    class Meta:
        icon = "doc-full"
        label = _("Markdown")
        rows = 12
        help_text = _("Markdown: ### subjudul, **tebal**, daftar dengan -, tabel dengan |.")


class SectionBlock(blocks.StructBlock):
    """A titled section of a module or lesson."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("assesses", _("Apa yang dinilai")),
            ("evidence", _("Bukti dukung")),
            ("misreadings", _("Salah baca yang menaikkan nilai")),
            ("next_level", _("Naik satu tingkat")),
            ("regulations", _("Regulasi terkait")),
            ("other", _("Bagian lain")),
        ],
        default="other",
        help_text=_("Jenis bagian; dipakai untuk navigasi dan pemeriksaan kelengkapan modul."),
    )
    heading = blocks.CharBlock(max_length=120)
    body = MarkdownBlock()

    class Meta:
        icon = "title"
        label = _("Bagian")
        template = "blocks/section_block.html"


class LevelBlock(blocks.StructBlock):
    """How to read one maturity level; the level's name comes from the indicator's scale."""

    level = blocks.IntegerBlock(min_value=1, max_value=5, help_text=_("Tingkat 1–5."))
    body = MarkdownBlock(
        help_text=_("Apa yang harus ditunjukkan instansi, dan apa bedanya dengan tingkat di bawahnya.")
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = (parent_context or {}).get("page")
        indicator = getattr(page, "indicator", None)
        context["level_name"] = indicator.level_name(value["level"]) if indicator else ""
        return context

    class Meta:
        icon = "list-ol"
        label = _("Tingkat")
        template = "blocks/level_block.html"


class LessonStreamBlock(blocks.StreamBlock):
    section = SectionBlock()


class ModuleStreamBlock(blocks.StreamBlock):
    section = SectionBlock()
    level = LevelBlock()
