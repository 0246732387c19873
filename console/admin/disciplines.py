from django.contrib import admin

from recruitment_weeks.reference.models import Discipline


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en")
