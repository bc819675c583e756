from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views
from core.registers import register_urls

handler400 = "core.views.bad_request"

admin.site.site_header = "基层治理 · 系统管理"
admin.site.site_title = "基层治理系统管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change_form.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("tree/", include("grids.urls")),
    path("r/", include(register_urls())),
    path("township/", include("township.urls")),
    path("visits/", include("visits.urls")),
    path("issues/", include("issues.urls")),
    path("stars/", include("stars.urls")),
    path("points/", include("points.urls")),
    path("worklog/", include("worklog.urls")),
    path("quiz/", include("training.urls")),
    path("economy/", include("economy.urls")),
    path("reports/", include("reports.urls")),
    path("tasks/", include("core.urls")),
    path("admin/", admin.site.urls),
]
# Nothing under MEDIA_ROOT is served directly, in any mode (not even under DEBUG): every file
# leaves through a view that asks the access layer (core.files.file_response).
