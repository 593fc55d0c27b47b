from django.urls import path

from ..views import board

urlpatterns = [
    path("board/", board.board, name="board"),
    path("reminders/", board.reminders, name="reminders"),
]
