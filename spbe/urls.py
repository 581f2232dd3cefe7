from django.urls import path

from . import views

app_name = "spbe"

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("kalkulator/", views.calculator, name="calculator"),
    path("<slug:code>/", views.framework_detail, name="framework"),
    path("<slug:code>/kalkulator/", views.calculator, name="framework_calculator"),
    path("<slug:code>/indikator/<int:number>/", views.indicator_detail, name="indicator"),
]
