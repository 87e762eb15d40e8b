"""Workshop pages, their dated sessions and bookings."""
