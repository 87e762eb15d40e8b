"""The partner portal (issue 16): accounts of partner organisations at /partnerzy/, separate from
the Wagtail admin, and the partner API under /api/v3/partner/ (``CAS_PARTNERS_PUBLIC=false``
takes both off the public site).

This package holds the accounts foundation: memberships, invitations, join requests by KRS,
the second factor, personal access tokens and the access helpers every portal page and partner
API operation uses (``volunteers.partners.access``).
"""
