"""Filter inputs that keep what the user typed: a query parameter the page could not use
(see ``pdms.core.views.refused_params``) is shown as typed, with the reason beside it and
what the page shows instead.

    <input name="as_of" value="{% param_text 'as_of' as_of %}">
    {% param_error 'as_of' as_of %}
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from pdms.core.views import refused_params, shown_text

register = template.Library()


@register.simple_tag(takes_context=True)
def param_text(context, name: str, value) -> str:
    return shown_text(context.request, name, value)


@register.simple_tag(takes_context=True)
def param_error(context, name: str, value=None) -> str:
    """Why the parameter was refused and what is shown instead; empty when it was not."""
    refused = refused_params(context.request).get(name)
    if not refused:
        return ""
    shown = shown_text(context.request, "", value)
    instead = _("Shown instead: %(value)s.") % {"value": shown} if shown else ""
    return format_html('<div class="form-text text-danger" role="alert">{} {}</div>', refused[1], instead)
