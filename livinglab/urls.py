from django.urls import path

from . import views

app_name = "livinglab"

urlpatterns = [path("studi-kasus/<int:page_id>/menerapkan/", views.adopt, name="adopt")]
