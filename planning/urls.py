from django.urls import path, register_converter

from . import views


class PlanKind:
    regex = "corporate|delivery|directorate|service|pdp"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ItemKind(PlanKind):
    regex = "ambition|activity|priority|action|objective"


register_converter(PlanKind, "plankind")
register_converter(ItemKind, "itemkind")

app_name = "planning"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/", views.directorate_list, name="directorate-list"),
    path(
        "organisation/directorates/<int:pk>/", views.directorate_detail, name="directorate-detail"
    ),
    path("organisation/services/<int:pk>/", views.service_detail, name="service-detail"),
    path("plans/<plankind:kind>/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("thread/<itemkind:kind>/<int:pk>/", views.thread, name="thread"),
    path("thread/<itemkind:kind>/<int:pk>/serves/", views.item_serves, name="item-serves"),
    path("orphans/", views.orphans, name="orphans"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
