from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "floorwalk.accounts"
    label = "accounts"
