from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.take, name="take"),
    path("<int:pk>/result/", views.result, name="result"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/stats/", views.stats, name="stats"),
    path("<int:pk>/points/", views.award, name="award"),
]
