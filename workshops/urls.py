from django.urls import include, path

from . import views, views_run

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("baru/", views.workshop_edit, name="create"),
    path("<int:workshop_id>/", views.workshop_detail, name="detail"),
    path("<int:workshop_id>/ubah/", views.workshop_edit, name="edit"),
    path("<int:workshop_id>/qr-bergabung.svg", views.join_qr, name="join_qr"),
    path("<int:workshop_id>/sesi/<int:session_id>/presensi/", views.mark_attendance, name="mark"),
    path("<int:workshop_id>/sesi/<int:session_id>/qr/", views.checkin_screen, name="checkin_screen"),
    path("ikut/", views.join, name="join_form"),
    path("ikut/<str:code>/", views.join, name="join"),
    path("hadir/<str:token>/", views.checkin, name="checkin"),
    path("saya/", views.my_workshops, name="mine"),
    path("<int:workshop_id>/tes/", views_run.tests_and_results, name="tests"),
    path("<int:workshop_id>/tes/<int:test_id>/buka-tutup/", views_run.toggle_test, name="toggle_test"),
    path("<int:workshop_id>/langsung/", views_run.live, name="live"),
    path("<int:workshop_id>/survei/hasil/", views_run.survey_results, name="survey_results"),
    path("<int:workshop_id>/ikuti/", views_run.participant_home, name="participant"),
    path("<int:workshop_id>/ikuti/tes/<int:test_id>/", views_run.take_test, name="take_test"),
    path("<int:workshop_id>/ikuti/survei/", views_run.survey, name="survey"),
    path("", include("workshops.urls_certificates")),
    path("", include("workshops.urls_import")),
    path("", include("workshops.urls_exports")),
]
