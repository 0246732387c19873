from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LockoutAuthenticationForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LockoutAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetRequestView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("security/", views.security, name="security"),
    path("security/sessions/end/", views.security_session_end, name="security_session_end"),
    path("security/sign-out-everywhere/", views.security_sign_out_everywhere, name="security_sign_out_everywhere"),
    path("security/token/revoke/", views.security_token_revoke, name="security_token_revoke"),
    path("email/verify/send/", views.email_verify_send, name="email_verify_send"),
    path("email/verify/<str:token>/", views.email_verify, name="email_verify"),
    path("mobile/verify/send/", views.mobile_verify_send, name="mobile_verify_send"),
    path("mobile/verify/", views.mobile_verify, name="mobile_verify"),
    path("two-factor/enrol/", views.second_factor_enrol, name="second_factor_enrol"),
    path("two-factor/verify/", views.second_factor_verify, name="second_factor_verify"),
    path("password/reset/complete/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
