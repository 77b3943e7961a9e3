"""Appointments at INFONAVIT service centres (CESI): the centres, the in-person procedures, the
free slots."""
