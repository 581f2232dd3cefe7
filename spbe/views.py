from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from .forms import CalculatorForm
from .models import Aspect, Framework, Indicator

DEFAULT_FRAMEWORK = "spbe-2020"


def _visible_framework(request, code):
    return get_object_or_404(Framework.objects.visible_to(request.user), code=code)


def framework_list(request):
    frameworks = Framework.objects.visible_to(request.user)
    return render(request, "spbe/framework_list.html", {"frameworks": frameworks})


def framework_detail(request, code):
    """The framework at a glance: domains, aspects and indicators as proportional bars."""
    framework = _visible_framework(request, code)
    aspects = (
        Aspect.objects.filter(framework=framework)
        .select_related("domain")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("number")))
    )
    groups = []
    for aspect in aspects:
        if groups and groups[-1]["domain"] == aspect.domain:
            groups[-1]["aspects"].append(aspect)
        else:
            groups.append({"domain": aspect.domain, "aspects": [aspect]})
    max_weight = max((i.weight for a in aspects for i in a.indicators.all()), default=Decimal(1))
    return render(
        request,
        "spbe/framework_detail.html",
        {
            "framework": framework,
            "groups": groups,
            "max_indicator_weight": max_weight,
            "indicator_count": sum(len(a.indicators.all()) for a in aspects),
        },
    )


def indicator_detail(request, code, number):
    framework = _visible_framework(request, code)
    indicator = get_object_or_404(
        Indicator.objects.select_related("aspect", "aspect__domain", "framework"), framework=framework, number=number
    )
    siblings = Indicator.objects.filter(framework=framework, number__in=[number - 1, number + 1]).only("number", "name")
    neighbours = {i.number: i for i in siblings}
    return render(
        request,
        "spbe/indicator_detail.html",
        {
            "framework": framework,
            "indicator": indicator,
            "previous": neighbours.get(number - 1),
            "next": neighbours.get(number + 1),
            "module": _module_for(indicator),
        },
    )


def _module_for(indicator):
    """The live Bimtek module teaching this indicator, through the reverse relation a higher app
    (courses) declares; spbe never imports it."""
    modules = getattr(indicator, "module_pages", None)
    return modules.filter(live=True).first() if modules is not None else None


def calculator(request, code=DEFAULT_FRAMEWORK):
    framework = _visible_framework(request, code)
    indicators = list(
        Indicator.objects.filter(framework=framework).select_related("aspect", "aspect__domain").order_by("number")
    )
    if not indicators:
        raise Http404
    result = None
    if request.method == "POST":
        form = CalculatorForm(request.POST, framework=framework, indicators=indicators)
        if form.is_valid():
            result = form.result
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        if wants_json:
            if result is None:
                return JsonResponse({"errors": [str(e) for e in form.errors.values()]}, status=400)
            return JsonResponse(result.as_json())
    else:
        form = CalculatorForm(framework=framework, indicators=indicators)
    domains = {d.number: d for d in framework.domains.all()}
    aspects = {a.number: a for a in framework.aspects.all()}
    context = {"framework": framework, "form": form, "result": result}
    if result:
        context["domain_rows"] = [(domains[n], v) for n, v in result.domains.items()]
        context["aspect_rows"] = [(aspects[n], v) for n, v in result.aspects.items()]
    return render(request, "spbe/calculator.html", context, status=200 if request.method == "GET" or result else 400)
