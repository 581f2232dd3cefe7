"""The home page: what the platform does, and where to start."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """Site root. Tells an ASN what the platform does and links to katalog, kalkulator and sign-up."""

    lead = models.TextField(
        _("pembuka"),
        max_length=400,
        blank=True,
        help_text=_("Dua kalimat yang menjelaskan platform kepada ASN."),
    )

    content_panels = Page.content_panels + [FieldPanel("lead")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage", "livinglab.CaseStudyIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("beranda")

    def route(self, request, path_components):
        """Find a descendant by its full URL path in one query instead of one child lookup per level
        (a module page is four levels deep). Same outcome as Wagtail's walk: the page found must be
        live; anything else — sub-routes of routable pages, unknown paths — takes Wagtail's own route."""
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = Page.objects.filter(url_path=url_path, path__startswith=self.path).specific().first()
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from courses.models import CourseIndexPage, CoursePage

        context = super().get_context(request, *args, **kwargs)
        context["katalog"] = CourseIndexPage.objects.live().first()
        context["featured_courses"] = CoursePage.objects.live().descendant_of(self).order_by("path")[:6]
        return context
