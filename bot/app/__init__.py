"""The composition root and the process around it: settings, the HTTP app, the command line,
the channels' wiring, work the caller must not wait for."""
