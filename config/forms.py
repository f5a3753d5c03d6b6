from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form field through one template, so all forms look and behave alike."""

    field_template_name = "forms/field.html"
    form_template_name = "forms/form.html"
