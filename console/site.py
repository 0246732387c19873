"""The portal's admin site: Django's, named for the venues' workplace, and with the app list (the
nav sidebar's: a permission check for every registered model) built only when a page shows it."""

from functools import partial

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("招聘周门户 · 会场管理")
    site_title = _("招聘周门户")
    index_title = _("会场工作台")

    @property
    def login_form(self):
        # The same throttle and lockout as /accounts/login/ and the token endpoint (the backend applies
        # them to every password check; this form shows their messages). Imported here: the site is
        # made while the apps load, before forms that use the user model can be imported.
        from recruitment_weeks.accounts.forms import LockoutAdminAuthenticationForm

        return LockoutAdminAuthenticationForm

    def get_app_list(self, request, app_label=None):
        # each_context() asks for it on every admin page; pages without the sidebar never iterate it.
        return SimpleLazyObject(partial(super().get_app_list, request, app_label))


class PortalAdminConfig(AdminConfig):
    default_site = "console.site.PortalAdminSite"
