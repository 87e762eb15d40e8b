"""The meeting place: rooms and equipment lent to informal groups, NGOs and residents, and the
public calendar of their open meetings (issue 17; ``CAS_ROOMS_PUBLIC=false`` takes it off the public site)."""
