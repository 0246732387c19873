from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from console.paginator import NationalScaleAdmin
from recruitment_weeks.accounts.models import User
from recruitment_weeks.accounts.second_factor import second_factor_reset

# django-otp registers its device models; here they would show the TOTP secrets and recovery codes to
# whoever may view them. Staff enrol on their own page, and a superuser resets with the action below.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class UserAdmin(NationalScaleAdmin, BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (None, {"fields": ("language",)}))
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    actions = ["reset_second_factor"]

    def has_reset_second_factor_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    @admin.action(description=_("重置两步验证（须重新启用）"), permissions=["reset_second_factor"])
    def reset_second_factor(self, request, queryset):
        users = list(queryset)
        for user in users:
            second_factor_reset(user=user, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "已重置 %(count)d 个账户的两步验证，下次进入管理后台时须重新启用。",
                "已重置 %(count)d 个账户的两步验证，下次进入管理后台时须重新启用。",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
