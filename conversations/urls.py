from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/block/", views.block, name="block"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("open/<int:application_id>/", views.open_for_application, name="open"),
    path("open/invitation/<int:invitation_id>/", views.open_for_invitation, name="open_invitation"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
]
