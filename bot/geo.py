"""Geography constants shared by distance calculations."""

EARTH_RADIUS_KM = 6371.0
