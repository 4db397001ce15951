from django.urls import path

from floorwalk.scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("", views.my_week, name="my_week"),
    path("calendar/", views.calendar_link, name="calendar_link"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("people/<int:pk>/requests/", views.person_requests, name="person_requests"),
    path("people/<int:pk>/constraints/new/", views.constraint_new, name="constraint_new"),
    path("people/<int:pk>/preferences/new/", views.preference_new, name="preference_new"),
    path("people/<int:pk>/contract/", views.contract_edit, name="contract_edit"),
    path("requests/<str:kind>/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<str:kind>/<int:pk>/decide/", views.request_decide, name="request_decide"),
    path("approvals/", views.approvals, name="approvals"),
    path("sites/<int:pk>/setup/", views.setup, name="setup"),
    path("sites/<int:pk>/templates/new/", views.template_new, name="template_new"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("sites/<int:pk>/rules/", views.rules_edit, name="rules_edit"),
    path("schedules/", views.schedules, name="schedules"),
    path("schedules/new/", views.schedule_new, name="schedule_new"),
    path("schedules/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/publish/", views.schedule_publish_view, name="schedule_publish"),
    path("schedules/<int:pk>/versions/", views.schedule_versions, name="schedule_versions"),
    path("schedules/<int:pk>/generate/", views.schedule_generate_view, name="schedule_generate"),
    path("generations/<int:pk>/", views.generation_detail, name="generation_detail"),
    path("sites/<int:pk>/fairness/", views.fairness_ledger, name="fairness_ledger"),
    path("shifts/<int:pk>/edit/", views.shift_edit, name="shift_edit"),
    path("shifts/<int:pk>/remove/", views.shift_remove, name="shift_remove"),
    # Self-scheduling: bidding windows.
    path("bidding/", views.bidding_windows, name="bidding_windows"),
    path("schedules/<int:pk>/bidding/new/", views.bidding_open, name="bidding_open"),
    path("bidding/<int:pk>/", views.bidding_window, name="bidding_window"),
    path("bidding/<int:pk>/slots/<int:slot>/pick/", views.bidding_pick_view, name="bidding_pick"),
    path("bidding/picks/<int:pk>/drop/", views.bidding_drop_view, name="bidding_drop"),
    path("bidding/<int:pk>/close/", views.bidding_close_view, name="bidding_close"),
    # Shift swaps and offers.
    path("shifts/<int:pk>/offer/", views.shift_offer_view, name="shift_offer"),
    path("shifts/<int:pk>/swap/", views.shift_swap_view, name="shift_swap"),
    path("swaps/", views.trades, name="trades"),
    path("swaps/offers/", views.offer_board, name="offer_board"),
    path("swaps/<int:pk>/decide/", views.trade_decide, name="trade_decide"),
    path("swaps/<int:pk>/<str:action>/", views.trade_action, name="trade_action"),
]
