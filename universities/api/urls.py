from django.urls import path

from . import views

urlpatterns = [
    path("universities/", views.UniversitySearchView.as_view(), name="api-university-search"),
    path("career-centre/notices/", views.CareerCentreNoticeListView.as_view(), name="api-career-centre-notices"),
    path(
        "career-centre/notices/<int:pk>/acknowledge/",
        views.CareerCentreNoticeAcknowledgeView.as_view(),
        name="api-career-centre-notice-acknowledge",
    ),
]
