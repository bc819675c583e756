from django.urls import path

from economy import views

app_name = "economy"
urlpatterns = [
    path("incomes/", views.incomes, name="incomes"),
    path("settings/", views.settings_page, name="settings"),
]
