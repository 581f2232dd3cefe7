from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("kursus/<int:course_id>/daftar/", views.enrol_view, name="enrol"),
    path("unit/<int:page_id>/selesai/", views.complete_view, name="complete"),
]
