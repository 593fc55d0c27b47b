"""Forms of the dossier pages. They check what the user can fix on the spot (dates as
dd/mm/yyyy, numbers, a choice from the list); the procedure's rules are the services'
business, and their DomainErrors come back onto these forms. Every step form carries the
dossier's version, so that a form filled in before someone else changed the dossier is
refused instead of overwriting what they did."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pdms.members.forms import DateField, StyledForm

from ..models import SponsorKind, VerificationResult
from ..rulesets import DOCUMENT_LABELS, Step
from ..services.dossiers import DecisionData, VoteData


def _reason(label=None, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label or _("Reason or note"), required=required, max_length=1000, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100000, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class OpenForm(StyledForm):
    opened_on = DateField(label=_("Application date"), help_text=_("The date of the application to join the Party (form 1-KNĐ)."))
    reason = _reason(_("Note"))


class RecognitionOpenForm(StyledForm):
    ceremony_on = DateField(label=_("Admission ceremony date"), help_text=_("The probation of 12 months is counted from this day."))
    reason = _reason(_("Note (e.g. the records the data comes from)"))


class DocumentReceiveForm(StyledForm):
    kind = forms.ChoiceField(label=_("Form"))
    received_on = DateField(label=_("Received on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class DocumentRemoveForm(StyledForm):
    kind = forms.ChoiceField(choices=[(kind, kind) for kind in DOCUMENT_LABELS], widget=forms.HiddenInput)


class SponsorForm(StyledForm):
    kind = forms.ChoiceField(label=_("Sponsor"), choices=SponsorKind.choices)
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    known_since = DateField(label=_("Has worked or lived with the applicant since"), required=False)
    body_name = forms.CharField(
        label=_("Name of the executive committee"), required=False, max_length=255,
        help_text=_("For example: Ban Chấp hành Đoàn xã Hà Mòn."),
    )
    resolution = forms.CharField(label=_("Resolution introducing the applicant"), required=False, max_length=128)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices

    def clean_member(self):
        member_id = self.cleaned_data["member"]
        if member_id is None:
            return None
        member = self.choices.filter(pk=member_id).first()
        if member is None:
            raise ValidationError(_("Choose a full member of the grassroots organization from the list."))
        return member

    def clean(self):
        data = super().clean()
        if data.get("kind") == SponsorKind.MEMBER and not data.get("member") and "member" not in self.errors:
            self.add_error("member", _("Choose the member who sponsors the applicant."))
        return data


class VerificationForm(StyledForm):
    on = DateField(label=_("Concluded on"))
    result = forms.ChoiceField(label=_("Result"), choices=[("", "—"), *VerificationResult.choices])
    note = _reason(_("Note"))


class ExceptionsForm(StyledForm):
    over_age_consent = forms.CharField(
        label=_("Consent for an applicant over 60"), required=False, max_length=255,
        help_text=_("The written consent of the standing committee: its number and date. Leave blank when there is none."),
    )
    education_exception = forms.CharField(
        label=_("Education exception"), required=False, max_length=255,
        help_text=_("The remote or ethnic-minority area and the document that allows primary education. Leave blank when there is none."),
    )
    reason = _reason(_("Note"))


class DeadlineExtendForm(StyledForm):
    reason = _reason(_("Reason for the extension"), required=True)


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("Scanned file (PDF, JPEG or PNG, at most 10 MB)"), allow_empty_file=True)
    document_kind = forms.ChoiceField(
        label=_("Form"), required=False, choices=[("", _("Other document")), *[(k, f"{k} · {v}") for k, v in DOCUMENT_LABELS.items()]],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"


# --- the steps of the procedure ---------------------------------------------------------

DECISION_STEPS = ("admission_decision", "recognition_decision", "removal_decision")


class StepForm(StyledForm):
    """What every step records: the dossier version the user saw and a reason, which the
    service requires when the step is late."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = _reason(help_text=_("Required when the step is taken after its deadline."))

    def __init__(self, *args, step: Step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step

    def taken_on(self):
        """The date of the step."""
        return self.cleaned_data["on"]

    def vote(self) -> VoteData | None:
        return None

    def decision(self) -> DecisionData | None:
        return None


class DatedStepForm(StepForm):
    on = DateField(label=_("Date"))
    field_order = ["on", "reason"]


class CloseStepForm(DatedStepForm):
    reason = _reason(_("Reason for closing the dossier"), required=True)


class VoteStepForm(StepForm):
    held_on = DateField(label=_("Meeting held on"))
    eligible = _count(_("Members entitled to vote"))
    votes_for = _count(_("In favour"))
    votes_against = _count(_("Against"))
    resolution_number = forms.CharField(label=_("Resolution number"), required=False, max_length=64, help_text=_("For example: 01-NQ/CB."))
    field_order = ["held_on", "eligible", "votes_for", "votes_against", "resolution_number", "reason"]

    def taken_on(self):
        return self.cleaned_data["held_on"]

    def vote(self) -> VoteData:
        data = self.cleaned_data
        return VoteData(data["held_on"], data["eligible"], data["votes_for"], data["votes_against"], data["resolution_number"])


class DecisionStepForm(StepForm):
    number = forms.CharField(label=_("Decision number"), max_length=64, help_text=_("For example: 125-QĐ/ĐU."))
    signed_on = DateField(label=_("Signed on"))
    signer_name = forms.CharField(label=_("Signed by"), max_length=128)
    signer_title = forms.CharField(label=_("Title of the signer"), max_length=128, help_text=_("For example: Bí thư, Phó Bí thư."))
    received_on = DateField(label=_("Date the branch received the decision"), required=False)
    field_order = ["number", "signed_on", "signer_name", "signer_title", "received_on", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the admission decision starts a deadline from the day the branch receives it.
        if self.step.action != "admission_decision":
            del self.fields["received_on"]

    def taken_on(self):
        return self.cleaned_data["signed_on"]

    def decision(self) -> DecisionData:
        data = self.cleaned_data
        return DecisionData(
            number=data["number"], signed_on=data["signed_on"], signer_name=data["signer_name"],
            signer_title=data["signer_title"], received_on=data.get("received_on"),
        )


def step_form_class(step: Step) -> type[StepForm]:
    if step.vote:
        return VoteStepForm
    if step.action in DECISION_STEPS:
        return DecisionStepForm
    if step.action == "close":
        return CloseStepForm
    return DatedStepForm

