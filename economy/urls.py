from django.urls import path

from economy import views

app_name = "economy"
urlpatterns = [
    path("incomes/", views.incomes, name="incomes"),
    path("settings/", views.settings_page, name="settings"),
    path("cleanup/", views.cleanup, name="cleanup"),
    path("claims/<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
]
