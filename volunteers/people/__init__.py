"""The volunteer registry: people, consents, self-service, applications and matching.

Part of the ``volunteers`` app (its models carry that app label and migrations);
kept in its own package so the public directory and the registry of personal
data stay apart in the code as they are in the admin roles.
"""
