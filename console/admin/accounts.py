from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from console.paginator import NationalScaleAdmin
from recruitment_weeks.accounts.models import User


@admin.register(User)
class UserAdmin(NationalScaleAdmin, BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (None, {"fields": ("language",)}))
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
