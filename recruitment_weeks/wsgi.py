import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment_weeks.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their models) lives as long as the process. Moved out of
# the garbage collector's reach, it is no longer rescanned by every collection a request triggers:
# about a tenth of a search request's CPU (README, "Benchmark").
gc.collect()
gc.freeze()
