from django.urls import path

from . import reorg_views, views

urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("<int:org_id>/children/", views.children, name="children"),
    path("<int:org_id>/members-chart/", views.members_chart, name="members_chart"),
    path("<int:org_id>/found/", reorg_views.found, name="found"),
    path("<int:org_id>/rename/", reorg_views.rename, name="rename"),
    path("<int:org_id>/move/", reorg_views.move, name="move"),
    path("<int:org_id>/committee/", reorg_views.committee, name="committee"),
    path("<int:org_id>/dissolve/", reorg_views.dissolve, name="dissolve"),
    path("<int:org_id>/merge/", reorg_views.merge, name="merge"),
    path("<int:org_id>/split/", reorg_views.split, name="split"),
]
