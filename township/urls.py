from django.urls import path

from township import views

app_name = "township"
urlpatterns = [
    path("board/", views.board, name="board"),
    path("villages/<int:pk>/", views.village, name="village"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/new/", views.review_new, name="review_new"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review_edit"),
]
