from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request):
    """Liveness for load balancers, and the benchmark's framework ceiling: no database, no template."""
    return JsonResponse({"status": "ok"})
