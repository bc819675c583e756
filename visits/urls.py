from django.urls import path

from visits import views

app_name = "visits"
urlpatterns = [
    path("new/", views.log_visit, name="log"),
    path("households/", views.household_options, name="household_options"),
    path("month/", views.month, name="month"),
    path("me/", views.me, name="me"),
    path("cadres/<int:pk>/", views.cadre, name="cadre"),
    path("quota/", views.quota, name="quota"),
    path("<int:pk>/photo/", views.photo, name="photo"),
]
