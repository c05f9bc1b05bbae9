from __future__ import annotations

from django.urls import path

from plans.views import cycles, documents, meetings, parents, pdfs, queue

app_name = "plans"
urlpatterns = [
    # Support cycles (Assess, Plan, Do, Review)
    path("pupils/<uuid:uid>/cycles/start/", cycles.cycle_start, name="cycle_start"),
    path("cycles/<uuid:uid>/", cycles.cycle, name="cycle"),
    path("cycles/<uuid:uid>/move/", cycles.cycle_move, name="cycle_move"),
    path("cycles/<uuid:uid>/needs/", cycles.needs_edit, name="needs_edit"),
    path("cycles/<uuid:uid>/views/<str:stage>/add/", cycles.voice_add, name="voice_add"),
    path("cycles/<uuid:uid>/assessments/add/", cycles.assessment_add, name="assessment_add"),
    path("cycles/<uuid:uid>/plan/", cycles.plan_edit, name="plan_edit"),
    path("cycles/<uuid:uid>/outcomes/add/", cycles.outcome_add, name="outcome_add"),
    path("outcomes/<uuid:uid>/edit/", cycles.outcome_edit, name="outcome_edit"),
    path("outcomes/<uuid:uid>/archive/", cycles.outcome_archive, name="outcome_archive"),
    path("outcomes/<uuid:uid>/rate/", cycles.outcome_rate, name="outcome_rate"),
    path("cycles/<uuid:uid>/provision/add/", cycles.provision_add, name="provision_add"),
    path("planned-provision/<uuid:uid>/edit/", cycles.provision_edit, name="provision_edit"),
    path("planned-provision/<uuid:uid>/archive/", cycles.provision_archive, name="provision_archive"),
    path("planned-provision/<uuid:uid>/impact/", cycles.provision_impact, name="provision_impact"),
    path("cycles/<uuid:uid>/agreement/", cycles.agreement, name="agreement"),
    path("cycles/<uuid:uid>/share/", cycles.plan_share, name="plan_share"),
    path("cycles/<uuid:uid>/notes/add/", cycles.note_add, name="note_add"),
    path("cycles/<uuid:uid>/review/", cycles.review_edit, name="review_edit"),
    path("cycles/<uuid:uid>/review/reschedule/", cycles.review_reschedule, name="review_reschedule"),
    path("cycles/<uuid:uid>/review/share/", cycles.review_share, name="review_share"),
    # Documents, PDFs and the plan for parents
    path("cycles/<uuid:uid>/documents/", documents.document_list, name="documents"),
    path("cycles/<uuid:uid>/documents/add/", documents.document_add, name="document_add"),
    path("documents/<uuid:uid>/", documents.document_file, name="document"),
    path("documents/<uuid:uid>/archive/", documents.document_archive_view, name="document_archive"),
    path("cycles/<uuid:uid>/plan.pdf", pdfs.plan_pdf, name="plan_pdf"),
    path("cycles/<uuid:uid>/review.pdf", pdfs.review_pdf, name="review_pdf"),
    path("pupils/<uuid:uid>/profile.pdf", pdfs.profile_pdf, name="profile_pdf"),
    path("cycles/<uuid:uid>/for-parents/", parents.parent_plan, name="parent_plan"),
    path("cycles/<uuid:uid>/for-parents.pdf", parents.parent_plan_pdf, name="parent_plan_pdf"),
    # Meetings with parents (Code 6.65) and the work queue
    path("pupils/<uuid:uid>/meetings/", meetings.pupil_meetings_view, name="pupil_meetings"),
    path("pupils/<uuid:uid>/meetings/add/", meetings.meeting_add, name="meeting_add"),
    path("meetings/<uuid:uid>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<uuid:uid>/note.pdf", meetings.meeting_pdf, name="meeting_pdf"),
    path("meetings/<uuid:uid>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<uuid:uid>/shared/", meetings.meeting_share_view, name="meeting_share"),
    path("meetings/<uuid:uid>/archive/", meetings.meeting_archive_view, name="meeting_archive"),
    path("my-children/<uuid:uid>/meetings/", meetings.child_meetings, name="child_meetings"),
    path("schools/<int:urn>/work-queue/", queue.school_work_queue, name="queue"),
    path("my-work/", queue.my_work, name="my_work"),
]
