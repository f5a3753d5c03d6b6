"""The upload of an export file and the confirmation of its import."""

import hashlib

from django import forms

from .importing import MAX_UPLOAD_BYTES, MAX_UPLOAD_TEXT, ImportFileError, read_document


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Export file (.json)",
        help_text=f"The file “Export JSON” saved, from this site or another. At most "
        f"{MAX_UPLOAD_TEXT}. You see what it would add before anything is saved.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_TEXT}.")
        raw = upload.read()
        try:
            self.document = read_document(raw)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        self.text = raw.decode("utf-8-sig")
        return upload


class ImportConfirmForm(forms.Form):
    """Names the uploaded file it confirms, by digest."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
