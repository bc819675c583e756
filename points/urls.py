from django.urls import path

from points import views

app_name = "points"
urlpatterns = [
    path("", views.index, name="index"),
    path("rulebooks/", views.rulebook_list, name="rulebooks"),
    path("rulebooks/new/", views.rulebook_new, name="rulebook_new"),
    path("rulebooks/<int:pk>/", views.rulebook_detail, name="rulebook"),
    path("rulebooks/<int:pk>/edit/", views.rulebook_form, name="rulebook_edit"),
    path("rulebooks/<int:pk>/pdf/", views.rulebook_pdf, name="rulebook_pdf"),
    path("rulebooks/<int:pk>/thresholds/", views.threshold_add, name="threshold_add"),
    path("thresholds/<int:pk>/delete/", views.threshold_delete, name="threshold_delete"),
    path("record/", views.record, name="record"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/evidence/", views.claim_evidence, name="claim_evidence"),
    path("claims/<int:pk>/decide/", views.claim_decide, name="claim_decide"),
    path("rankings/", views.ranking_list, name="rankings"),
    path("rankings/compute/", views.ranking_compute, name="ranking_compute"),
    path("rankings/<int:pk>/", views.ranking_detail, name="ranking"),
    path("rankings/<int:pk>/publish/", views.ranking_publish, name="ranking_publish"),
    path("rankings/<int:pk>/recompute/", views.ranking_recompute, name="ranking_recompute"),
    path("rankings/<int:pk>/correct/", views.ranking_correct, name="ranking_correct"),
    path("rankings/<int:pk>/render/", views.ranking_render, name="ranking_render"),
    path("notices/<int:pk>/", views.notice_download, name="notice"),
    path("handbook/", views.handbook, name="handbook"),
    path("handbook/pdf/", views.handbook_pdf, name="handbook_own_pdf"),
    path("handbook/<int:member_pk>/", views.handbook, name="member_handbook"),
    path("handbook/<int:member_pk>/pdf/", views.handbook_pdf, name="handbook_pdf"),
]
