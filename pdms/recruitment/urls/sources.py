from django.urls import path

from ..views import sources as views

urlpatterns = [
    path("", views.sources, name="sources"),
    path("add/", views.candidate_add, name="candidate_add"),
    path("missing/", views.sources_missing, name="sources_missing"),
    path("review/", views.source_review, name="source_review"),
    path("groups/", views.source_groups, name="source_groups"),
    path("groups/<int:group_id>/", views.source_group_edit, name="source_group_edit"),
    path("<int:candidate_id>/", views.candidate_detail, name="candidate_detail"),
    path("<int:candidate_id>/edit/", views.candidate_edit, name="candidate_edit"),
    path("<int:candidate_id>/mentors/", views.mentor_assign, name="mentor_assign"),
    path("<int:candidate_id>/mentors/<int:member_id>/end/", views.mentor_end, name="mentor_end"),
    path("<int:candidate_id>/transfer/", views.candidate_transfer, name="candidate_transfer"),
    path("<int:candidate_id>/drop/", views.candidate_drop, name="candidate_drop"),
]
