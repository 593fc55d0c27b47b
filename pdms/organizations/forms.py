"""Forms of the reorganization pages. They check what the user can fix on the spot (dates
written as dd/mm/yyyy, organization codes that exist in the user's scope and may be
changed by them, one of two alternatives filled in); the services check the rules of the
tree, and their DomainErrors come back onto these forms."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pdms.accounts.scope import Scope
from pdms.core.dates import DateField
from pdms.core.forms import CleanTextForm

from .models import ALLOWED_PARENT_KINDS, Organization, OrgKind
from .selectors import get_organization_by_code_for_user
from .services import NewOrganization

COMMON_FIELDS = ["on", "decision", "reason"]
SPLIT_PARTS = 4


def kinds_allowed_under(organization: Organization) -> list[OrgKind]:
    """The kinds of organization that may be founded directly under ``organization``."""
    return [kind for kind in OrgKind if organization.kind in ALLOWED_PARENT_KINDS[kind]]


def writable_by_code(scope: Scope, code: str) -> Organization:
    """The active organization with this code, if the user may change it."""
    org = get_organization_by_code_for_user(scope, code or "")
    if org is None or not scope.can_write_org(org):
        raise ValidationError(
            _("No active organization that you may change has the code %(code)s."), params={"code": (code or "").strip()}
        )
    return org


def parent_for_new(scope: Scope, code: str, organization: Organization) -> Organization | None:
    """The parent of an organization created by a merge or split: the one whose code is
    given, else the parent of ``organization``; either way one the user may change, so
    nobody creates organizations above their own subtree."""
    if (code or "").strip():
        return writable_by_code(scope, code)
    parent = organization.parent
    if (parent is None and not scope.is_admin) or (parent is not None and not scope.can_write_org(parent)):
        raise ValidationError(_("Give the code of a parent organization that you may change."))
    return parent


def _code_field(label, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=32,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ReorgForm(CleanTextForm):
    """What every change of the tree carries: its effective date, the decision that
    ordered it and the reason. Subclasses add their own fields before these."""

    on = DateField(label=_("Effective date"))
    decision = forms.CharField(
        label=_("Decision number"), max_length=128, help_text=_("For example: 125-QĐ/TU dated 20/06/2025.")
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scope: Scope, organization: Organization, **kwargs):
        self.scope = scope
        self.organization = organization
        super().__init__(*args, **kwargs)
        self.add_fields()
        self.order_fields([name for name in self.fields if name not in COMMON_FIELDS] + COMMON_FIELDS)
        for field in self.fields.values():
            if isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                css = "form-select form-select-lg"
            else:
                css = "form-control form-control-lg"
            field.widget.attrs.setdefault("class", css)

    def add_fields(self) -> None:
        """Fields that depend on the organization (subordinates, members, parts)."""

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            widget = self.fields[field].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

    # What the page template shows apart from the plain fields.
    def part_groups(self) -> list:
        return []

    def assignment_sections(self) -> list:
        return []

    def plain_fields(self):
        """The form's own fields, shown before the parts, the assignments and the
        date, decision and reason."""
        grouped = set(COMMON_FIELDS) | {bf.name for group in self.part_groups() for bf in group["fields"]}
        grouped |= {row["field"].name for section in self.assignment_sections() for row in section["rows"]}
        return [bf for bf in self.visible_fields() if bf.name not in grouped]


class FoundForm(ReorgForm):
    code = _code_field(_("Code of the new organization"))
    name = forms.CharField(label=_("Name of the new organization"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"))
    has_committee = forms.BooleanField(label=_("Has a branch committee (chi ủy)"), required=False)

    def add_fields(self) -> None:
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds_allowed_under(self.organization)]


class RenameForm(ReorgForm):
    name = forms.CharField(label=_("New name"), max_length=255)

    def add_fields(self) -> None:
        self.fields["name"].initial = self.organization.name


class MoveForm(ReorgForm):
    parent = _code_field(_("Code of the new parent organization"))

    def clean_parent(self):
        return writable_by_code(self.scope, self.cleaned_data["parent"])


class CommitteeForm(ReorgForm):
    has_committee = forms.TypedChoiceField(
        label=_("Branch committee (chi ủy)"),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("The branch has a branch committee")), ("no", _("The branch has no branch committee"))],
    )

    def add_fields(self) -> None:
        self.fields["has_committee"].initial = "no" if self.organization.has_committee else "yes"


class _AssignsSubordinatesAndMembers(ReorgForm):
    """A form with one destination field per live subordinate organization and per
    member of the organization being closed."""

    def __init__(self, *args, children: list[Organization], members: list, **kwargs):
        self.children = children
        self.members = members
        super().__init__(*args, **kwargs)

    def destination_field(self) -> forms.Field:
        raise NotImplementedError

    def add_fields(self) -> None:
        for child in self.children:
            self.fields[f"child_{child.pk}"] = self.destination_field()
        for member in self.members:
            self.fields[f"member_{member.pk}"] = self.destination_field()

    def assignment_sections(self) -> list:
        return [
            section
            for section in (
                {
                    "title": _("Subordinate organizations"),
                    "rows": [{"label": f"{c.name} ({c.code})", "field": self[f"child_{c.pk}"]} for c in self.children],
                },
                {
                    "title": _("Party members"),
                    "rows": [
                        {"label": f"{m.person.full_name} ({m.person.birth_date:%d/%m/%Y})", "field": self[f"member_{m.pk}"]}
                        for m in self.members
                    ],
                },
            )
            if section["rows"]
        ]

    def moves(self, prefix: str, items) -> dict:
        return {item.pk: self.cleaned_data[f"{prefix}_{item.pk}"] for item in items if self.cleaned_data.get(f"{prefix}_{item.pk}")}


class DissolveForm(_AssignsSubordinatesAndMembers):
    successor = _code_field(
        _("Code of the successor organization"),
        required=False,
        help_text=_("Subordinate organizations and members go there unless another destination is given below."),
    )

    def destination_field(self) -> forms.Field:
        return _code_field(_("Destination code"), required=False)

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if (name == "successor" or name.startswith(("child_", "member_"))) and isinstance(value, str) and value.strip():
                try:
                    data[name] = writable_by_code(self.scope, value)
                except ValidationError as error:
                    self.add_error(name, error)
            elif name == "successor":
                data[name] = None
        return data


_CODES = re.compile(r"[\s,;]+")


class MergeForm(ReorgForm):
    sources = forms.CharField(
        label=_("Codes of the other organizations merged with this one"),
        required=False,
        help_text=_("Separate codes with commas or spaces. Leave empty to merge only this organization into another."),
    )
    target = forms.ChoiceField(
        label=_("Merge into"),
        widget=forms.RadioSelect,
        choices=[("existing", _("an existing organization")), ("new", _("a new organization"))],
        initial="existing",
    )
    into = _code_field(_("Code of the existing organization"), required=False)
    new_code = _code_field(_("Code of the new organization"), required=False)
    new_name = forms.CharField(label=_("Name of the new organization"), max_length=255, required=False)
    new_kind = forms.ChoiceField(label=_("Kind of the new organization"), choices=OrgKind.choices, required=False)
    new_parent = _code_field(
        _("Code of the new organization's parent"), required=False, help_text=_("Leave empty for the same parent as this organization.")
    )
    new_has_committee = forms.BooleanField(label=_("The new organization has a branch committee"), required=False)

    def add_fields(self) -> None:
        self.fields["new_kind"].initial = self.organization.kind

    def clean_sources(self):
        codes = [code for code in _CODES.split(self.cleaned_data["sources"].upper()) if code]
        return [writable_by_code(self.scope, code) for code in dict.fromkeys(codes)]

    def clean(self):
        data = super().clean()
        if data.get("target") == "existing":
            if not (data.get("into") or "").strip():
                self.add_error("into", _("Enter the code of the organization merged into."))
            else:
                try:
                    data["into"] = writable_by_code(self.scope, data["into"])
                except ValidationError as error:
                    self.add_error("into", error)
        elif data.get("target") == "new":
            for name in ("new_code", "new_name", "new_kind"):
                if not data.get(name):
                    self.add_error(name, _("This field is required for a new organization."))
            try:
                data["new_parent"] = parent_for_new(self.scope, data.get("new_parent"), self.organization)
            except ValidationError as error:
                self.add_error("new_parent", error)
        return data

    def merge_arguments(self) -> dict:
        data = self.cleaned_data
        sources = [self.organization, *data["sources"]]
        if data["target"] == "existing":
            return {"sources": sources, "into": data["into"]}
        new = NewOrganization(data["new_code"], data["new_name"], data["new_kind"], data["new_parent"], data["new_has_committee"])
        return {"sources": sources, "new": new}


class SplitForm(_AssignsSubordinatesAndMembers):
    """Up to SPLIT_PARTS new organizations; every member and subordinate organization
    is assigned to one of them by its number."""

    def destination_field(self) -> forms.Field:
        choices = [("", "—")] + [(str(i), _("New organization %(number)s") % {"number": i}) for i in range(1, SPLIT_PARTS + 1)]
        return forms.ChoiceField(label=_("Goes to"), choices=choices, required=False)

    def add_fields(self) -> None:
        for i in range(1, SPLIT_PARTS + 1):
            self.fields[f"part{i}_code"] = _code_field(_("Code"), required=False)
            self.fields[f"part{i}_name"] = forms.CharField(label=_("Name"), max_length=255, required=False)
            self.fields[f"part{i}_kind"] = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices, initial=self.organization.kind)
            self.fields[f"part{i}_parent"] = _code_field(
                _("Parent code"), required=False, help_text=_("Leave empty for the same parent as this organization.")
            )
            self.fields[f"part{i}_has_committee"] = forms.BooleanField(label=_("Has a branch committee"), required=False)
        super().add_fields()

    def part_groups(self) -> list:
        """The parts as the page shows them: the first two open, the others folded
        until they are used."""
        suffixes = ("code", "name", "kind", "parent", "has_committee")
        groups = []
        for i in range(1, SPLIT_PARTS + 1):
            fields = [self[f"part{i}_{s}"] for s in suffixes]
            used = any(field.errors or (self.is_bound and field.value() and s in ("code", "name")) for s, field in zip(suffixes, fields))
            groups.append({"title": _("New organization %(number)s") % {"number": i}, "fields": fields, "open": i <= 2 or used})
        return groups

    def clean(self):
        data = super().clean()
        self.parts: dict[int, NewOrganization] = {}
        for i in range(1, SPLIT_PARTS + 1):
            code, name = (data.get(f"part{i}_code") or "").strip(), (data.get(f"part{i}_name") or "").strip()
            if not code and not name:
                continue
            if not code or not name:
                self.add_error(f"part{i}_code" if not code else f"part{i}_name", _("Give both the code and the name."))
                continue
            try:
                parent = parent_for_new(self.scope, data.get(f"part{i}_parent"), self.organization)
            except ValidationError as error:
                self.add_error(f"part{i}_parent", error)
                continue
            if f"part{i}_kind" in data:
                self.parts[i] = NewOrganization(code, name, data[f"part{i}_kind"], parent, data.get(f"part{i}_has_committee", False))
        for name, value in list(data.items()):
            if name.startswith(("child_", "member_")) and value and int(value) not in self.parts:
                self.add_error(name, _("New organization %(number)s is not filled in.") % {"number": value})
        return data

    def split_arguments(self) -> dict:
        code_of = {i: part.code for i, part in self.parts.items()}
        return {
            "parts": list(self.parts.values()),
            "member_moves": {pk: code_of[int(n)] for pk, n in self.moves("member", self.members).items()},
            "child_moves": {pk: code_of[int(n)] for pk, n in self.moves("child", self.children).items()},
        }
