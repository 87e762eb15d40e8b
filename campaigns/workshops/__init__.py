"""Workshops and trainings: pages, dated sessions, bookings with waiting lists, iCalendar.

An app of its own (label ``workshops``, nested in ``campaigns/``; its tables keep their
``campaigns_`` names) with the same one-module-per-concern layout as the others
(models, services, api, forms, views, tasks, emails, viewsets, wagtail_hooks, seed).
"""
