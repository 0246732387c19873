"""/api/v1/ of 专场, sessions and bookings: the public 专场 and sessions, and the signed-in
graduate's bookings (book, cancel). One view per operation; the same services and selectors as the
pages (fairs.session_views)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api.views import EmployerMixin
from graduates.api.views import GraduateView
from recruitment_weeks.pagination import KeysetCursorPagination

from .. import services
from .. import session_selectors as selectors
from ..models import Slot
from . import serializers as s

SESSION_FILTERS = [
    OpenApiParameter("special_fair", OpenApiTypes.INT, description=_("只看该专场的场次")),
    OpenApiParameter("week", OpenApiTypes.INT, description=_("只看该招聘周的场次")),
]


class SpecialFairListView(APIView):
    """GET /api/v1/special-fairs/ — published 专场, newest first (cursor pages)."""

    permission_classes = [permissions.AllowAny]
    pagination_class = KeysetCursorPagination

    @extend_schema(responses=s.SpecialFairSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.special_fairs_public().order_by("-pk"), request, view=self)
        return paginator.get_paginated_response(s.SpecialFairSerializer(page, many=True).data)


class SpecialFairDetailView(APIView):
    """GET /api/v1/special-fairs/<id>/ — a published 专场 with its approved employers and sessions."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=s.SpecialFairDetailSerializer)
    def get(self, request, pk: int):
        page = selectors.special_fair_page(pk=pk)
        if page is None:
            raise Http404
        special_fair = page.special_fair
        special_fair.approved_participations, special_fair.public_sessions = page.participations, page.sessions
        special_fair.partners = page.partners
        return Response(s.SpecialFairDetailSerializer(special_fair).data)


def _id_filter(request, name: str) -> dict:
    value = request.query_params.get(name, "")
    if not value:
        return {}
    if not value.isascii() or not value.isdigit() or len(value) > 10:
        raise ValidationError({name: [_("请输入整数编号。")]})
    return {f"{name}_id": int(value)}


class SessionListView(APIView):
    """GET /api/v1/sessions/ — approved sessions, soonest first (cursor pages); ``?special_fair=``,
    ``?week=`` narrow them."""

    permission_classes = [permissions.AllowAny]
    pagination_class = KeysetCursorPagination

    @extend_schema(parameters=SESSION_FILTERS, responses=s.SessionSerializer(many=True))
    def get(self, request):
        filters = {**_id_filter(request, "special_fair"), **_id_filter(request, "week")}
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.sessions_public(**filters), request, view=self)
        return paginator.get_paginated_response(s.SessionSerializer(page, many=True).data)


class SessionDetailView(APIView):
    """GET /api/v1/sessions/<id>/ — one approved session with its places and slots."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=s.SessionSerializer)
    def get(self, request, pk: int):
        session = selectors.sessions_public().filter(pk=pk).first()
        if session is None:
            raise Http404
        return Response(s.SessionSerializer(session).data)


# --- The graduate's bookings -------------------------------------------------------------------------


class BookingListView(GraduateView):
    """GET /api/v1/graduate/bookings/ — own bookings, soonest first (cursor pages) · POST {"session",
    "slot"} — book (or join the waiting list of a full 宣讲会; a repeat gives the same booking). 201."""

    pagination_class = KeysetCursorPagination

    @extend_schema(responses=s.BookingSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.bookings_of(graduate=self.graduate), request, view=self)
        return paginator.get_paginated_response(s.BookingSerializer(page, many=True).data)

    @extend_schema(request=s.BookingInputSerializer, responses={201: s.BookingSerializer})
    def post(self, request):
        serializer = s.BookingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = selectors.sessions_public().filter(pk=serializer.validated_data["session"]).first()
        if session is None:
            raise ValidationError({"session": [_("该场次不存在或未开放预约。")]})
        slot = None
        if slot_id := serializer.validated_data.get("slot"):
            slot = Slot.objects.filter(pk=slot_id, session=session).first()
            if slot is None:
                raise ValidationError({"slot": [_("请选择本场次的一个时段。")]})
        booking = services.booking_create(graduate=self.graduate, session=session, slot=slot, actor=request.user)
        booking = selectors.booking_of(graduate=self.graduate, pk=booking.pk)
        return Response(s.BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


def _own_booking(view: GraduateView, pk: int):
    booking = selectors.booking_of(graduate=view.graduate, pk=pk)
    if booking is None:  # another graduate's or none: the same 404
        raise Http404
    return booking


class BookingDetailView(GraduateView):
    @extend_schema(responses=s.BookingSerializer)
    def get(self, request, pk: int):
        return Response(s.BookingSerializer(_own_booking(self, pk)).data)


class BookingCancelView(GraduateView):
    """POST /api/v1/graduate/bookings/<id>/cancel/ — before the session starts (the first on a full
    宣讲会's waiting list moves up)."""

    @extend_schema(request=None, responses=s.BookingSerializer)
    def post(self, request, pk: int):
        services.booking_cancel(booking=_own_booking(self, pk), actor=request.user)
        return Response(s.BookingSerializer(_own_booking(self, pk)).data)


# --- The employer's sessions ---------------------------------------------------------------------------


class EmployerSessionListView(EmployerMixin, APIView):
    """GET /api/v1/employer/sessions/ — own sessions, latest first (cursor pages) · POST — schedule a
    宣讲会 or one-to-one slots (approved employers in the week's fair or the 专场), pending the
    venue's approval. 201."""

    pagination_class = KeysetCursorPagination

    @extend_schema(responses=s.EmployerSessionSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.sessions_of(employer=self.employer), request, view=self)
        return paginator.get_paginated_response(s.EmployerSessionSerializer(page, many=True).data)

    @extend_schema(request=s.SessionScheduleInputSerializer, responses={201: s.EmployerSessionSerializer})
    def post(self, request):
        employer = self.employer
        if not employer.is_approved:
            raise PermissionDenied(_("单位注册信息审核通过后才能安排场次。"))
        serializer = s.SessionScheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_schedule(employer=employer, actor=request.user, **serializer.validated_data)
        session = selectors.sessions_of(employer=employer).get(pk=session.pk)
        return Response(s.EmployerSessionSerializer(session).data, status=status.HTTP_201_CREATED)


def _own_session(view, pk: int):
    session = selectors.sessions_of(employer=view.employer).filter(pk=pk).first()
    if session is None:  # another employer's or none: the same 404
        raise Http404
    return session


class EmployerSessionDetailView(EmployerMixin, APIView):
    """GET /api/v1/employer/sessions/<id>/ — one of the employer's own sessions."""

    @extend_schema(responses=s.EmployerSessionSerializer)
    def get(self, request, pk: int):
        return Response(s.EmployerSessionSerializer(_own_session(self, pk)).data)


class EmployerSessionCancelView(EmployerMixin, APIView):
    """POST /api/v1/employer/sessions/<id>/cancel/ — cancel one of the employer's sessions before it
    starts (the page's service): every booking and waiting place of it is cancelled and each of
    those graduates is told."""

    @extend_schema(request=None, responses=s.EmployerSessionSerializer)
    def post(self, request, pk: int):
        services.session_cancel(session=_own_session(self, pk), actor=request.user)
        return Response(s.EmployerSessionSerializer(_own_session(self, pk)).data)
