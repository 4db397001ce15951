"""Pages of the training catalogue: courses with their transfer split, sessions and their
enrolments, one enrolment with its follow-ups, the follow-up form, and the agent's own
trainings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from floorwalk.accounts.policy import (
    can_coach,
    can_enrol,
    can_manage_trainings,
    can_read_catalogue,
    can_record_training_follow_up,
    people_for,
    training_enrollable_people,
    training_people_for,
    training_sites_for,
)
from floorwalk.core.exports import csv_response
from floorwalk.engine.transfer import CLASS_LABELS, TransferClass
from floorwalk.learning import training_selectors as selectors
from floorwalk.learning.models import (
    ON_TIME_TOLERANCE_DAYS,
    AutoAssignRule,
    Course,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    TrainingSession,
)
from floorwalk.learning.training_forms import (
    BookCoachingForm,
    CourseForm,
    EnrolForm,
    FollowUpForm,
    RuleForm,
    StatusForm,
    TrainingSessionForm,
)
from floorwalk.learning.training_services import (
    CourseValues,
    course_save,
    enrolment_create,
    enrolment_set_status,
    follow_up_book_coaching,
    follow_up_record,
    rule_save,
    training_session_create,
)
from floorwalk.org.models import PersonStatus

COURSE_SORTS = {
    "name": "name",
    "delivery": "delivery",
    "sessions": "session_count",
    "completed": "completed_count",
}
TRAINEE_SORTS = {
    "name": lambda row: row.person.display_name,
    "completed": lambda row: row.enrolment.completed_on,
    "class": lambda row: list(TransferClass).index(row.transfer.transfer_class),
    "missed": lambda row: row.follow_ups_missed,
}


def _add_service_errors(form: Form, error: ValidationError) -> None:
    for field_name, field_messages in error.message_dict.items():
        form.add_error(field_name if field_name in form.fields else None, field_messages)


def _catalogue_reader(request) -> None:
    if not can_read_catalogue(request.user):
        raise Http404


def _trainer(request) -> None:
    if not can_manage_trainings(request.user):
        raise Http404


def _sort(request, allowed) -> tuple[str, str]:
    sort = request.GET.get("sort", "name")
    order = "desc" if request.GET.get("order") == "desc" else "asc"
    return (sort if sort in allowed else "name"), order


@require_http_methods(["GET"])
def course_list(request):
    _catalogue_reader(request)
    sort, order = _sort(request, COURSE_SORTS)
    courses = selectors.course_list().order_by(
        ("-" if order == "desc" else "") + COURSE_SORTS[sort], "name"
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            "courses.csv",
            ["course", "delivery", "hours", "target metric", "sessions", "completed", "active"],
            [
                [
                    c.name,
                    c.get_delivery_display(),
                    c.duration_hours,
                    c.target_metric,
                    c.session_count,
                    c.completed_count,
                    "yes" if c.active else "no",
                ]
                for c in courses
            ],
        )
    return render(
        request,
        "learning/training/courses.html",
        {
            "courses": courses,
            "sort": sort,
            "order": order,
            "can_manage": can_manage_trainings(request.user),
        },
    )


def _course_values(form: CourseForm) -> CourseValues:
    data = form.cleaned_data
    return CourseValues(
        name=data["name"],
        delivery=data["delivery"],
        description=data["description"],
        duration_hours=data["duration_hours"],
        target_metric=data["target_metric"],
        target_competencies=list(data["target_competencies"]),
        qa_form=data["qa_form"],
        qa_item_keys=data["qa_item_keys"],
        target_behaviours=data["target_behaviours"],
        reinforcement_offsets=data["reinforcement_offsets"],
        active=data["active"],
    )


def _course_form_page(request, course: Course | None):
    initial = CourseForm.initial_of(course) if course else None
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = course_save(actor=request.user, values=_course_values(form), course=course)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Course %(name)s saved.") % {"name": saved.name})
            return redirect("learning:training_course", pk=saved.pk)
    return render(
        request,
        "learning/training/course_form.html",
        {"form": form, "course": course},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def course_new(request):
    _trainer(request)
    return _course_form_page(request, None)


@require_http_methods(["GET", "POST"])
def course_edit(request, pk: int):
    _trainer(request)
    return _course_form_page(request, get_object_or_404(Course, pk=pk))


def _split_chart(transfer) -> dict[str, object]:
    classes = list(TransferClass)
    return {
        "labels": [gettext(CLASS_LABELS[cls]) for cls in classes],
        "datasets": [
            {"label": _("All trainees"), "data": [transfer.split.counts[c] for c in classes]},
            {
                "label": _("Follow-ups all on time"),
                "data": [transfer.split_on_time.counts[c] for c in classes],
            },
            {
                "label": _("A follow-up missed"),
                "data": [transfer.split_missed.counts[c] for c in classes],
            },
        ],
        "yTitle": _("Trainees"),
    }


@require_http_methods(["GET"])
def course_detail(request, pk: int):
    _catalogue_reader(request)
    course = get_object_or_404(Course.objects.select_related("qa_form"), pk=pk)
    today = timezone.localdate()
    visible = training_people_for(request.user)
    transfer = selectors.course_transfer(course, visible, today)
    sort, order = _sort(request, TRAINEE_SORTS)
    rows = sorted(transfer.rows, key=TRAINEE_SORTS[sort], reverse=order == "desc")
    if request.GET.get("format") == "csv":
        return csv_response(
            f"transfer-{course.pk}.csv",
            [
                "trainee",
                "completed on",
                "class",
                "follow-ups done",
                "follow-ups missed",
                "evidence",
            ],
            [
                [
                    row.person.display_name,
                    row.enrolment.completed_on,
                    row.transfer.transfer_class.value,
                    row.follow_ups_done,
                    row.follow_ups_missed,
                    " ".join(row.transfer.evidence),
                ]
                for row in rows
            ],
        )
    can_manage = can_manage_trainings(request.user)
    return render(
        request,
        "learning/training/course.html",
        {
            "course": course,
            "sessions": selectors.course_sessions(course),
            "waiting": selectors.waiting_enrolments(course, visible),
            "rules": course.rules.order_by("qa_item_key"),
            "transfer": transfer,
            "rows": rows,
            "sort": sort,
            "order": order,
            "splits": [
                (_("All trainees"), selectors.split_rows(transfer.split), transfer.split.total),
                (
                    _("Follow-ups all on time"),
                    selectors.split_rows(transfer.split_on_time),
                    transfer.split_on_time.total,
                ),
                (
                    _("A follow-up missed"),
                    selectors.split_rows(transfer.split_missed),
                    transfer.split_missed.total,
                ),
            ],
            "chart": _split_chart(transfer),
            "can_manage": can_manage,
            "enrol_form": EnrolForm(people=_enrollable(request)) if can_manage else None,
            "tolerance": ON_TIME_TOLERANCE_DAYS,
        },
    )


def _enrollable(request):
    return (
        training_enrollable_people(request.user)
        .exclude(status=PersonStatus.LEFT)
        .order_by("display_name")
    )


@require_http_methods(["GET", "POST"])
def session_new(request, pk: int):
    _trainer(request)
    course = get_object_or_404(Course, pk=pk)
    sites = training_sites_for(request.user)
    form = TrainingSessionForm(
        request.POST or None,
        trainers=people_for(request.user)
        .exclude(status=PersonStatus.LEFT)
        .order_by("display_name"),
        sites=sites,
        initial={"site": sites.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = training_session_create(
                actor=request.user, course=course, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Session planned."))
            return redirect("learning:training_session", pk=session.pk)
    return render(
        request,
        "learning/training/session_form.html",
        {"form": form, "course": course},
        status=400 if form.errors else 200,
    )


@require_POST
def waiting_new(request, pk: int):
    """Puts someone on the course's waiting list (no session yet)."""
    _trainer(request)
    course = get_object_or_404(Course, pk=pk)
    form = EnrolForm(request.POST, people=_enrollable(request))
    if form.is_valid():
        try:
            enrolment_create(actor=request.user, person=form.cleaned_data["person"], course=course)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Added to the waiting list."))
    else:
        messages.error(request, _("Choose someone of your scope."))
    return redirect("learning:training_course", pk=course.pk)


@require_http_methods(["GET", "POST"])
def rule_new(request, pk: int):
    _trainer(request)
    return _rule_form_page(request, get_object_or_404(Course, pk=pk), None)


@require_http_methods(["GET", "POST"])
def rule_edit(request, pk: int):
    _trainer(request)
    rule = get_object_or_404(AutoAssignRule.objects.select_related("course"), pk=pk)
    return _rule_form_page(request, rule.course, rule)


def _rule_form_page(request, course: Course, rule: AutoAssignRule | None):
    initial = None
    if rule is not None:
        initial = {
            "qa_item_key": rule.qa_item_key,
            "consecutive_fails": rule.consecutive_fails,
            "cooldown_days": rule.cooldown_days,
            "active": rule.active,
        }
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rule_save(actor=request.user, course=course, rule=rule, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("learning:training_course", pk=course.pk)
    return render(
        request,
        "learning/training/rule_form.html",
        {"form": form, "course": course, "rule": rule},
        status=400 if form.errors else 200,
    )


def _session_or_404(request, pk: int) -> TrainingSession:
    _catalogue_reader(request)
    return get_object_or_404(
        TrainingSession.objects.select_related("course", "trainer", "site"), pk=pk
    )


@require_http_methods(["GET"])
def session_detail(request, pk: int):
    session = _session_or_404(request, pk)
    visible = training_people_for(request.user)
    can_manage = can_manage_trainings(request.user)
    enrolments = list(selectors.session_enrolments(session, visible))
    return render(
        request,
        "learning/training/session.html",
        {
            "session": session,
            "course": session.course,
            "enrolments": [
                (enrolment, can_enrol(request.user, enrolment.person)) for enrolment in enrolments
            ],
            "taken": selectors.places_taken(session),
            "enrol_form": EnrolForm(people=_enrollable(request)) if can_manage else None,
            "status_form": StatusForm(initial={"completed_on": session.ends_on}),
        },
    )


@require_POST
def session_enrol(request, pk: int):
    session = _session_or_404(request, pk)
    _trainer(request)
    form = EnrolForm(request.POST, people=_enrollable(request))
    if form.is_valid():
        try:
            enrolment_create(
                actor=request.user,
                person=form.cleaned_data["person"],
                course=session.course,
                session=session,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Enrolled."))
    else:
        messages.error(request, _("Choose someone of your scope."))
    return redirect("learning:training_session", pk=session.pk)


def _enrolment_or_404(request, pk: int) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course", "session__site", "person", "rule"), pk=pk
    )
    if not training_people_for(request.user).filter(pk=enrolment.person_id).exists():
        raise Http404
    return enrolment


@require_http_methods(["GET"])
def enrolment_detail(request, pk: int):
    enrolment = _enrolment_or_404(request, pk)
    today = timezone.localdate()
    follow_ups = list(
        enrolment.follow_ups.select_related("owner", "coaching_session").order_by("due_on")
    )
    return render(
        request,
        "learning/training/enrolment.html",
        {
            "enrolment": enrolment,
            "course": enrolment.course,
            "follow_ups": [(f, selectors.follow_up_missed(f, today)) for f in follow_ups],
            "can_mark": can_enrol(request.user, enrolment.person)
            and enrolment.status == EnrolmentStatus.ENROLLED,
            "status_form": StatusForm(initial={"completed_on": today}),
            "tolerance": ON_TIME_TOLERANCE_DAYS,
        },
    )


@require_POST
def enrolment_status(request, pk: int):
    enrolment = _enrolment_or_404(request, pk)
    if not can_enrol(request.user, enrolment.person):
        raise Http404
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            enrolment_set_status(actor=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance saved."))
    else:
        messages.error(request, _("Choose completed, no-show or cancelled, with a valid date."))
    back = request.POST.get("next")
    if back == "session" and enrolment.session_id:
        return redirect("learning:training_session", pk=enrolment.session_id)
    return redirect("learning:training_enrolment", pk=enrolment.pk)


def _follow_up_or_404(request, pk: int) -> FollowUp:
    follow_up = get_object_or_404(
        FollowUp.objects.select_related(
            "enrolment__course", "enrolment__person", "owner", "coaching_session"
        ),
        pk=pk,
    )
    _enrolment_or_404(request, follow_up.enrolment_id)
    return follow_up


@require_http_methods(["GET", "POST"])
def follow_up_detail(request, pk: int):
    follow_up = _follow_up_or_404(request, pk)
    enrolment = follow_up.enrolment
    may_record = can_record_training_follow_up(request.user, enrolment.person, follow_up.owner_id)
    if request.method == "POST" and not may_record:
        raise Http404
    behaviours = list(enrolment.course.target_behaviours)
    initial = {"done_on": follow_up.done_on or timezone.localdate(), "note": follow_up.note}
    for index, row in enumerate(follow_up.observations):
        if index < len(behaviours) and row.get("behaviour") == behaviours[index]:
            initial[f"behaviour_{index}"] = row["level"]
    form = FollowUpForm(request.POST or None, behaviours=behaviours, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_record(
                actor=request.user,
                follow_up=follow_up,
                done_on=form.cleaned_data["done_on"],
                observations=form.observations(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("learning:training_follow_up", pk=follow_up.pk)
    return render(
        request,
        "learning/training/follow_up.html",
        {
            "follow_up": follow_up,
            "enrolment": enrolment,
            "form": form if may_record else None,
            "book_form": BookCoachingForm()
            if follow_up.done_on
            and not follow_up.coaching_session_id
            and can_coach(request.user, enrolment.person)
            else None,
            "tolerance": ON_TIME_TOLERANCE_DAYS,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def follow_up_book(request, pk: int):
    follow_up = _follow_up_or_404(request, pk)
    if not can_coach(request.user, follow_up.enrolment.person):
        raise Http404
    form = BookCoachingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of coaching session."))
        return redirect("learning:training_follow_up", pk=follow_up.pk)
    try:
        session = follow_up_book_coaching(
            actor=request.user, follow_up=follow_up, kind=form.cleaned_data["kind"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:training_follow_up", pk=follow_up.pk)
    messages.success(request, _("Booked as a coaching session."))
    return redirect("coaching:session", pk=session.pk)


@require_http_methods(["GET"])
def my_trainings(request):
    if request.user.person_id is None:
        raise Http404
    today = timezone.localdate()
    enrolments = list(selectors.person_enrolments(request.user.person))
    return render(
        request,
        "learning/training/mine.html",
        {
            "enrolments": [
                (
                    enrolment,
                    [
                        f
                        for f in enrolment.follow_ups.all()
                        if f.done_on is None and f.due_on >= today
                    ][:1],
                )
                for enrolment in enrolments
            ],
            "today": today,
        },
    )
