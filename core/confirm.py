"""Irreversible steps ask first: one confirmation page for every step that cannot be undone
(销号, 公示, issuing a rating or a report, the export with full ID numbers, …).

A view hands the step to ``confirmed``::

    return confirm.confirmed(
        request,
        act=lambda: services.round_publish(found, user=request.user, today=today),
        done=lambda: "已公示",                      # the success message, after the step
        back=reverse("stars:board", args=[found.pk]),
        title="公示……", warning="公示后评星结果冻结……此操作不能撤销。", button="确认公示",
    )

or, when the step is part of a form (the form is validated first), asks itself::

    if needs_asking and not confirm.is_confirmed(request):
        return confirm.ask(request, title=..., warning=..., button=..., back=...)

A GET (a link to the step) or a request without ``confirmed=1`` (a button or a form leading to it)
shows ``core/confirm.html``: what will happen, a button that goes ahead and one that goes back. The
request's own fields go along hidden, so the confirmed request carries the same data; only a
request with ``confirmed=1`` takes the step.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from core.forms import flash_errors

FIELD = "confirmed"
_NOT_CARRIED = {"csrfmiddlewaretoken", FIELD}


def is_confirmed(request) -> bool:
    """Whether the request comes from the confirmation page's button."""
    data = request.POST if request.method == "POST" else request.GET
    return data.get(FIELD) == "1"


def ask(request, *, title, warning, button, back, method="post"):
    """The confirmation page; its button repeats the request (``method``) with ``confirmed=1``."""
    data = request.POST if request.method == "POST" else request.GET
    hidden = [(key, value) for key in data for value in data.getlist(key) if key not in _NOT_CARRIED]
    context = {
        "title": title,
        "warning": warning,
        "button": button,
        "back": back,
        "action": request.path,
        "method": method,
        "hidden": hidden,
        "field": FIELD,
    }
    return render(request, "core/confirm.html", context)


def confirmed(request, *, act, done, back, title, warning, button):
    """Ask first (``ask``); once confirmed (a POST), take the step: ``act()``, then ``done()`` as the
    success message, or the step's ValidationError as error messages; back to ``back`` either way."""
    if request.method == "POST" and is_confirmed(request):
        try:
            act()
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, done())
        return redirect(back)
    return ask(request, title=title, warning=warning, button=button, back=back)
