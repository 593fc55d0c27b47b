"""Forms of the source pages. They check what a user can fix on the spot (dates, choices,
required reasons); the services check the rules and their DomainErrors come back here."""

import dataclasses

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pdms.core.forms import CleanTextForm
from pdms.members.forms import DateField, PersonForm, StyledForm
from pdms.members.models import Member
from pdms.members.services import PersonData
from pdms.members.page_selectors import active_organization_by_code

from ..models import Candidate, EducationLevel, Origin, ReviewOutcome, SourceGroup

FLAG_FIELDS = ("ethnic_minority", "religious", "youth_union_member")


def _reason(label, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class _Styled(StyledForm):
    """Bootstrap classes for check boxes too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                field.widget.attrs["class"] = "form-check-input"


def member_label(member: Member) -> str:
    """A full member as a choice: name, birth year and branch, since namesakes are common."""
    return f"{member.person.full_name} ({member.person.birth_date.year}) · {member.organization.name}"


def groups_in_use(current: SourceGroup | None = None):
    """Groups a candidate may be given: those in use, and the one they already have."""
    groups = SourceGroup.objects.filter(active=True)
    if current is not None:
        groups = SourceGroup.objects.filter(pk=current.pk) | groups
    return groups.order_by("position", "name")


class _CandidacyFields(CleanTextForm):
    group = forms.ModelChoiceField(label=_("Source group"), queryset=SourceGroup.objects.none(), empty_label="—")
    education_level = forms.ChoiceField(label=_("Education level"), choices=[("", "—"), *EducationLevel.choices])
    occupation = forms.CharField(label=_("Occupation or position"), max_length=128, required=False)
    ethnic_minority = forms.BooleanField(label=_("Ethnic minority"), required=False)
    religious = forms.BooleanField(label=_("Follows a religion"), required=False)
    youth_union_member = forms.BooleanField(label=_("Youth Union member"), required=False)
    residential_area = forms.CharField(
        label=_("Residential area"), max_length=128, required=False, help_text=_("The village or residential group where the candidate lives.")
    )


class CandidateAddForm(_Styled, PersonForm, _CandidacyFields):
    # The education level is the one education a source list asks for.
    education = None
    added_on = DateField(label=_("Put on the list on"))
    origin = forms.ChoiceField(label=_("Where the candidate comes from"), choices=Origin.choices, initial=Origin.FOUND)
    origin_note = forms.CharField(
        label=_("Note on the origin"), max_length=255, required=False,
        help_text=_("For a candidate transferred in: the organization whose list they come from."),
    )
    mentors = forms.ModelMultipleChoiceField(
        label=_("Full members assigned to help"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    field_order = [
        "full_name", "birth_date", "sex", "citizen_id", "ethnicity", "religion", "hometown",
        "group", "education_level", "occupation", *FLAG_FIELDS, "residential_area", "added_on", "origin", "origin_note", "mentors",
    ]

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_in_use()
        self.fields["mentors"].queryset = mentors
        self.fields["mentors"].label_from_instance = member_label

    def person_data(self, *, citizen_id: str | None = None) -> PersonData:
        """The person, whose education is the level chosen for the list."""
        level = EducationLevel(self.cleaned_data["education_level"])
        return dataclasses.replace(super().person_data(citizen_id=citizen_id), education=str(level.label))


class CandidateEditForm(_Styled, _CandidacyFields):
    reason = _reason(_("Reason for the change"))

    field_order = ["group", "education_level", "occupation", *FLAG_FIELDS, "residential_area", "reason"]

    def __init__(self, *args, candidate: Candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_in_use(candidate.group)


class MentorAssignForm(_Styled):
    member = forms.ModelChoiceField(label=_("Full member"), queryset=None, empty_label="—")
    on = DateField(label=_("Assigned on"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = member_label


class MentorEndForm(_Styled):
    on = DateField(label=_("Stopped helping on"))


class TransferForm(_Styled):
    organization = forms.CharField(
        label=_("To the list of (branch code)"), max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "writable-branches"}),
    )
    on = DateField(label=_("Date of the move"))
    reason = _reason(_("Reason (e.g. moved to another village)"))

    def clean_organization(self):
        code = self.cleaned_data["organization"].strip()
        organization = active_organization_by_code(code)
        if organization is None:
            raise ValidationError(_("No active organization has the code %(code)s."), params={"code": code})
        return organization


class DropForm(_Styled):
    on = DateField(label=_("Dropped from the list on"))
    reason = _reason(_("Reason"), required=True)


class SourceReviewForm(_Styled):
    """One choice and one reason per candidate of the review. A missing choice is left to
    the service, which names every candidate not decided."""

    reviewed_on = DateField(label=_("Date of the review meeting"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for candidate in candidates:
            self.fields[f"outcome_{candidate.pk}"] = forms.ChoiceField(
                label=candidate.person.full_name, choices=ReviewOutcome.choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"reason_{candidate.pk}"] = forms.CharField(label=_("Reason"), max_length=1000, required=False)
        # Added after the base initializer styled the declared fields.
        for name, field in self.fields.items():
            if name.startswith("outcome_"):
                field.widget.attrs["class"] = "form-check-input"
            elif name.startswith("reason_"):
                field.widget.attrs["class"] = "form-control"

    def rows(self):
        return [(c, self[f"outcome_{c.pk}"], self[f"reason_{c.pk}"]) for c in self.candidates]

    def decisions(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data[f"outcome_{c.pk}"], data[f"reason_{c.pk}"])
            for c in self.candidates
            if data.get(f"outcome_{c.pk}")
        }


class SourceGroupAddForm(_Styled):
    name = forms.CharField(label=_("Name of the new group"), max_length=128)


class SourceGroupEditForm(_Styled):
    name = forms.CharField(label=_("Name"), max_length=128)
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, max_value=32767)
    active = forms.BooleanField(label=_("In use"), required=False)
