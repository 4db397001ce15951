class PolicyPermissionBackend:
    """Answers Django's permission checks (the admin's among them) from the access policy.

    Floorwalk does not use Django's per-model permissions: administrators may manage
    everything in the admin, everyone else nothing.
    """

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        from floorwalk.accounts.policy import is_admin  # the policy imports the user model

        return is_admin(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return self.has_perm(user_obj, app_label)
