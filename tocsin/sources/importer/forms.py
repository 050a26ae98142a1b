"""The two forms of the import wizard: the file, then which column holds what."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.sources.importer.mapping import FIELDS, Mapping
from tocsin.sources.importer.table import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV or XLSX export of Mention, Talkwalker, Brandwatch, or any spreadsheet with "
            "a header row; at most 20 MB and 100,000 rows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB."), params={"mb": MAX_BYTES // 1024 // 1024}
            )
        return upload


class MappingForm(forms.Form):
    """One choice per field of a mention: a column of the file, or nothing."""

    def __init__(
        self,
        headers: Sequence[str],
        *args: Any,
        samples: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # A column is easier to recognise by what it holds: "Full Text (Le Cabinet Alpha a…)".
        labels = [
            f"{h} ({samples[i][:40]}{'…' if len(samples[i]) > 40 else ''})"
            if i < len(samples) and samples[i]
            else h
            for i, h in enumerate(headers)
        ]
        choices = [("", _("— not imported —")), *((str(i), h) for i, h in enumerate(labels))]
        for name, label in FIELDS.items():
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text") and not data.get("title"):
            raise forms.ValidationError(_("Choose the column that holds the text."))
        used: dict[str, str] = {}
        for name in FIELDS:
            column = data.get(name)
            if column and column in used:
                raise forms.ValidationError(
                    _("One column cannot be both %(a)s and %(b)s."),
                    params={"a": FIELDS[used[column]], "b": FIELDS[name]},
                )
            if column:
                used[column] = name
        return data

    def mapping(self, tool: str = "") -> Mapping:
        columns = {
            name: int(self.cleaned_data[name]) for name in FIELDS if self.cleaned_data.get(name)
        }
        return Mapping(columns=columns, tool=tool)
