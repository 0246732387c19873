from django.http import HttpResponse


def register(request):  # placeholder until the employers issue
    return HttpResponse("")


def dashboard(request):  # placeholder until the employers issue
    return HttpResponse("")
