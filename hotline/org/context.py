from .access import is_admin, person_of, role_of


def person(request):
    """Template context: the signed-in person and role, for the navigation."""
    user = getattr(request, "user", None)
    return {"me": person_of(user), "my_role": role_of(user), "i_am_admin": is_admin(user)}
