from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("county/", views.county, name="county"),
    path("charts/<slug:key>/", views.chart, name="chart"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/redraft/", views.redraft, name="redraft"),
    path("<int:pk>/gaps/", views.confirm_gaps, name="confirm_gaps"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/reissue/", views.reissue, name="reissue"),
    path("<int:pk>/render/", views.render_files, name="render"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/<str:kind>/", views.job_file, name="job_file"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/<str:kind>/", views.version_file, name="version_file"),
]
