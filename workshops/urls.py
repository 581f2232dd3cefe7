from django.urls import path

from . import views

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
    # certificates urls
    # import urls
    # export urls
]
