from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def fieldset(form, group: str) -> list:
    """The bound fields of one of the form's field groups: {{ form|fieldset:"personal" }}."""
    return form.fieldset(group)


@register.filter
def is_url(value: str) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))


HISTORY_LABELS = {
    "graduates.application.submitted": _("投递申请"),
    "graduates.application.resubmitted": _("重新投递"),
    "graduates.application.withdrawn": _("撤回申请"),
    "graduates.application.viewed": _("单位已查看"),
    "graduates.application.interview": _("单位邀请面试"),
    "graduates.application.offer": _("单位发放录用通知"),
    "graduates.application.accepted": _("接受录用通知"),
    "graduates.application.declined": _("婉拒录用通知"),
    "graduates.application.hired": _("已录用"),
    "graduates.application.rejected": _("单位认为不合适"),
}


@register.filter
def history_label(entry) -> str:
    """What an application's audit entry means to the graduate."""
    return str(HISTORY_LABELS.get(entry.action, entry.action))
