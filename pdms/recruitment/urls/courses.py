from django.urls import path

from ..views import courses as views

urlpatterns = [
    path("", views.courses, name="courses"),
    path("add/", views.course_add, name="course_add"),
    path("<int:course_id>/", views.course_detail, name="course_detail"),
    path("<int:course_id>/edit/", views.course_edit, name="course_edit"),
    path("<int:course_id>/enroll/", views.enrollment_add, name="enrollment_add"),
    path("enrollments/<int:enrollment_id>/complete/", views.enrollment_complete, name="enrollment_complete"),
    path("enrollments/<int:enrollment_id>/remove/", views.enrollment_remove, name="enrollment_remove"),
]
