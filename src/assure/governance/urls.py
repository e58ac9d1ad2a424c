from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("plans/<int:pk>/qa/", views.plan_qa, name="plan_qa"),
    path("plans/<int:pk>/qa/move/", views.plan_qa_move, name="plan_qa_move"),
    path("plans/<int:pk>/qa/return/", views.plan_qa_return, name="plan_qa_return"),
    path("recommendations/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("forces/<slug:slug>/commitments/", views.commitments, name="commitments"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("inspections/<int:pk>/pcc-response/", views.response, name="response"),
    path(
        "inspections/<int:pk>/pcc-response/publish/",
        views.response_publish,
        name="response_publish",
    ),
    path("public/<slug:slug>/", views.public_force, name="public_force"),
    path("public/<slug:slug>/responses/<int:pk>/", views.public_response, name="public_response"),
    path("boards/", views.boards, name="boards"),
    path("forces/<slug:slug>/boards/new/", views.board_create, name="board_create"),
    path("boards/<int:pk>/", views.board, name="board"),
    path("boards/<int:pk>/series/", views.meeting_series, name="meeting_series"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/decisions/", views.meeting_decision, name="meeting_decision"),
    path(
        "meetings/<int:pk>/approve-minutes/",
        views.meeting_approve_minutes,
        name="meeting_approve_minutes",
    ),
    path("meetings/<int:pk>/papers/", views.meeting_paper, name="meeting_paper"),
    path("paper-jobs/<int:pk>/", views.paper_job, name="paper_job"),
    path("papers/<int:pk>/download/", views.paper_download, name="paper_download"),
]
