"""Administrators write and correct the knowledge base here.

The admin classes are generic in django-stubs only, not at run time, hence
the ``type-arg`` ignore.
"""

from django.contrib import admin

from civic311.knowledge.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "topic", "active", "updated_at"]
    list_filter = ["topic", "active"]
    search_fields = ["title", "keywords", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "topic", "keywords", "body", "active", "translations"]
