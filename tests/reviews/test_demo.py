from django.utils import timezone

from floorwalk.reviews.demo import reviews_demo_load
from floorwalk.reviews.models import Review, ReviewStatus


def test_the_demo_has_a_calibrated_cycle_in_every_state(loaded_tiny_floor):
    count = reviews_demo_load(today=timezone.localdate(), seed=3)

    reviews = list(Review.objects.all())
    assert count == len(reviews) >= 4
    assert {review.status for review in reviews} == set(ReviewStatus.values)
    adjusted = [review for review in reviews if review.calibrated_overall is not None]
    assert len(adjusted) == 1
    assert adjusted[0].calibration_reason
    assert all(review.feedback.exists() for review in reviews)
