from django.urls import path

from floorwalk.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.reviews_home, name="home"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/feedback/", views.feedback_give, name="feedback"),
]
