from campaigns.workshops.wagtail_hooks import *  # noqa: F403
