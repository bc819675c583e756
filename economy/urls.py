from django.urls import path

from economy import views

app_name = "economy"
urlpatterns = [
    path("incomes/", views.incomes, name="incomes"),
    path("settings/", views.settings_page, name="settings"),
    path("cleanup/", views.cleanup, name="cleanup"),
    path("claims/<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("contracts/<int:pk>/documents/", views.contract_document_add, name="contract_document_add"),
    path("contract-documents/<int:pk>/", views.contract_document, name="contract_document"),
    path("systems/<int:pk>/documents/", views.system_document_add, name="system_document_add"),
    path("system-documents/<int:pk>/", views.system_document, name="system_document"),
    path("rules/<int:pk>/documents/", views.rule_document_add, name="rule_document_add"),
    path("rule-documents/<int:pk>/", views.rule_document, name="rule_document"),
]
