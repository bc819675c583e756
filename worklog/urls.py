from django.urls import path

from worklog import views

app_name = "worklog"
urlpatterns = [
    path("tasks/mine/", views.my_tasks, name="my_tasks"),
    path("timeline/", views.timeline, name="timeline"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("meetings/<int:pk>/minutes/", views.minutes_add, name="minutes_add"),
    path("meetings/<int:pk>/decisions/<int:line>/task/", views.decision_task, name="decision_task"),
    path("meetings/<int:pk>/decisions/<int:line>/problem/", views.decision_problem, name="decision_problem"),
    path("visits/<int:pk>/problem/", views.finding_problem, name="finding_problem"),
    path("minutes/<int:pk>/", views.minutes_file, name="minutes_file"),
    path("trainings/<int:pk>/materials/", views.material_add, name="material_add"),
    path("materials/<int:pk>/", views.material_file, name="material_file"),
    path("centres/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/", views.photo_file, name="photo_file"),
]
