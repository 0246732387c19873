"""Staff pass the second factor before the admin: a page of /admin/ (but its login and logout)
redirects a staff session that has not to the verification page, or to enrolment when the account
has no authenticator yet. The staff API checks the same rule in its permission class
(``second_factor.second_factor_satisfied``) and answers in the API's error format."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .second_factor import second_factor_enrolled, second_factor_satisfied
from .services import LAST_SEEN_SESSION_KEY, sign_in_session_seen


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        admin = reverse("admin:index")
        if (
            path.startswith(admin)
            and path not in (reverse("admin:login"), reverse("admin:logout"))
            and not second_factor_satisfied(request)
        ):
            step = "verify" if second_factor_enrolled(request.user) else "enrol"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(f'accounts:second_factor_{step}')}?{query}")
        return self.get_response(request)


class SignInSessionMiddleware:
    """Refreshes the ``last_seen`` of a recorded session, at most every few minutes (the sessions page).
    Reads only the session, never the user, so it adds no query to a request that would not load them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if LAST_SEEN_SESSION_KEY in request.session:
            sign_in_session_seen(request=request)
        return self.get_response(request)
