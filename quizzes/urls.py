from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<slug:slug>/", views.quiz_detail, name="detail"),
    path("<slug:slug>/mulai/", views.start, name="start"),
    path("percobaan/<int:attempt_id>/", views.attempt_view, name="attempt"),
    path("percobaan/<int:attempt_id>/jawab/", views.answer, name="answer"),
    path("percobaan/<int:attempt_id>/kumpulkan/", views.submit, name="submit"),
    path("percobaan/<int:attempt_id>/hasil/", views.result, name="result"),
]
