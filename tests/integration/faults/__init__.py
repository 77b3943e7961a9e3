"""Real serve processes under load while a process, Redis or the database fails; lost and
duplicated replies counted from outside."""
