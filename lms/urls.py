from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views
from workshops import views_certificates

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumen/", include(wagtaildocs_urls)),
    # Without a CSRF token: the footer switcher sits on pages served from the anonymous page cache,
    # whose HTML must carry no one's token. A forged switch changes only a language preference, and
    # set_language only redirects to a safe ``next`` URL on this host.
    path("bahasa/", csrf_exempt(set_language), name="set_language"),
    path("akun/", include("accounts.urls")),
    path("spbe/", include("spbe.urls")),
    path("belajar/", include("courses.urls")),
    path("kuis/", include("quizzes.urls")),
    path("living-lab-aksi/", include("livinglab.urls")),
    path("workshop/", include("workshops.urls")),
    path("cari/", search_views.search, name="search"),
    path("verifikasi/<str:number>/", views_certificates.verify, name="certificate_verify"),
]

if settings.BENCH:
    # `make bench` only: the baseline every throughput figure is a ratio of (bench/http_load.py).
    from lms.bench import bare

    urlpatterns.append(path("bench/bare/", bare))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
