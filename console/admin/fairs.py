"""专场, the employers' applications to join them, sessions (宣讲会 and one-to-one slots) and
bookings, for the staff of the organising or approving venue. Every write goes through fairs.services."""

from django import forms
from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from console.actions import REVIEW_READONLY, ReviewQueueMixin, reason_action, run_service_action
from console.scoping import ManagedVenueFilter, VenueScopedAdmin
from fairs import services
from fairs.models import Booking, Session, Slot, SpecialFair, SpecialFairParticipation
from fairs.permissions import (
    can_review_participation,
    can_review_session,
    session_reviewers_q,
    special_fair_reviewers_q,
)
from recruitment_weeks.reference.enums import DegreeLevel, Industry
from venues.permissions import staff_scope

BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
LISTS = ("partner_venues", "employer_provinces", "graduate_disciplines", "graduate_provinces")


class SpecialFairForm(forms.ModelForm):
    employer_industries = forms.MultipleChoiceField(
        label=_("限定单位行业"), choices=Industry.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    graduate_degrees = forms.MultipleChoiceField(
        label=_("限定毕业生学历"), choices=DegreeLevel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SpecialFair
        fields = (
            "week",
            "venue",
            "scope",
            "partner_venues",
            "title",
            "theme",
            "description",
            "employer_industries",
            "employer_provinces",
            "graduate_degrees",
            "graduate_disciplines",
            "graduate_provinces",
        )

    def save(self, commit=True):
        """The service writes the row (SpecialFairAdmin.save_model); the form only validates."""
        return self.instance


@admin.register(SpecialFair)
class SpecialFairAdmin(VenueScopedAdmin):
    """Venue staff create 专场 at their venues (as drafts), then publish or cancel them."""

    venue_path = "venue"
    staff_add = True
    staff_review = True  # publish and cancel
    form = SpecialFairForm
    list_display = ("title", "week", "venue", "scope", "theme", "status", "published_at")
    list_filter = ("status", "scope", ("week", RelatedOnlyFieldListFilter), ("venue", ManagedVenueFilter))
    search_fields = ("title",)
    list_select_related = ("week", "venue")
    filter_horizontal = LISTS
    actions = ["publish", "cancel"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        obj.pk = services.special_fair_create(actor=request.user, **data).pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        """The service set the lists already."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        clean = form.clean

        def check_with_the_service(this):
            """The service's rules (scope and organisers, the week) on the form, field by field."""
            data = clean(this)
            if this.errors:
                return data
            try:
                services.special_fair_check(**{name: data.get(name) or () for name in form.Meta.fields})
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    this.add_error(field if field in this.fields else None, errors)
            return data

        form.clean = check_with_the_service
        return form

    @admin.action(description=_("发布所选专场"), permissions=["review"], location=BOTH)
    def publish(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.special_fair_publish(special_fair=obj, actor=user)
        )

    @admin.action(description=_("取消所选专场"), permissions=["review"], location=BOTH)
    def cancel(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.special_fair_cancel(special_fair=obj, actor=user)
        )


@admin.register(SpecialFairParticipation)
class SpecialFairParticipationAdmin(ReviewQueueMixin, VenueScopedAdmin):
    """An employer's application to join a 专场, reviewed by the organiser venue's staff."""

    venue_path = "special_fair__venue"
    staff_review = True

    # The organiser venue's staff and, for a joint 专场, each partner venue's (fairs.permissions).
    def scope_queryset(self, request, queryset):
        return queryset.filter(special_fair_reviewers_q(staff_scope(request.user), "special_fair"))

    def scope_allows(self, request, obj) -> bool:
        return can_review_participation(request.user, obj)

    list_display = ("employer", "special_fair", "status", "waiting", "on_duty_name", "submitted_at")
    list_filter = ("status", ("special_fair", RelatedOnlyFieldListFilter))
    search_fields = ("employer__name", "employer__uscc", "special_fair__title")
    list_select_related = ("employer", "special_fair")
    raw_id_fields = ("employer", "special_fair")
    readonly_fields = REVIEW_READONLY
    actions = ["approve", "reject"]

    @admin.action(description=_("通过所选专场报名"), permissions=["review"], location=BOTH)
    def approve(self, request, queryset):
        run_service_action(
            self, request, queryset, lambda obj, user: services.participation_approve(participation=obj, actor=user)
        )

    reject = reason_action(
        name="reject",
        description=_("不通过所选专场报名（需填写原因）"),
        heading=_("专场报名不通过：请填写原因"),
        service=lambda obj, user, reason: services.participation_reject(participation=obj, actor=user, reason=reason),
        locations=BOTH,
    )


class SlotInline(admin.TabularInline):
    model = Slot
    fields = ("starts_at", "ends_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True  # shown within a session the user may see (the session admin scopes it)


@admin.register(Session)
class SessionAdmin(ReviewQueueMixin, VenueScopedAdmin):
    """宣讲会 and one-to-one sessions, approved by the staff of their venue before graduates book them."""

    venue_path = "venue"
    staff_review = True

    # The session's venue and, in a joint 专场, each partner venue of it (fairs.permissions).
    def scope_queryset(self, request, queryset):
        return queryset.filter(session_reviewers_q(staff_scope(request.user)))

    def scope_allows(self, request, obj) -> bool:
        return can_review_session(request.user, obj)

    list_display = ("title", "employer", "kind", "starts_at", "special_fair", "venue", "status", "waiting")
    list_filter = ("status", "kind", ("week", RelatedOnlyFieldListFilter), ("venue", ManagedVenueFilter))
    search_fields = ("title", "employer__name")
    list_select_related = ("employer", "special_fair", "venue")
    raw_id_fields = ("employer", "special_fair")
    readonly_fields = REVIEW_READONLY
    inlines = [SlotInline]
    actions = ["approve", "reject"]

    @admin.action(description=_("通过所选场次"), permissions=["review"], location=BOTH)
    def approve(self, request, queryset):
        run_service_action(self, request, queryset, lambda obj, user: services.session_approve(session=obj, actor=user))

    reject = reason_action(
        name="reject",
        description=_("不通过所选场次（需填写原因）"),
        heading=_("场次不通过：请填写原因"),
        service=lambda obj, user, reason: services.session_reject(session=obj, actor=user, reason=reason),
        locations=BOTH,
    )


@admin.register(Booking)
class BookingAdmin(VenueScopedAdmin):
    """Graduates' bookings of the sessions at the user's venues (read only)."""

    venue_path = "session__venue"
    list_display = ("graduate", "session", "slot", "status", "starts_at", "attended_at", "attendance_source")
    list_filter = ("status", "attendance_source")
    search_fields = ("session__title", "graduate__name")
    list_select_related = ("graduate", "session", "slot")
    raw_id_fields = ("graduate", "session", "slot")
