from django.urls import path

from core import task_views

app_name = "core"

urlpatterns = [
    path("", task_views.task_runs, name="task_runs"),
    path("<int:pk>/retry/", task_views.task_run_retry, name="task_run_retry"),
    path("files/<int:pk>/", task_views.file_job, name="file_job"),
    path("files/<int:pk>/download/", task_views.file_job_download, name="file_job_download"),
]
