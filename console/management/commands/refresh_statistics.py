from django.core.management.base import BaseCommand

from console.rollup import refresh_statistics


class Command(BaseCommand):
    help = "重新汇总统计数据（招聘周统计页面和下载读取的汇总表）。 / Rebuild the statistics rollup now."

    def handle(self, *args, **options):
        refresh = refresh_statistics()
        self.stdout.write(f"statistics refreshed at {refresh.refreshed_at.isoformat()} in {refresh.duration_ms} ms")
