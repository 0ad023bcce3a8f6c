from django.urls import URLPattern

from civic311.console.views import account, detail, home, intake, queue

app_name = "console"

urlpatterns: list[URLPattern] = [
    *home.urlpatterns,
    *account.urlpatterns,
    *queue.urlpatterns,
    *detail.urlpatterns,
    *intake.urlpatterns,
]
