from django.http import HttpResponse


def search(request):  # placeholder until the graduates issue builds the search page
    return HttpResponse("")
