from django.urls import path

from issues import views

app_name = "issues"
urlpatterns = [
    path("mine/", views.my_tasks, name="my_tasks"),
    path("stats/", views.stats, name="stats"),
    path("problems/<int:pk>/status/", views.problem_status, name="problem_status"),
    path("problems/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
]
