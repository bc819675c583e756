from django.urls import path

from stars import views

app_name = "stars"
urlpatterns = [
    path("", views.index, name="index"),
    path("standard/", views.standard, name="standard"),
    path("standard/copy/", views.standard_copy, name="standard_copy"),
    path("standard/defaults/", views.standard_defaults, name="standard_defaults"),
    path("settings/", views.settings_page, name="settings"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.board, name="board"),
    path("rounds/<int:pk>/close-self/", views.round_close_self, name="round_close_self"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round_publish"),
    path("rounds/<int:pk>/notice/", views.round_notice, name="round_notice"),
    path("ratings/<int:pk>/", views.rating, name="rating"),
    path("ratings/<int:pk>/self/", views.self_assess, name="self_assess"),
    path("ratings/<int:pk>/review/", views.review, name="review"),
    path("ratings/<int:pk>/agree-all/", views.agree_all, name="agree_all"),
    path("ratings/<int:pk>/correct/", views.correct, name="correct"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("secretary-runs/new/", views.run_new, name="run_new"),
    path("secretary-runs/<int:pk>/", views.run, name="run"),
    path("secretary-runs/<int:pk>/recompute/", views.run_recompute, name="run_recompute"),
    path("secretary-runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
    path("secretary-runs/<int:pk>/notice/", views.run_notice, name="run_notice"),
    path("secretary-runs/<int:pk>/remuneration.xlsx", views.remuneration, name="remuneration"),
    path("secretary-ratings/<int:pk>/adjust/", views.adjust, name="adjust"),
]
