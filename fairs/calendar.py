"""The iCalendar file of one booking (RFC 5545, written by the ``icalendar`` library)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Booking


def booking_calendar(booking: Booking) -> bytes:
    """One VEVENT at the booking's time (UTC), with the portal's join link (which records attendance)
    rather than the meeting link itself. Stable UID: importing it again updates the same event."""
    session = booking.session
    join_url = settings.SITE_URL + reverse("graduates:booking_join", args=[booking.pk])
    calendar = Calendar()
    calendar.add("prodid", "-//recruitment-weeks//sessions//ZH")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"booking-{booking.pk}@{settings.SITE_URL.split('://', 1)[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", f"{session.title} · {session.employer.name}")
    event.add("description", f"{session.get_kind_display()}\n{join_url}")
    event.add("url", join_url)
    calendar.add_component(event)
    return calendar.to_ical()
