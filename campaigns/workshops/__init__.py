"""Workshops and trainings: pages, dated sessions, bookings with waiting lists, iCalendar.

A module of the campaigns app with the same one-module-per-concern layout
(models, services, api, forms, views, tasks, emails, viewsets, wagtail_hooks, seed).
"""
