from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "floorwalk.reviews"
    label = "reviews"
    verbose_name = "Reviews"
