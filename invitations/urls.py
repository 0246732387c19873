from django.urls import path

from . import views

# Added by the project's URLconf to the employer's workspace ("employers").
employer_urlpatterns = [
    path("postings/<int:pk>/invite/", views.invitation_new, name="invitation_new"),
    path("invitations/", views.employer_invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
]
# Added by the project's URLconf to the graduate's pages ("graduates").
graduate_urlpatterns = [
    path("invitations/", views.graduate_invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
]
